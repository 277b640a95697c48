/**
 * One row per unit in scope under the focus (tree order, indented by depth,
 * until a column is sorted). Counts are of reports assigned to exactly that
 * unit; each number lists its reports (assignedUnitId). The unit column stays
 * in view when the table scrolls sideways on a phone.
 */
import { useMemo, useState } from 'react';
import type { DrillFilters, UnitRow } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatAverage, formatCount, formatRate, formatWork } from './format';
import { DrillNumber, type OnDrill } from './Headline';

type SortKey = 'tree' | 'name' | 'received' | 'answered' | 'fr' | 'onTime' | 'satisfaction' | 'open' | 'overdue';
interface Sort { key: SortKey; desc: boolean }

const VALUE: Record<Exclude<SortKey, 'tree' | 'name'>, (r: UnitRow) => number | null> = {
  received: (r) => r.received,
  answered: (r) => r.answered,
  fr: (r) => r.firstResponseMedianWorkMs,
  onTime: (r) => r.onTime.rate,
  satisfaction: (r) => r.satisfaction.average,
  open: (r) => r.backlog.open,
  overdue: (r) => r.backlog.overdue,
};

const COLUMNS: { key: SortKey; label: MessageKey; numeric: boolean }[] = [
  { key: 'name', label: 'dashColUnit', numeric: false },
  { key: 'received', label: 'dashColReceived', numeric: true },
  { key: 'answered', label: 'dashColAnswered', numeric: true },
  { key: 'fr', label: 'dashColFr', numeric: true },
  { key: 'onTime', label: 'dashColOnTime', numeric: true },
  { key: 'satisfaction', label: 'dashColSatisfaction', numeric: true },
  { key: 'open', label: 'dashColOpen', numeric: true },
  { key: 'overdue', label: 'dashColOverdue', numeric: true },
];

function sorted(rows: UnitRow[], sort: Sort, lang: string): UnitRow[] {
  if (sort.key === 'tree') return rows;
  const dir = sort.desc ? -1 : 1;
  if (sort.key === 'name') return [...rows].sort((a, b) => dir * a.unit.name.localeCompare(b.unit.name, lang));
  const value = VALUE[sort.key];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // no value: always last
    return dir * (x - y) || a.unit.name.localeCompare(b.unit.name, lang);
  });
}

export function UnitTable({ rows, period, onDrill }: { rows: UnitRow[]; period: DrillFilters; onDrill: OnDrill }) {
  const { t, lang } = useI18n();
  const [sort, setSort] = useState<Sort>({ key: 'tree', desc: false });
  const list = useMemo(() => sorted(rows, sort, lang), [rows, sort, lang]);
  const n = (v: number) => formatCount(lang, v);
  const { from, to } = period;
  const pick = (key: SortKey) => setSort((s) => (s.key === key
    ? (key === 'name' ? { key, desc: !s.desc } : s.desc ? { key, desc: false } : { key: 'tree', desc: false })
    : { key, desc: key !== 'name' }));
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined);

  return (
    <div className="table-wrap dash-table-wrap">
      <table className="table dash-units">
        <caption className="visually-hidden">{t('dashUnitsCaption')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={ariaSort(c.key)} className={c.numeric ? 'num' : 'unit-col'}>
                <button type="button" className="sort" onClick={() => pick(c.key)}>
                  {t(c.label)}
                  <span className="sort-mark" aria-hidden="true">{sort.key === c.key ? (sort.desc ? '▼' : '▲') : '↕'}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.map((r) => {
            const unit = { from, to, assignedUnitId: r.unit.id };
            const now = { assignedUnitId: r.unit.id };
            const name = r.unit.name;
            return (
              <tr key={r.unit.id} data-unit-id={r.unit.id}>
                <th scope="row" className={`unit-col depth-${sort.key === 'tree' ? Math.min(r.unit.depth, 4) : 0}`}>{name}</th>
                <td className="num" data-col="received">
                  <DrillNumber title={`${t('dashColReceived')} — ${name}`} filters={unit} onDrill={onDrill} disabled={r.received === 0}>{n(r.received)}</DrillNumber>
                </td>
                <td className="num" data-col="answered">
                  <DrillNumber title={`${t('dashColAnswered')} — ${name}`} filters={{ ...unit, answered: true }} onDrill={onDrill} disabled={r.answered === 0}>{n(r.answered)}</DrillNumber>
                </td>
                <td className="num" data-col="fr">
                  <DrillNumber title={`${t('dashRespondedTitle')} — ${name}`} filters={{ ...unit, responded: true }} onDrill={onDrill} disabled={r.firstResponseMedianWorkMs === null}>
                    {formatWork(lang, r.firstResponseMedianWorkMs)}
                  </DrillNumber>
                </td>
                <td className="num" data-col="onTime">
                  <DrillNumber title={`${t('dashDecidedTitle')} — ${name}`} filters={{ ...unit, outcome: ['on_time', 'late_extended', 'late'] }} onDrill={onDrill} disabled={r.onTime.decided === 0}>
                    {formatRate(lang, r.onTime.rate)}
                  </DrillNumber>
                  {r.onTime.decided > 0 && <span className="cell-sub">{n(r.onTime.onTime)}/{n(r.onTime.decided)}</span>}
                </td>
                <td className="num" data-col="satisfaction">
                  <DrillNumber title={`${t('dashRatedTitle')} — ${name}`} filters={{ ...unit, rating: [1, 2, 3, 4, 5] }} onDrill={onDrill} disabled={r.satisfaction.count === 0}>
                    {formatAverage(lang, r.satisfaction.average)}
                  </DrillNumber>
                  {r.satisfaction.count > 0 && <span className="cell-sub">{t('dashRatedShort', { n: n(r.satisfaction.count) })}</span>}
                </td>
                <td className="num" data-col="open">
                  <DrillNumber title={`${t('dashOpenTitle')} — ${name}`} filters={{ ...now, status: ['received', 'in_progress'] }} onDrill={onDrill} disabled={r.backlog.open === 0}>{n(r.backlog.open)}</DrillNumber>
                </td>
                <td className={`num${r.backlog.overdue > 0 ? ' late' : ''}`} data-col="overdue">
                  <DrillNumber title={`${t('dashOverdueTitle')} — ${name}`} filters={{ ...now, overdue: true }} onDrill={onDrill} disabled={r.backlog.overdue === 0}>{n(r.backlog.overdue)}</DrillNumber>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
