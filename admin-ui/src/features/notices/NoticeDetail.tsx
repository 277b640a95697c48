/**
 * One notice: text, audience, status, live counts and progress (the
 * `notice.progress` event; re-read after a reconnect), and what this user may
 * do now — approve (a second leader), cancel, retry the failed deliveries —
 * as the server's `permissions` say. Links to the public board pages.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { notices, type NoticeDetail as Detail, type NoticeProgress } from '../../api/notices';
import type { User } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { navigate, pathOf } from '../../lib/router';
import { useRealtimeEvent, useRealtimeReady } from '../../realtime/realtime';
import { boardPath, ChannelBadges, EmergencyBadge, NoticeStatusBadge, useNumber } from './NoticeBits';
import { ProgressBar } from './ProgressBar';

type Load = { phase: 'loading' } | { phase: 'missing' } | { phase: 'error'; error: unknown } | { phase: 'ok'; n: Detail };
type Action = 'approve' | 'cancel' | 'retry';

/** Whether an event changes what this user may do (status, or failures appearing/disappearing): then re-read. */
const needsReload = (n: Detail, ev: NoticeProgress) => n.status !== ev.status || (n.counts.failed > 0) !== (ev.counts.failed > 0);

/** Until the re-read answers, take away what the new status no longer allows (the server decides the rest). */
function narrowed(p: Detail['permissions'], ev: NoticeProgress): Detail['permissions'] {
  return {
    approve: p.approve && ev.status === 'pending_approval',
    cancel: p.cancel && ['pending_approval', 'scheduled', 'sending'].includes(ev.status),
    retryFailed: p.retryFailed && ['sending', 'sent'].includes(ev.status) && ev.counts.failed > 0,
  };
}

function Facts({ n }: { n: Detail }) {
  const { t, fmt } = useI18n();
  const num = useNumber();
  const who = (p: { displayName: string } | null, at: string | null) => (p && at ? t('ntByAt', { name: p.displayName, time: fmt.dateTime(at) }) : null);
  const rows: [string, string | null][] = [
    [t('ntFactUnits'), n.units.map((u) => u.name).join(', ')],
    [t('ntFactSender'), n.senderName],
    [t('ntFactCreated'), who(n.createdBy, n.createdAt)],
    [t('ntFactEstimated'), num(n.estimatedRecipients)],
    [t('ntFactScheduled'), n.scheduledAt ? fmt.dateTime(n.scheduledAt) : null],
    [t('ntFactApproved'), who(n.approvedBy, n.approvedAt)],
    [t('ntFactStarted'), n.startedAt ? fmt.dateTime(n.startedAt) : null],
    [t('ntFactCompleted'), n.completedAt ? fmt.dateTime(n.completedAt) : null],
    [t('ntFactCancelled'), who(n.cancelledBy, n.cancelledAt)],
    [t('ntTopic'), n.topic],
  ];
  return (
    <dl className="facts nt-facts">
      {rows.filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
    </dl>
  );
}

function ApprovalNote({ n, user }: { n: Detail; user: User }) {
  const { t } = useI18n();
  if (n.status !== 'pending_approval' || n.permissions.approve) return null;
  const text = n.createdBy.id === user.id ? t('ntApproveNotSelf') : user.role === 'admin' ? t('ntApproveNotAdmin') : t('ntApproveNotScope');
  return <p className="nt-approval nt-approval-needed">{t('ntPendingExplain')} {text}</p>;
}

/** `flash`: a message from the screen before (e.g. "sending started"), shown until the next one. */
export function NoticeDetail({ id, user, flash = null }: { id: number; user: User; flash?: NoticeState | null }) {
  const { t, field } = useI18n();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [notice, setNotice] = useState<NoticeState | null>(flash);
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const seq = useRef(0);
  const current = useRef(load);
  current.current = load;

  const fetchView = useCallback(() => {
    const s = ++seq.current;
    notices.view(id).then(
      (n) => { if (s === seq.current) setLoad({ phase: 'ok', n }); },
      (error: unknown) => {
        if (s !== seq.current) return;
        setLoad(error instanceof ApiError && error.status === 404 ? { phase: 'missing' } : { phase: 'error', error });
      },
    );
  }, [id]);
  useEffect(() => { setLoad({ phase: 'loading' }); fetchView(); }, [fetchView]);
  useRealtimeReady(fetchView);
  useRealtimeEvent('notice.progress', (ev) => {
    const l = current.current;
    if (ev.id !== id || l.phase !== 'ok') return;
    setLoad({ phase: 'ok', n: { ...l.n, status: ev.status, counts: ev.counts, permissions: narrowed(l.n.permissions, ev) } });
    if (needsReload(l.n, ev)) fetchView();
  });

  const act = async (action: Action) => {
    setBusy(action);
    setNotice(null);
    try {
      if (action === 'approve') { await notices.approve(id); setNotice({ kind: 'ok', text: t('ntApproved') }); }
      if (action === 'cancel') { await notices.cancel(id); setNotice({ kind: 'ok', text: t('ntCancelled') }); }
      if (action === 'retry') { const r = await notices.retryFailed(id); setNotice({ kind: 'ok', text: t('ntRetried', { n: r.retried }) }); }
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(null);
      setConfirmCancel(false);
      fetchView();
    }
  };

  const back = (
    <a className="btn btn-link nt-back" href={pathOf({ name: 'notices', noticeId: null })}
      onClick={(e) => { e.preventDefault(); navigate({ name: 'notices', noticeId: null }); }}><span aria-hidden="true">← </span>{t('ntBackToList')}</a>
  );
  if (load.phase === 'loading') return <div className="nt-detail">{back}<p className="muted" role="status">{t('loading')}</p></div>;
  if (load.phase === 'missing') return <div className="nt-detail">{back}<p className="notice notice-info">{t('ntNotFound')}</p></div>;
  if (load.phase === 'error') {
    return (
      <div className="nt-detail">{back}
        <div className="notice notice-error" role="alert"><span>{errorText(load.error)}</span>
          <button type="button" className="btn btn-small" onClick={fetchView}>{t('retry')}</button></div>
      </div>
    );
  }
  const n = load.n;
  const personal = n.channels.includes('sms') || n.channels.includes('zalo');
  const boards = n.channels.includes('board') ? n.units.filter((u) => u.smsCode) : [];
  return (
    <article className={n.emergency ? 'nt-detail is-emergency' : 'nt-detail'} data-id={n.id} data-status={n.status} aria-labelledby="nt-detail-title">
      {back}
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <header className="nt-detail-head card">
        <div className="nt-detail-title">
          <h2 id="nt-detail-title">{n.title}</h2>
          {n.emergency && <EmergencyBadge />}
          <NoticeStatusBadge status={n.status} />
        </div>
        <ChannelBadges channels={n.channels} />
        <Facts n={n} />
        <ApprovalNote n={n} user={user} />
        <div className="actions nt-actions">
          {n.permissions.approve && (
            <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void act('approve')}>
              {busy === 'approve' ? t('ntWorking') : t('ntApprove')}
            </button>
          )}
          {n.permissions.retryFailed && (
            <button type="button" className="btn" disabled={busy !== null} onClick={() => void act('retry')}>
              {busy === 'retry' ? t('ntWorking') : t('ntRetryFailed', { n: n.counts.failed })}
            </button>
          )}
          {n.permissions.cancel && (
            <button type="button" className="btn btn-danger" disabled={busy !== null} onClick={() => setConfirmCancel(true)}>{t('ntCancel')}</button>
          )}
        </div>
      </header>

      {personal && (
        <section className="card nt-progress-card" aria-labelledby="nt-progress-title">
          <h3 id="nt-progress-title">{t('ntProgressTitle')}</h3>
          {n.status === 'pending_approval' || n.status === 'scheduled'
            ? <p className="muted">{n.status === 'scheduled' ? t('ntNotStartedScheduled') : t('ntNotStartedApproval')}</p>
            : <ProgressBar status={n.status} counts={n.counts} estimated={n.estimatedRecipients} id="nt-progress" />}
        </section>
      )}

      <section className="card" aria-labelledby="nt-text-title">
        <h3 id="nt-text-title">{t('ntContent')}</h3>
        <p className="nt-text">{n.text}</p>
        <p className="small muted">{field(n.optOutNote)}</p>
      </section>

      {boards.length > 0 && (
        <section className="card" aria-labelledby="nt-board-title">
          <h3 id="nt-board-title">{t('ntBoardTitle')}</h3>
          <p className="small muted">{t('ntBoardHint')}</p>
          <ul className="nt-board-links">
            {boards.map((u) => (
              <li key={u.id}><a href={boardPath(u.smsCode!)} target="_blank" rel="noopener noreferrer">{u.name} — {boardPath(u.smsCode!)}</a></li>
            ))}
          </ul>
        </section>
      )}

      {confirmCancel && (
        <Dialog title={t('ntCancelTitle')} onClose={() => setConfirmCancel(false)}>
          <div className="dialog-body">
            <p>{t('ntCancelExplain')}</p>
            <div className="form-actions">
              <button type="button" className="btn btn-danger" disabled={busy !== null} onClick={() => void act('cancel')}>
                {busy === 'cancel' ? t('ntWorking') : t('ntCancelConfirm')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirmCancel(false)}>{t('ntKeepSending')}</button>
            </div>
          </div>
        </Dialog>
      )}
    </article>
  );
}
