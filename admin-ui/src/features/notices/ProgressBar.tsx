/**
 * How far a notice has gone: (total − queued) / total, with delivered, sent,
 * failed and skipped as coloured parts (docs/API.md "Notices"). While the
 * fan-out is still creating deliveries, the estimate at creation is the
 * denominator, so the bar does not jump to 100 % after the first batch.
 * Drawn in SVG with attributes: the panel's CSP allows no inline styles.
 */
import type { NoticeCounts, NoticeStatus } from '../../api/notices';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useNumber } from './NoticeBits';

export interface Progress { done: number; of: number; percent: number }

export function progressOf(status: NoticeStatus, counts: NoticeCounts, estimated: number): Progress {
  const finished = status === 'sent' || status === 'cancelled';
  const of = finished ? counts.total : Math.max(counts.total, estimated);
  const done = Math.max(0, counts.total - counts.queued);
  if (of === 0) return { done: 0, of: 0, percent: finished ? 100 : 0 };
  // Floor: 100 % means nothing is left, never "99.6 % rounded up".
  return { done, of, percent: Math.min(100, Math.floor((done * 100) / of)) };
}

const PARTS = ['delivered', 'sent', 'failed', 'skipped'] as const;
type Part = (typeof PARTS)[number];
const LABEL: Record<Part | 'queued' | 'total', MessageKey> = {
  total: 'ntCountTotal', queued: 'ntCountQueued', sent: 'ntCountSent', delivered: 'ntCountDelivered', failed: 'ntCountFailed', skipped: 'ntCountSkipped',
};

interface Props { status: NoticeStatus; counts: NoticeCounts; estimated: number; compact?: boolean; id?: string }

export function ProgressBar({ status, counts, estimated, compact = false, id }: Props) {
  const { t } = useI18n();
  const num = useNumber();
  const p = progressOf(status, counts, estimated);
  let x = 0;
  const rects = PARTS.map((part) => {
    const w = p.of === 0 ? 0 : (counts[part] * 100) / p.of;
    const r = { part, x, w: Math.max(0, Math.min(100 - x, w)) };
    x += r.w;
    return r;
  }).filter((r) => r.w > 0);
  const text = t('ntProgressText', { percent: p.percent, done: num(p.done), of: num(p.of) });
  return (
    <div className={compact ? 'nt-progress nt-progress-compact' : 'nt-progress'} id={id}>
      <div className="nt-progress-row">
        <div className="nt-bar-wrap" role="progressbar" aria-label={t('ntProgress')} aria-valuemin={0} aria-valuemax={100}
          aria-valuenow={p.percent} aria-valuetext={text} data-percent={p.percent}>
          <svg className="nt-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect className="nt-bar-track" x="0" y="0" width="100" height="10" />
            {rects.map((r) => <rect key={r.part} className={`nt-seg nt-seg-${r.part}`} x={r.x} y="0" width={r.w} height="10" />)}
          </svg>
        </div>
        <span className="nt-percent" aria-hidden="true">{p.percent}%</span>
      </div>
      {compact ? (
        <p className="nt-counts-line small muted">
          {t('ntCountsLine', { done: num(p.done), of: num(p.of), delivered: num(counts.delivered), failed: num(counts.failed) })}
        </p>
      ) : <CountsList counts={counts} />}
    </div>
  );
}

function CountsList({ counts }: { counts: NoticeCounts }) {
  const { t } = useI18n();
  const num = useNumber();
  const keys = ['total', 'queued', 'sent', 'delivered', 'failed', 'skipped'] as const;
  const by = counts.skippedBy;
  const reasons = ([['opted_out', 'ntSkipOptedOut'], ['no_channel', 'ntSkipNoChannel'], ['cancelled', 'ntSkipCancelled']] as const)
    .filter(([k]) => by[k] > 0).map(([k, key]) => t(key, { n: by[k] }));
  return (
    <>
      <dl className="nt-counts">
        {keys.map((k) => (
          <div key={k} className={`nt-count nt-count-${k}`} data-count={k}>
            <dt><span className={`nt-swatch nt-swatch-${k}`} aria-hidden="true" />{t(LABEL[k])}</dt>
            <dd>{num(counts[k])}</dd>
          </div>
        ))}
      </dl>
      {reasons.length > 0 && <p className="small muted nt-skip-reasons">{t('ntSkippedBecause')} {reasons.join(' · ')}</p>}
    </>
  );
}
