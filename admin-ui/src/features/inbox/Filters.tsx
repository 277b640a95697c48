/**
 * Inbox filters: status tabs with counts, a search box (the server ignores
 * case and diacritics), and a folding panel for category, channel, overdue
 * and the date range.
 */
import { useEffect, useId, useState, type RefObject } from 'react';
import { CHANNELS, REPORT_STATUSES, type Counts, type ReportFilters, type ReportStatus } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useCategories } from '../../lib/catalog';

interface Props {
  filters: ReportFilters;
  counts: Counts | null;
  onChange(f: ReportFilters): void;
  searchRef: RefObject<HTMLInputElement | null>;
}

function StatusTabs({ value, counts, onChange }: { value: ReportStatus | undefined; counts: Counts | null; onChange(s: ReportStatus | undefined): void }) {
  const { t } = useI18n();
  const tab = (s: ReportStatus | undefined, label: string, n: number | undefined) => (
    <button key={s ?? 'all'} type="button" className="tab" aria-pressed={value === s} onClick={() => onChange(s)}>
      {label}{n !== undefined && <span className="tab-count">{n}</span>}
    </button>
  );
  return (
    <div className="tabs" role="group" aria-label={t('status')}>
      {tab(undefined, t('tabAll'), counts?.total)}
      {REPORT_STATUSES.map((s) => tab(s, t(`st_${s}`), counts?.byStatus[s]))}
    </div>
  );
}

function SearchBox({ value, onChange, inputRef }: { value: string; onChange(q: string): void; inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = window.setTimeout(() => onChange(text), 300);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className="search">
      <label htmlFor="inbox-search" className="visually-hidden">{t('search')}</label>
      <input id="inbox-search" ref={inputRef} type="search" value={text} placeholder={t('searchPlaceholder')} maxLength={200}
        onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') onChange(text); }} />
      <kbd className="search-key" aria-hidden="true">/</kbd>
    </div>
  );
}

function MoreFilters({ filters, onChange }: { filters: ReportFilters; onChange(f: ReportFilters): void }) {
  const { t, lang } = useI18n();
  const categories = useCategories();
  const id = useId();
  const set = (patch: Partial<ReportFilters>) => onChange({ ...filters, ...patch });
  return (
    <div className="filter-grid">
      <label htmlFor={`${id}-cat`}>{t('filterCategory')}</label>
      <select id={`${id}-cat`} value={filters.categoryId ?? ''} onChange={(e) => set({ categoryId: e.target.value ? Number(e.target.value) : undefined })}>
        <option value="">{t('filterAny')}</option>
        {categories.map((c) => <option key={c.id} value={c.id}>{lang === 'vi' ? c.nameVi : c.nameEn}</option>)}
      </select>
      <label htmlFor={`${id}-ch`}>{t('filterChannel')}</label>
      <select id={`${id}-ch`} value={filters.channel ?? ''} onChange={(e) => set({ channel: (e.target.value || undefined) as ReportFilters['channel'] })}>
        <option value="">{t('filterAny')}</option>
        {CHANNELS.map((c) => <option key={c} value={c}>{t(`ch_${c}`)}</option>)}
      </select>
      <label htmlFor={`${id}-from`}>{t('filterFrom')}</label>
      <input id={`${id}-from`} type="date" value={filters.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
      <label htmlFor={`${id}-to`}>{t('filterTo')}</label>
      <input id={`${id}-to`} type="date" value={filters.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
      <label className="check span-2">
        <input type="checkbox" checked={filters.overdue === true} onChange={(e) => set({ overdue: e.target.checked ? true : undefined })} />
        {t('filterOverdue')}
      </label>
      <button type="button" className="btn btn-link span-2" onClick={() => onChange({ status: filters.status })}>{t('clearFilters')}</button>
    </div>
  );
}

export function Filters({ filters, counts, onChange, searchRef }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const active = [filters.categoryId, filters.channel, filters.overdue, filters.from, filters.to].filter((v) => v !== undefined).length;
  return (
    <div className="filters">
      <div className="filters-row">
        <SearchBox value={filters.q ?? ''} onChange={(q) => onChange({ ...filters, q: q || undefined })} inputRef={searchRef} />
        <button type="button" className="btn" aria-expanded={open} aria-controls="more-filters" onClick={() => setOpen(!open)}>
          {t('filters')}{active > 0 && <span className="tab-count">{active}</span>}
        </button>
      </div>
      {open && <div id="more-filters"><MoreFilters filters={filters} onChange={onChange} /></div>}
      <StatusTabs value={filters.status} counts={counts} onChange={(status) => onChange({ ...filters, status })} />
      {counts && counts.overdue > 0 && !filters.overdue && (
        <button type="button" className="btn btn-link overdue-link" onClick={() => onChange({ ...filters, overdue: true })}>
          {t('countOverdue', { n: counts.overdue })}
        </button>
      )}
    </div>
  );
}
