/**
 * Administrators only: the open alerts (a Zalo OA token that could not be
 * refreshed, …) above every screen, checked every minute, each with "mark as
 * handled"; the Zalo token alert also opens the form for the new token pair.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { alerts, type Alert } from '../../api/alerts';
import { ApiError, type FieldMessages } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import '../../styles/alerts.css';

const ZALO_TOKEN_ALERT = 'zalo_token_refresh_failed';
const POLL_MS = 60_000;

export function AlertsBar() {
  const { t, lang, fmt } = useI18n();
  const errorText = useErrorText();
  const [items, setItems] = useState<Alert[]>([]);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [tokensOpen, setTokensOpen] = useState(false);

  const load = useCallback(() => { alerts.open().then(setItems, () => undefined); }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const resolve = async (id: number) => {
    try { await alerts.resolve(id); load(); } catch (err) { setNotice({ kind: 'error', text: errorText(err) }); }
  };

  if (items.length === 0 && !notice) return null;
  return (
    <section className="alerts-bar" aria-label={t('alertsLabel')}>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      {items.map((a) => (
        <div key={a.id} className={`alert-item alert-${a.severity}`} role={a.severity === 'critical' ? 'alert' : 'status'}>
          <span className="alert-text">{lang === 'en' ? a.messageEn : a.messageVi}</span>
          <span className="alert-time">{t('alertSince', { time: fmt.dateTime(a.createdAt) })}</span>
          {a.kind === ZALO_TOKEN_ALERT && (
            <button type="button" className="btn btn-primary" onClick={() => setTokensOpen(true)}>{t('zaloTokensOpen')}</button>
          )}
          <button type="button" className="btn btn-ghost" onClick={() => void resolve(a.id)}>{t('alertResolve')}</button>
        </div>
      ))}
      {tokensOpen && (
        <ZaloTokensDialog
          onClose={() => setTokensOpen(false)}
          onSaved={() => { setTokensOpen(false); setNotice({ kind: 'ok', text: t('zaloTokensSaved') }); load(); }}
        />
      )}
    </section>
  );
}

function ZaloTokensDialog({ onClose, onSaved }: { onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [refreshToken, setRefreshToken] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [fields, setFields] = useState<FieldMessages>({});
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setNotice(null);
    try {
      await alerts.replaceZaloTokens({ refreshToken, ...(accessToken.trim() ? { accessToken } : {}) });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setNotice({ kind: 'error', text: errorText(err) });
    } finally { setBusy(false); }
  };

  return (
    <Dialog title={t('zaloTokensTitle')} onClose={onClose}>
      <form className="dialog-body" onSubmit={(e) => void submit(e)}>
        <p className="alert-help">{t('zaloTokensHelp')}</p>
        <Notice notice={notice} />
        <label htmlFor="zalo-refresh">{t('zaloRefreshToken')}</label>
        <input id="zalo-refresh" autoComplete="off" spellCheck={false} value={refreshToken} required
          onChange={(e) => setRefreshToken(e.target.value)} aria-describedby="zalo-refresh-err" />
        <FieldError id="zalo-refresh-err" fields={fields} name="refreshToken" />
        <label htmlFor="zalo-access">{t('zaloAccessToken')}</label>
        <input id="zalo-access" autoComplete="off" spellCheck={false} value={accessToken}
          onChange={(e) => setAccessToken(e.target.value)} aria-describedby="zalo-access-err" />
        <FieldError id="zalo-access-err" fields={fields} name="accessToken" />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || refreshToken.trim().length === 0}>{t('zaloTokensSave')}</button>
          <button type="button" className="btn" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
