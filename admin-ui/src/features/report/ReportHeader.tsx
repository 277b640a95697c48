/** The report's identity and clock: code, status, category, units, channel, received and due times. */
import type { ReportDetail } from '../../api/types';
import { FlagBadge, StatusBadge } from '../../components/Badges';
import { useI18n } from '../../i18n/i18n';

function Due({ r }: { r: ReportDetail }) {
  const { t, fmt } = useI18n();
  if (!r.dueAt) return <>{t('none')}</>;
  const open = r.status === 'received' || r.status === 'in_progress';
  const left = new Date(r.dueAt).getTime() - Date.now();
  return (
    <>
      <time dateTime={r.dueAt}>{fmt.dateTime(r.dueAt)}</time>
      {open && (
        <span className={r.overdue ? 'due due-late' : 'due'}>
          {' '}({r.overdue ? t('overdueBy', { d: fmt.duration(left) }) : t('dueIn', { d: fmt.duration(left) })})
        </span>
      )}
    </>
  );
}

export function ReportHeader({ r }: { r: ReportDetail }) {
  const { t, lang, fmt } = useI18n();
  const category = r.category ? (lang === 'vi' ? r.category.nameVi : r.category.nameEn) : t('none');
  return (
    <header className={`report-head${r.overdue ? ' is-overdue' : ''}`}>
      <div className="report-title">
        <h2 id="report-title">
          <span className="visually-hidden">{t('reportCode')} </span>
          <span className="report-code">{r.codeFormatted}</span>
        </h2>
        <StatusBadge status={r.status} />
        {r.overdue && <FlagBadge kind="overdue" />}
        {r.priority === 'urgent' && <FlagBadge kind="urgent" />}
        {r.triage && <FlagBadge kind="triage" />}
      </div>
      <dl className="facts">
        <div><dt>{t('category')}</dt><dd>{category}</dd></div>
        <div><dt>{t('unit')}</dt><dd>{r.assignedUnit.name}</dd></div>
        {r.locationUnit && r.locationUnit.id !== r.assignedUnit.id && (
          <div><dt>{t('locationUnit')}</dt><dd>{r.locationUnit.name}</dd></div>
        )}
        <div><dt>{t('channel')}</dt><dd>{t(`ch_${r.originChannel}`)}</dd></div>
        <div><dt>{t('receivedAt')}</dt><dd><time dateTime={r.receivedAt}>{fmt.dateTime(r.receivedAt)}</time></dd></div>
        <div><dt>{t('dueAt')}</dt><dd><Due r={r} /></dd></div>
      </dl>
    </header>
  );
}
