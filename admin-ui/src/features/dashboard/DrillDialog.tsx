/**
 * The reports behind a figure: GET /api/reports with the figure's drill-down
 * filter (docs/API.md "Statistics"), in a dialog, newest first, paged; each
 * row links to the report (/admin/reports/:id). The inbox does not take these
 * filters, so the list is shown here. The citizen's excerpt is plain text.
 */
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { stats, type DrillFilters } from '../../api/stats';
import type { ReportListItem } from '../../api/types';
import { FlagBadge, StatusBadge, formatCode } from '../../components/Badges';
import { Dialog } from '../../components/Dialog';
import { Notice, useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { navigate, pathOf } from '../../lib/router';
import { formatCount } from './format';

export interface Drill { title: string; filters: DrillFilters }

const PAGE = 50;

function DrillRow({ item }: { item: ReportListItem }) {
  const { lang, fmt } = useI18n();
  const route = { name: 'inbox', reportId: item.id } as const;
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(route);
  };
  const category = item.category ? (lang === 'vi' ? item.category.nameVi : item.category.nameEn) : null;
  return (
    <li className="drill-row" data-report-id={item.id} data-code={item.code}>
      <a href={pathOf(route)} onClick={onClick}>
        <span className="drill-top">
          <span className="row-code">{formatCode(item.code)}</span>
          <StatusBadge status={item.status} />
          {item.overdue && <FlagBadge kind="overdue" />}
          <time className="row-time" dateTime={item.receivedAt}>{fmt.dateTime(item.receivedAt)}</time>
        </span>
        <span className="drill-excerpt">{item.excerpt}</span>
        <span className="row-meta">
          <span className="meta-text drill-unit">{item.assignedUnit.name}</span>
          {category && <span className="meta-text">· {category}</span>}
        </span>
      </a>
    </li>
  );
}

export function DrillDialog({ drill, onClose }: { drill: Drill; onClose(): void }) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const [items, setItems] = useState<ReportListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(drill.filters);
  const live = useRef(true);
  useEffect(() => () => { live.current = false; }, []);

  const load = useCallback(async (after: string | null) => {
    const f = JSON.parse(key) as DrillFilters;
    setLoading(true);
    setError(null);
    try {
      const [page, counts] = await Promise.all([stats.reports(f, after, PAGE), after ? Promise.resolve(null) : stats.counts(f)]);
      if (!live.current) return;
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      if (counts) setTotal(counts.total);
    } catch (err) {
      if (live.current) setError(errorText(err));
    } finally {
      if (live.current) setLoading(false);
    }
  }, [key, errorText]);
  useEffect(() => { void load(null); }, [load]);

  return (
    <Dialog title={drill.title} onClose={onClose}>
      <div className="dialog-body drill-body">
        <p className="muted small drill-total" role="status">
          {total === null ? t('loading') : t('dashDrillTotal', { n: formatCount(lang, total) })}
        </p>
        {error && (
          <div>
            <Notice notice={{ kind: 'error', text: error }} />
            <button type="button" className="btn btn-small" onClick={() => void load(items.length ? cursor : null)}>{t('retry')}</button>
          </div>
        )}
        {!loading && !error && items.length === 0 && <p className="muted">{t('dashDrillEmpty')}</p>}
        {items.length > 0 && <ol className="drill-list">{items.map((i) => <DrillRow key={i.id} item={i} />)}</ol>}
        {loading && items.length > 0 && <p className="muted small">{t('loading')}</p>}
        {cursor && !loading && <button type="button" className="btn btn-block" onClick={() => void load(cursor)}>{t('loadMore')}</button>}
      </div>
    </Dialog>
  );
}
