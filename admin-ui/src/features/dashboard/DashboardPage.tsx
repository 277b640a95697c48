/**
 * The leaders' statistics (issue 5, response-time accountability): a period
 * and a unit within the leader's scope, the headline figures with their
 * definitions, trend charts, a sortable table per unit, the overdue list and
 * the downloads. Every number opens the reports behind it (DrillDialog).
 * The server limits every figure to the caller's scope; the unit picker only
 * offers the units in it.
 */
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { exportUrl, periodicUrl, type DrillFilters } from '../../api/stats';
import type { UnitItem, User } from '../../api/types';
import { Notice, useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { useUnits } from '../../lib/catalog';
import '../../styles/dashboard.css';
import { DrillDialog, type Drill } from './DrillDialog';
import { formatDay } from './format';
import { Headline } from './Headline';
import { OverdueList } from './OverdueList';
import { PRESETS, daysIn, isDay, type Preset } from './period';
import { Trends } from './Trends';
import { UnitTable } from './UnitTable';
import { Volumes } from './Volumes';
import { queryOf, useChoice, useDashboardData, type Choice } from './useDashboard';

const MAX_DAYS = 800;

function PeriodPicker({ choice, onPreset, onPeriod }: { choice: Choice; onPreset(p: Preset): void; onPeriod(p: { from: string; to: string }): void }) {
  const { t } = useI18n();
  const id = useId();
  const [from, setFrom] = useState(choice.from);
  const [to, setTo] = useState(choice.to);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => { setFrom(choice.from); setTo(choice.to); setProblem(null); }, [choice.from, choice.to]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!isDay(from) || !isDay(to)) return setProblem(t('dashBadDates'));
    if (from > to) return setProblem(t('dashFromAfterTo'));
    if (daysIn({ from, to }) > MAX_DAYS) return setProblem(t('dashTooLong', { n: MAX_DAYS }));
    setProblem(null);
    onPeriod({ from, to });
  };
  const changed = from !== choice.from || to !== choice.to;
  return (
    <div className="period">
      <div className="presets" role="group" aria-label={t('dashPeriod')}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className="tab" aria-pressed={choice.preset === p} onClick={() => onPreset(p)}>{t('dashLastDays', { n: p })}</button>
        ))}
        {choice.preset === 'custom' && <span className="tab tab-static">{t('dashCustom')}</span>}
      </div>
      <form className="custom-period" onSubmit={apply} aria-label={t('dashCustomPeriod')} noValidate>
        <label htmlFor={`${id}-from`}>{t('filterFrom')}</label>
        <input id={`${id}-from`} className="from" type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} aria-invalid={problem ? true : undefined} />
        <label htmlFor={`${id}-to`}>{t('filterTo')}</label>
        <input id={`${id}-to`} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} aria-invalid={problem ? true : undefined} />
        <button type="submit" className="btn btn-small" disabled={!changed}>{t('dashApply')}</button>
        {problem && <p className="field-error" role="alert">{problem}</p>}
      </form>
    </div>
  );
}

function UnitPicker({ user, value, onChange }: { user: User; value: number | null; onChange(id: number | null): void }) {
  const { t } = useI18n();
  const all = useUnits();
  const units = useMemo(() => all.filter((u) => u.inScope), [all]);
  const base = units.reduce((m, u) => Math.min(m, u.depth), Infinity);
  const label = (u: UnitItem) => `${'\u2003'.repeat(Math.max(0, u.depth - (Number.isFinite(base) ? base : 0)))}${u.name}`;
  const own = user.role === 'admin' ? null : user.unit.id;
  const current = value ?? own;
  return (
    <div className="unit-picker">
      <label htmlFor="dash-unit">{t('dashUnit')}</label>
      <select id="dash-unit" value={current ?? ''} onChange={(e) => onChange(e.target.value && Number(e.target.value) !== own ? Number(e.target.value) : null)}>
        {user.role === 'admin' && <option value="">{t('dashAllUnits')}</option>}
        {units.length === 0 && own !== null && <option value={own}>{user.unit.name}</option>}
        {units.map((u) => <option key={u.id} value={u.id}>{label(u)}</option>)}
      </select>
    </div>
  );
}

function Downloads({ period }: { period: DrillFilters & { from: string; to: string } }) {
  const { t } = useI18n();
  return (
    <div className="downloads" role="group" aria-label={t('dashDownloads')}>
      <span className="downloads-title" aria-hidden="true">{t('dashDownloads')}</span>
      <a className="btn btn-small" href={exportUrl('csv', period)} download data-download="csv">{t('dashExportCsv')}</a>
      <a className="btn btn-small" href={exportUrl('xlsx', period)} download data-download="xlsx">{t('dashExportXlsx')}</a>
      <a className="btn btn-small btn-primary" href={periodicUrl(period)} download data-download="periodic">{t('dashPeriodic')}</a>
    </div>
  );
}

export function DashboardPage({ user }: { user: User }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { choice, setPreset, setPeriod, setUnit } = useChoice();
  const query = useMemo(() => queryOf(choice), [choice]);
  const data = useDashboardData(query);
  const [drill, setDrill] = useState<Drill | null>(null);
  const onDrill = useCallback((title: string, filters: DrillFilters) => setDrill({ title, filters }), []);
  const s = data.summary;
  // Figures on screen belong to the unit the answer was about (an administrator's "everything": none).
  const unitId = s?.unit?.id;
  const period = { from: data.loaded?.from ?? choice.from, to: data.loaded?.to ?? choice.to, unitId };
  const scope: DrillFilters = { unitId };
  const unitGone = data.error instanceof ApiError && data.error.status === 404 && choice.unitId !== null;

  return (
    <div className="page dashboard" aria-busy={data.loading}>
      <header className="dash-head">
        <div className="dash-title">
          <h1>{t('dashTitle')}</h1>
          <p className="muted">
            {s ? (s.unit?.name ?? t('dashAllUnits')) : user.unit.name}
            {' · '}
            <span className="dash-period-text">{formatDay(choice.from, true)} – {formatDay(choice.to, true)}</span>
          </p>
        </div>
        <Downloads period={{ from: choice.from, to: choice.to, unitId: choice.unitId ?? undefined }} />
      </header>

      <div className="dash-controls card">
        <PeriodPicker choice={choice} onPreset={setPreset} onPeriod={setPeriod} />
        <UnitPicker user={user} value={choice.unitId} onChange={setUnit} />
      </div>

      {data.error !== null && (
        <div className="dash-error">
          <Notice notice={{ kind: 'error', text: errorText(data.error) }} />
          <button type="button" className="btn btn-small" onClick={unitGone ? () => setUnit(null) : data.reload}>{unitGone ? t('dashBackToOwn') : t('retry')}</button>
        </div>
      )}
      {data.loading && <p className="dash-loading muted" role="status">{s ? t('dashUpdating') : t('loading')}</p>}

      {s && (
        <>
          {s.headline.received === 0 && (
            <p className="notice notice-info dash-empty" role="status">{t('dashEmptyPeriod')}</p>
          )}
          <section aria-labelledby="dash-h-headline" className="dash-section">
            <h2 id="dash-h-headline" className="visually-hidden">{t('dashHeadline')}</h2>
            <Headline h={s.headline} period={period} scope={scope} onDrill={onDrill} />
            <p className="small muted dash-method">{t('dashMethod')}</p>
            {s.period.percentiles === 'classes' && <p className="small muted dash-method" data-testid="dash-method-classes">{t('dashMethodClasses')}</p>}
          </section>

          <section aria-labelledby="dash-h-trend" className="dash-section">
            <h2 id="dash-h-trend">{t(s.period.bucket === 'week' ? 'dashTrendWeek' : 'dashTrendDay')}</h2>
            <Trends summary={s} period={period} onDrill={onDrill} />
          </section>

          <section aria-labelledby="dash-h-units" className="dash-section">
            <h2 id="dash-h-units">{t('dashUnits')}</h2>
            <p className="small muted">{t('dashUnitsNote')}</p>
            <UnitTable rows={s.units} period={period} onDrill={onDrill} />
          </section>

          {data.overdue && (
            <section aria-labelledby="dash-h-overdue" className="dash-section">
              <h2 id="dash-h-overdue">{t('dashOverdueHeading', { n: data.overdue.total })}</h2>
              <OverdueList data={data.overdue} scope={scope} onDrill={onDrill} />
            </section>
          )}

          <section aria-labelledby="dash-h-volumes" className="dash-section">
            <h2 id="dash-h-volumes">{t('dashVolumes')}</h2>
            <Volumes summary={s} period={period} onDrill={onDrill} />
          </section>
        </>
      )}
      {drill && <DrillDialog key={JSON.stringify(drill)} drill={drill} onClose={() => setDrill(null)} />}
    </div>
  );
}

