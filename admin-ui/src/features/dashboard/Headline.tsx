/**
 * The headline figures, each with its one-line definition (README "Metric
 * definitions") and a button that lists the reports behind it.
 */
import type { ReactNode } from 'react';
import type { DrillFilters, StatsHeadline } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatAverage, formatCount, formatRate, formatWall, formatWork } from './format';

export type OnDrill = (title: string, filters: DrillFilters) => void;

/** A number that opens the reports behind it (or plain text when it is zero or has no list). */
export function DrillNumber({ children, title, filters, onDrill, className = '', disabled = false }: {
  children: ReactNode; title: string; filters: DrillFilters; onDrill: OnDrill; className?: string; disabled?: boolean;
}) {
  const { t } = useI18n();
  if (disabled) return <span className={className}>{children}</span>;
  return (
    <button type="button" className={`drill ${className}`} title={t('dashDrillHint', { what: title })} onClick={() => onDrill(title, filters)}>
      {children}
    </button>
  );
}

/** "5,5 giờ làm việc": the number large, its unit small (the text reads the same). */
function Figure({ text, value }: { text: string; value: number | null }) {
  const at = text.indexOf(' ');
  return (
    <span className="kpi-number" data-value={value ?? ''}>
      {at < 0 ? text : <>{text.slice(0, at)}<span className="kpi-unit">{text.slice(at)}</span></>}
    </span>
  );
}

function Kpi({ id, label, def, children, sub }: { id: string; label: MessageKey; def: MessageKey; children: ReactNode; sub?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={`kpi kpi-${id}`} data-kpi={id}>
      <h3 className="kpi-label" id={`kpi-${id}`}>{t(label)}</h3>
      <div className="kpi-value">{children}</div>
      {sub && <div className="kpi-sub">{sub}</div>}
      <p className="kpi-def">{t(def)}</p>
    </div>
  );
}

export function Headline({ h, period, scope, onDrill }: { h: StatsHeadline; period: DrillFilters; scope: DrillFilters; onDrill: OnDrill }) {
  const { t, lang } = useI18n();
  const n = (v: number) => formatCount(lang, v);
  const fr = h.firstResponse;
  const ot = h.onTime;
  return (
    <div className="kpis">
      <Kpi id="received" label="dashReceived" def="dashReceivedDef" sub={<>
        <DrillNumber title={t('dashAnsweredTitle')} filters={{ ...period, answered: true }} onDrill={onDrill} disabled={h.answered === 0}>
          {t('dashAnsweredN', { n: n(h.answered) })}
        </DrillNumber>
        {' · '}
        <DrillNumber title={t('dashStillOpenTitle')} filters={{ ...period, status: ['received', 'in_progress'] }} onDrill={onDrill} disabled={h.stillOpen === 0}>
          {t('dashStillOpenN', { n: n(h.stillOpen) })}
        </DrillNumber>
      </>}>
        <DrillNumber className="kpi-number" title={t('dashReceived')} filters={period} onDrill={onDrill} disabled={h.received === 0}>
          <span data-value={h.received}>{n(h.received)}</span>
        </DrillNumber>
      </Kpi>

      <Kpi id="fr-median" label="dashFrMedian" def="dashFrMedianDef" sub={<>
        <span data-value={fr.medianMs ?? ''}>{t('dashWallClock', { d: formatWall(lang, fr.medianMs) })}</span>
        <br />
        <DrillNumber title={t('dashRespondedTitle')} filters={{ ...period, responded: true }} onDrill={onDrill} disabled={fr.count === 0}>
          {t('dashRespondedN', { n: n(fr.count) })}
        </DrillNumber>
      </>}>
        <Figure text={formatWork(lang, fr.medianWorkMs)} value={fr.medianWorkMs} />
      </Kpi>

      <Kpi id="fr-p90" label="dashFrP90" def="dashFrP90Def" sub={
        <span data-value={fr.p90Ms ?? ''}>{t('dashWallClock', { d: formatWall(lang, fr.p90Ms) })}</span>
      }>
        <Figure text={formatWork(lang, fr.p90WorkMs)} value={fr.p90WorkMs} />
      </Kpi>

      <Kpi id="on-time" label="dashOnTime" def="dashOnTimeDef" sub={<>
        <DrillNumber title={t('dashOutcomeOnTime')} filters={{ ...period, outcome: ['on_time'] }} onDrill={onDrill} disabled={ot.onTime === 0}>
          {t('dashOnTimeN', { n: n(ot.onTime) })}
        </DrillNumber>
        {' · '}
        <DrillNumber title={t('dashOutcomeExtended')} filters={{ ...period, outcome: ['late_extended'] }} onDrill={onDrill} disabled={ot.lateExtended === 0}>
          {t('dashExtendedN', { n: n(ot.lateExtended) })}
        </DrillNumber>
        {' · '}
        <DrillNumber className="late" title={t('dashOutcomeLate')} filters={{ ...period, outcome: ['late'] }} onDrill={onDrill} disabled={ot.late === 0}>
          {t('dashLateN', { n: n(ot.late) })}
        </DrillNumber>
      </>}>
        <DrillNumber className="kpi-number" title={t('dashDecidedTitle')} filters={{ ...period, outcome: ['on_time', 'late_extended', 'late'] }} onDrill={onDrill} disabled={ot.decided === 0}>
          <span data-value={ot.rate ?? ''}>{formatRate(lang, ot.rate)}</span>
        </DrillNumber>
        <span className="kpi-of">{t('dashOfDecided', { n: n(ot.decided) })}</span>
      </Kpi>

      <Kpi id="satisfaction" label="dashSatisfaction" def="dashSatisfactionDef" sub={
        <DrillNumber title={t('dashRatedTitle')} filters={{ ...period, rating: [1, 2, 3, 4, 5] }} onDrill={onDrill} disabled={h.satisfaction.count === 0}>
          <span data-value={h.satisfaction.count}>{t('dashRatedN', { n: n(h.satisfaction.count) })}</span>
        </DrillNumber>
      }>
        <span className="kpi-number" data-value={h.satisfaction.average ?? ''}>{formatAverage(lang, h.satisfaction.average)}</span>
        {h.satisfaction.average !== null && <span className="kpi-of">/ 5</span>}
      </Kpi>

      <Kpi id="backlog" label="dashBacklog" def="dashBacklogDef" sub={<>
        <DrillNumber className="late" title={t('dashOverdueTitle')} filters={{ ...scope, overdue: true }} onDrill={onDrill} disabled={h.backlog.overdue === 0}>
          <span data-value={h.backlog.overdue}>{t('dashOverdueN', { n: n(h.backlog.overdue) })}</span>
        </DrillNumber>
        {h.backlog.oldestAgeMs !== null && <><br /><span>{t('dashOldest', { d: formatWork(lang, h.backlog.oldestAgeWorkMs) })}</span></>}
      </>}>
        <DrillNumber className="kpi-number" title={t('dashOpenTitle')} filters={{ ...scope, status: ['received', 'in_progress'] }} onDrill={onDrill} disabled={h.backlog.open === 0}>
          <span data-value={h.backlog.open}>{n(h.backlog.open)}</span>
        </DrillNumber>
        <span className="kpi-of">{t('dashOpenUnit')}</span>
      </Kpi>
    </div>
  );
}
