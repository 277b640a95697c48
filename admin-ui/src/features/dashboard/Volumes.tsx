/**
 * Where the period's reports came from: by channel, by category and by the
 * commune where it happened, each a bar list whose counts list the reports.
 */
import type { DrillFilters, StatsSummary } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatCount } from './format';
import { DrillNumber, type OnDrill } from './Headline';

interface Item { key: string; label: string; count: number; filters: DrillFilters | null }

function BarList({ title, items, onDrill }: { title: MessageKey; items: Item[]; onDrill: OnDrill }) {
  const { t, lang } = useI18n();
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <div className="card volume">
      <h3>{t(title)}</h3>
      {items.length === 0 ? <p className="muted small">{t('dashChartNoData')}</p> : (
        <ul className="bars">
          {items.map((i) => (
            <li key={i.key}>
              <span className="bar-label" title={i.label}>{i.label}</span>
              <svg className="bar-track" width="100%" height="10" aria-hidden="true" focusable="false">
                <rect className="bar-fill" x="0" y="0" height="10" width={`${(i.count / max) * 100}%`} rx="2" />
              </svg>
              <span className="bar-count">
                <DrillNumber title={`${t(title)}: ${i.label}`} filters={i.filters ?? {}} onDrill={onDrill} disabled={!i.filters || i.count === 0}>
                  {formatCount(lang, i.count)}
                </DrillNumber>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Volumes({ summary, period, onDrill }: { summary: StatsSummary; period: DrillFilters; onDrill: OnDrill }) {
  const { t, lang } = useI18n();
  const v = summary.volumes;
  const desc = (a: Item, b: Item) => b.count - a.count;
  const channels: Item[] = v.byChannel.map((c) => ({ key: c.channel, label: t(`ch_${c.channel}`), count: c.count, filters: { ...period, channel: c.channel } })).sort(desc);
  const categories: Item[] = v.byCategory.map((c) => ({
    key: String(c.category?.id ?? 'none'), label: c.category ? (lang === 'vi' ? c.category.nameVi : c.category.nameEn) : t('dashUnknown'),
    count: c.count, filters: c.category ? { ...period, categoryId: c.category.id } : null,
  })).sort(desc);
  const communes: Item[] = v.byCommune.map((c) => ({
    key: String(c.unit?.id ?? 'none'), label: c.unit?.name || t('dashUnknown'), count: c.count,
    filters: c.unit ? { ...period, locationUnitId: c.unit.id } : null,
  })).sort(desc);
  return (
    <div className="volumes">
      <BarList title="dashByChannel" items={channels} onDrill={onDrill} />
      <BarList title="dashByCategory" items={categories} onDrill={onDrill} />
      <BarList title="dashByCommune" items={communes} onDrill={onDrill} />
    </div>
  );
}
