/**
 * Session gate: ask the server who we are (GET /api/auth/me, which also gives
 * the CSRF token); no session → the sign-in page. Any 401 later, or the
 * server closing our socket, ends the session in the UI too.
 */
import { useCallback, useEffect, useState } from 'react';
import { onSessionLost } from '../api/client';
import { auth } from '../api/endpoints';
import type { User } from '../api/types';
import { LoginPage } from '../features/login/LoginPage';
import { useI18n } from '../i18n/i18n';
import { RealtimeProvider } from '../realtime/realtime';
import { Shell } from './Shell';

type State = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'out'; ended: boolean } | { phase: 'in'; user: User };

export function App() {
  const { t, server } = useI18n();
  const [state, setState] = useState<State>({ phase: 'loading' });

  const check = useCallback(() => {
    setState({ phase: 'loading' });
    auth.me().then(
      (user) => setState(user ? { phase: 'in', user } : { phase: 'out', ended: false }),
      (err: Error) => setState({ phase: 'error', message: err.message }),
    );
  }, []);
  useEffect(check, [check]);

  const sessionEnded = useCallback(() => setState((s) => (s.phase === 'in' ? { phase: 'out', ended: true } : s)), []);
  useEffect(() => onSessionLost(sessionEnded), [sessionEnded]);

  const logout = useCallback(async (everywhere: boolean) => {
    await (everywhere ? auth.logoutAll() : auth.logout()).catch(() => undefined);
    setState({ phase: 'out', ended: false });
  }, []);

  switch (state.phase) {
    case 'loading':
      return <p className="page-status" role="status">{t('loading')}</p>;
    case 'error':
      return (
        <div className="page-status" role="alert">
          <p>{server(state.message)}</p>
          <button type="button" className="btn" onClick={check}>{t('retry')}</button>
        </div>
      );
    case 'out':
      return <LoginPage sessionEnded={state.ended} onSignedIn={(user) => setState({ phase: 'in', user })} />;
    case 'in':
      return (
        <RealtimeProvider key={state.user.id} onSessionEnded={sessionEnded}>
          <Shell user={state.user} onUserChange={(user) => setState({ phase: 'in', user })} onLogout={logout} />
        </RealtimeProvider>
      );
  }
}
