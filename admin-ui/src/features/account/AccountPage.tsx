/** The officer's own account: change password (new session and token), sign out everywhere. */
import { useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { auth } from '../../api/endpoints';
import type { User } from '../../api/types';
import { FieldError } from '../../components/FieldError';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';

export function AccountPage({ onUserChange, onLogoutAll }: { onUserChange(user: User): void; onLogoutAll(): Promise<void> }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldMessages>({});
  const [notice, setNotice] = useState<NoticeState | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setNotice(null);
    try {
      const user = await auth.changePassword(current, next);
      setCurrent('');
      setNext('');
      setNotice({ kind: 'ok', text: t('passwordChanged') });
      onUserChange(user);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setNotice({ kind: 'error', text: errorText(err) });
    } finally { setBusy(false); }
  };

  return (
    <div className="page narrow-page">
      <h1>{t('accountTitle')}</h1>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <section className="card">
        <h2>{t('changePassword')}</h2>
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="pw-current">{t('currentPassword')}</label>
          <input id="pw-current" type="password" autoComplete="current-password" value={current}
            onChange={(e) => setCurrent(e.target.value)} aria-describedby="pw-current-err" />
          <FieldError id="pw-current-err" fields={fields} name="currentPassword" />
          <label htmlFor="pw-new">{t('newPassword')}</label>
          <input id="pw-new" type="password" autoComplete="new-password" value={next}
            onChange={(e) => setNext(e.target.value)} aria-describedby="pw-new-err" />
          <FieldError id="pw-new-err" fields={fields} name="newPassword" />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !current || !next}>{t('save')}</button>
          </div>
        </form>
      </section>
      <section className="card">
        <h2>{t('logoutAll')}</h2>
        <p className="muted">{t('logoutAllHint')}</p>
        <button type="button" className="btn btn-danger" onClick={() => void onLogoutAll()}>{t('logoutAll')}</button>
      </section>
    </div>
  );
}
