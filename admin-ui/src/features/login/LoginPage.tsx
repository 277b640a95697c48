/**
 * Sign-in. Wrong password, lockout (423), address throttling (429) and
 * disabled accounts are shown with the server's own words, in the UI language.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { auth } from '../../api/endpoints';
import type { User } from '../../api/types';
import { FieldError } from '../../components/FieldError';
import { useI18n } from '../../i18n/i18n';

export function LoginPage({ sessionEnded, onSignedIn }: { sessionEnded: boolean; onSignedIn(user: User): void }) {
  const { t, lang, setLang, server } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; code: string } | null>(null);
  const [fields, setFields] = useState<FieldMessages>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) { setError({ text: t('loginMissing'), code: 'missing' }); return; }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      onSignedIn(await auth.login(username.trim(), password));
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      setFields(apiErr?.fields ?? {});
      setError({ text: server((err as Error).message), code: apiErr?.code ?? 'internal' });
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login-card">
        <div className="login-lang">
          <button type="button" className="btn btn-link" lang={lang === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {t('langSwitch')}
          </button>
        </div>
        <h1><span className="brand-name">{t('appName')}</span> <span className="brand-sub">{t('appSub')}</span></h1>
        <p className="muted">{t('loginIntro')}</p>
        {sessionEnded && !error && <p className="notice notice-info" role="status">{t('sessionEnded')}</p>}
        {error && <p className={`notice notice-error login-error code-${error.code}`} role="alert">{error.text}</p>}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor="login-username">{t('username')}</label>
          <input id="login-username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false}
            value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby="login-username-err" autoFocus />
          <FieldError id="login-username-err" fields={fields} name="username" />
          <label htmlFor="login-password">{t('password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password"
            value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="login-password-err" />
          <FieldError id="login-password-err" fields={fields} name="password" />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>{busy ? t('loggingIn') : t('loginButton')}</button>
        </form>
      </div>
    </main>
  );
}
