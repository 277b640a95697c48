/** Administrators: who revealed which reporter's data, account changes, lockouts. */
import { useCallback, useEffect, useState } from 'react';
import { admin } from '../../api/endpoints';
import type { AuditEntry, AuditFilters } from '../../api/types';
import { Notice, useErrorText } from '../../components/Notice';
import { useI18n, type I18n } from '../../i18n/i18n';
import { vi, type MessageKey } from '../../i18n/messages';

const ACTIONS = ['report.reveal', 'user.create', 'user.update', 'user.disable', 'user.password_reset', 'auth.locked'];

function actionLabel(t: I18n['t'], action: string): string {
  const key = `act_${action.replace(/\./g, '_')}`;
  return key in vi ? t(key as MessageKey) : action;
}

function target(t: I18n['t'], e: AuditEntry): string {
  if (e.targetId === null) return t('none');
  if (e.targetType === 'report') return t('reportN', { id: e.targetId });
  if (e.targetType === 'user') return t('userN', { id: e.targetId });
  return `${e.targetType ?? ''} #${e.targetId}`;
}

export function AuditPage() {
  const { t, fmt } = useI18n();
  const errorText = useErrorText();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (f: AuditFilters, after: string | null) => {
    setLoading(true);
    try {
      const page = await admin.audit(f, after);
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) { setError(errorText(err)); } finally { setLoading(false); }
  }, [errorText]);
  useEffect(() => { void load(filters, null); }, [filters, load]);

  return (
    <div className="page">
      <h1>{t('auditTitle')}</h1>
      <div className="filter-grid audit-filters">
        <label htmlFor="audit-action">{t('auditAction')}</label>
        <select id="audit-action" value={filters.action ?? ''} onChange={(e) => setFilters({ ...filters, action: e.target.value || undefined })}>
          <option value="">{t('filterAny')}</option>
          {ACTIONS.map((a) => <option key={a} value={a}>{actionLabel(t, a)}</option>)}
        </select>
        <label htmlFor="audit-from">{t('filterFrom')}</label>
        <input id="audit-from" type="date" value={filters.from ?? ''} onChange={(e) => setFilters({ ...filters, from: e.target.value || undefined })} />
        <label htmlFor="audit-to">{t('filterTo')}</label>
        <input id="audit-to" type="date" value={filters.to ?? ''} onChange={(e) => setFilters({ ...filters, to: e.target.value || undefined })} />
      </div>
      {error && <Notice notice={{ kind: 'error', text: error }} />}
      <div className="table-wrap">
        <table className="table">
          <thead><tr>
            <th scope="col">{t('auditTime')}</th><th scope="col">{t('auditUser')}</th><th scope="col">{t('auditAction')}</th><th scope="col">{t('auditTarget')}</th>
          </tr></thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{fmt.dateTime(e.at)}</time></td>
                <td>{e.user ? `${e.user.displayName} (${e.user.username})` : t('systemActor')}</td>
                <td>{actionLabel(t, e.action)}</td>
                <td>{target(t, e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && items.length === 0 && <p className="muted">{t('auditEmpty')}</p>}
      {loading && <p role="status">{t('loading')}</p>}
      {cursor && !loading && <button type="button" className="btn" onClick={() => void load(filters, cursor)}>{t('loadMore')}</button>}
    </div>
  );
}
