/** Every step of the report, oldest first, with who did it and where. */
import type { ReportStatus, TimelineEvent } from '../../api/types';
import { useI18n, type I18n } from '../../i18n/i18n';
import { vi, type MessageKey } from '../../i18n/messages';

const isStatus = (v: unknown): v is ReportStatus => v === 'received' || v === 'in_progress' || v === 'answered' || v === 'closed';

function label(t: I18n['t'], type: string): string {
  const key = `ev_${type}`;
  // An event type this build does not know yet: readable rather than snake_case.
  return key in vi ? t(key as MessageKey) : type.replace(/[_.]+/g, ' ');
}

function detail(t: I18n['t'], e: TimelineEvent): string | null {
  const d = e.data;
  if (e.type === 'transferred') {
    return t('evTransfer', { from: String(d.fromUnitName ?? ''), to: String(d.toUnitName ?? ''), reason: String(d.reason ?? '') });
  }
  if ((e.type === 'status_changed' || e.type === 'reopened') && isStatus(d.to)) {
    return isStatus(d.from) ? t('evStatus', { from: t(`st_${d.from}`), to: t(`st_${d.to}`) }) : t(`st_${d.to}`);
  }
  if (typeof d.errorCode === 'string' && d.errorCode) return t('errorCode', { code: d.errorCode });
  return null;
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <h3 id="timeline-title">{t('timeline')}</h3>
      <ol>
        {events.map((e) => {
          const more = detail(t, e);
          return (
            <li key={e.id} data-type={e.type}>
              <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
              <span className="tl-what">{label(t, e.type)}</span>
              {more && <span className="tl-more">{more}</span>}
              {(e.actor || e.unit) && (
                <span className="tl-who">{[e.actor?.displayName, e.unit?.name].filter(Boolean).join(' · ')}</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
