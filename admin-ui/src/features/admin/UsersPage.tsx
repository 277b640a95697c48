/** Administrators: list, create, edit, disable, unlock accounts and reset passwords. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { admin } from '../../api/endpoints';
import type { Account, User } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { ROLES, UserForm, valuesOf } from './UserForm';

function PasswordDialog({ account, onClose, onDone }: { account: Account; onClose(): void; onDone(): void }) {
  const { t, field } = useI18n();
  const errorText = useErrorText();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try { await admin.resetPassword(account.id, password); onDone(); } catch (err) {
      const f = (err as { fields?: Record<string, { vi: string; en: string }> }).fields?.password;
      setError(f ? field(f) : errorText(err));
    }
  };
  return (
    <Dialog title={t('resetTitle', { username: account.username })} onClose={onClose}>
      <form className="dialog-body" onSubmit={(e) => void submit(e)}>
        <label htmlFor="reset-password">{t('newPassword')}</label>
        <input id="reset-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && <p className="field-error" role="alert">{error}</p>}
        <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={!password}>{t('save')}</button></div>
      </form>
    </Dialog>
  );
}

function StateCell({ a }: { a: Account }) {
  const { t, fmt } = useI18n();
  if (a.disabled) return <span className="badge flag-overdue">{t('disabled')}</span>;
  if (a.lockedUntil && new Date(a.lockedUntil) > new Date()) return <span className="badge flag-urgent">{t('lockedUntil', { time: fmt.dateTime(a.lockedUntil) })}</span>;
  return <span className="badge status-answered">{t('active')}</span>;
}

export function UsersPage({ self }: { self: User }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [items, setItems] = useState<Account[] | null>(null);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [editing, setEditing] = useState<Account | null>(null);
  const [resetting, setResetting] = useState<Account | null>(null);
  const load = useCallback(() => {
    admin.users().then((r) => setItems(r.items), (err: unknown) => setNotice({ kind: 'error', text: errorText(err) }));
  }, [errorText]);
  useEffect(load, [load]);
  const ok = (text: string) => { setNotice({ kind: 'ok', text }); load(); };
  const act = (a: Account, patch: Parameters<typeof admin.updateUser>[1]) => {
    admin.updateUser(a.id, patch).then(() => ok(t('updated', { username: a.username })), (err: unknown) => setNotice({ kind: 'error', text: errorText(err) }));
  };
  const roleName = (r: Account['role']) => t(ROLES.find((x) => x.value === r)!.key);

  return (
    <div className="page">
      <h1>{t('usersTitle')}</h1>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <details className="card">
        <summary>{t('newUser')}</summary>
        <UserForm initial={valuesOf()} creating submitLabel={t('create')} onSubmit={async (v) => {
          const a = await admin.createUser({ ...v, unitId: Number(v.unitId) });
          ok(t('created', { username: a.username }));
        }} />
      </details>
      {items === null ? <p role="status">{t('loading')}</p> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr>
              <th scope="col">{t('username')}</th><th scope="col">{t('displayName')}</th><th scope="col">{t('role')}</th>
              <th scope="col">{t('userUnit')}</th><th scope="col">{t('userState')}</th><th scope="col">{t('actions')}</th>
            </tr></thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>{a.username}</td><td>{a.displayName}</td><td>{roleName(a.role)}</td><td>{a.unit.name}</td>
                  <td><StateCell a={a} /></td>
                  <td><div className="row-actions">
                    <button type="button" className="btn btn-small" onClick={() => setEditing(a)}>{t('edit')}</button>
                    {a.id !== self.id && <button type="button" className="btn btn-small" onClick={() => act(a, { disabled: !a.disabled })}>{a.disabled ? t('enable') : t('disable')}</button>}
                    {a.lockedUntil && <button type="button" className="btn btn-small" onClick={() => act(a, { unlock: true })}>{t('unlock')}</button>}
                    <button type="button" className="btn btn-small" onClick={() => setResetting(a)}>{t('resetPassword')}</button>
                  </div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <Dialog title={t('editUser', { username: editing.username })} onClose={() => setEditing(null)}>
          <div className="dialog-body">
            <UserForm initial={valuesOf(editing)} creating={false} submitLabel={t('save')} onSubmit={async (v) => {
              await admin.updateUser(editing.id, { displayName: v.displayName, role: v.role, unitId: Number(v.unitId), canReveal: v.canReveal });
              setEditing(null);
              ok(t('updated', { username: editing.username }));
            }} />
          </div>
        </Dialog>
      )}
      {resetting && <PasswordDialog account={resetting} onClose={() => setResetting(null)} onDone={() => {
        setResetting(null);
        ok(t('resetDone', { username: resetting.username }));
      }} />}
    </div>
  );
}
