/**
 * Open reports past their deadline, most overdue first (GET /api/stats/overdue):
 * tracking code (a link to the report), unit, category, how late (working
 * time, and wall-clock), the deadline and whether it was extended. On a phone
 * each row is a small card.
 */
import type { MouseEvent } from 'react';
import type { DrillFilters, OverdueItem } from '../../api/stats';
import { formatCode } from '../../components/Badges';
import { useI18n } from '../../i18n/i18n';
import { navigate, pathOf } from '../../lib/router';
import { formatCount, formatWall, formatWork } from './format';
import type { OnDrill } from './Headline';

function CodeLink({ item }: { item: OverdueItem }) {
  const route = { name: 'inbox', reportId: item.id } as const;
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(route);
  };
  return <a href={pathOf(route)} onClick={onClick} className="row-code">{formatCode(item.code)}</a>;
}

export function OverdueList({ data, scope, onDrill }: { data: { total: number; items: OverdueItem[] }; scope: DrillFilters; onDrill: OnDrill }) {
  const { t, lang, fmt } = useI18n();
  if (data.total === 0) return <p className="muted dash-empty">{t('dashOverdueEmpty')}</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table dash-overdue">
          <caption className="visually-hidden">{t('dashOverdueCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashColCode')}</th>
              <th scope="col">{t('dashColUnit')}</th>
              <th scope="col">{t('dashColCategory')}</th>
              <th scope="col">{t('dashColLate')}</th>
              <th scope="col">{t('dashColDue')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id} data-report-id={i.id} data-code={i.code}>
                <td data-label={t('dashColCode')}><span className="cell">
                  <CodeLink item={i} />
                  {i.priority === 'urgent' && <> <span className="badge flag-urgent">{t('urgent')}</span></>}
                </span></td>
                <td data-label={t('dashColUnit')}><span className="cell">{i.assignedUnit.name}</span></td>
                <td data-label={t('dashColCategory')}><span className="cell">{i.category ? (lang === 'vi' ? i.category.nameVi : i.category.nameEn) : t('none')}</span></td>
                <td data-label={t('dashColLate')} className="late"><span className="cell">
                  <strong>{formatWork(lang, i.overdueWorkMs)}</strong>
                  <span className="cell-sub">{t('dashWallClock', { d: formatWall(lang, i.overdueMs) })}</span>
                </span></td>
                <td data-label={t('dashColDue')}><span className="cell">
                  <time dateTime={i.dueAt}>{fmt.dateTime(i.dueAt)}</time>
                  {i.extended && <span className="cell-sub">{t('dashExtended')}</span>}
                  {i.pendingExtension && <span className="cell-sub">{t('dashPendingExtension')}</span>}
                </span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.total > data.items.length && (
        <p className="small">
          {t('dashOverdueMore', { shown: formatCount(lang, data.items.length), total: formatCount(lang, data.total) })}{' '}
          <button type="button" className="btn-link" onClick={() => onDrill(t('dashOverdueTitle'), { ...scope, overdue: true })}>{t('dashOverdueAll')}</button>
        </p>
      )}
    </>
  );
}
