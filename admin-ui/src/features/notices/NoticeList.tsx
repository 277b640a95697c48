/**
 * Notices, newest first: status, channels, units, counts and a progress bar
 * kept live by `notice.progress`; a notice we do not have yet (a colleague's)
 * reloads the first page. Re-read after every (re)connection, since events
 * sent while disconnected are not replayed.
 */
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { notices, NOTICE_STATUSES, type NoticeListItem, type NoticeStatus } from '../../api/notices';
import type { Page } from '../../api/types';
import { useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { navigate, pathOf } from '../../lib/router';
import { useRealtimeEvent, useRealtimeReady } from '../../realtime/realtime';
import { ChannelBadges, EmergencyBadge, NoticeStatusBadge } from './NoticeBits';
import { ProgressBar } from './ProgressBar';

type State = { page: Page<NoticeListItem> | null; error: unknown; more: boolean };

function Row({ n }: { n: NoticeListItem }) {
  const { t, fmt } = useI18n();
  const to = { name: 'notices' as const, noticeId: n.id };
  const open = (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(to);
  };
  const personal = n.channels.includes('sms') || n.channels.includes('zalo');
  return (
    <li className={n.emergency ? 'nt-row is-emergency' : 'nt-row'} data-id={n.id} data-status={n.status}>
      <div className="nt-row-head">
        <a className="nt-row-title" href={pathOf(to)} onClick={open}>{n.title}</a>
        <span className="nt-row-badges">
          {n.emergency && <EmergencyBadge />}
          <NoticeStatusBadge status={n.status} />
        </span>
      </div>
      <p className="nt-row-meta small muted">
        <time dateTime={n.createdAt}>{fmt.dateTime(n.createdAt)}</time> · {n.createdBy.displayName} · {n.units.map((u) => u.name).join(', ')}
      </p>
      <p className="nt-row-excerpt">{n.excerpt}</p>
      <div className="nt-row-foot">
        <ChannelBadges channels={n.channels} />
        {n.status === 'pending_approval' && <span className="small nt-warn-text">{t('ntAwaitingApproval')}</span>}
        {n.status === 'scheduled' && n.scheduledAt && <span className="small">{t('ntScheduledFor', { time: fmt.dateTime(n.scheduledAt) })}</span>}
      </div>
      {personal && (n.status === 'sending' || n.status === 'sent' || n.status === 'cancelled') && (
        <ProgressBar status={n.status} counts={n.counts} estimated={n.estimatedRecipients} compact />
      )}
    </li>
  );
}

export function NoticeList({ onCompose }: { onCompose(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [status, setStatus] = useState<NoticeStatus | ''>('');
  const [state, setState] = useState<State>({ page: null, error: null, more: false });
  const gen = useRef(0);
  const items = useRef<NoticeListItem[]>([]);
  items.current = state.page?.items ?? [];

  const load = useCallback(() => {
    const g = ++gen.current;
    notices.list(null, status || undefined).then(
      (page) => { if (g === gen.current) setState({ page, error: null, more: false }); },
      (error: unknown) => { if (g === gen.current) setState((s) => ({ ...s, error, more: false })); },
    );
  }, [status]);
  useEffect(() => { setState({ page: null, error: null, more: false }); load(); }, [load]);
  useRealtimeReady(load);

  const reloadSoon = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(reloadSoon.current), []);
  useRealtimeEvent('notice.progress', (ev) => {
    if (!items.current.some((n) => n.id === ev.id)) {
      // A notice this page does not show yet: someone else's new one. One reload for a burst.
      window.clearTimeout(reloadSoon.current);
      reloadSoon.current = window.setTimeout(load, 500);
      return;
    }
    setState((s) => s.page ? {
      ...s,
      page: { ...s.page, items: s.page.items.map((n) => (n.id === ev.id ? { ...n, status: ev.status, counts: ev.counts } : n)) },
    } : s);
  });

  const more = () => {
    const cursor = state.page?.nextCursor;
    if (!cursor) return;
    const g = gen.current;
    setState((s) => ({ ...s, more: true }));
    notices.list(cursor, status || undefined).then(
      (next) => {
        if (g !== gen.current) return;
        setState((s) => ({ error: null, more: false, page: { items: [...(s.page?.items ?? []), ...next.items], nextCursor: next.nextCursor } }));
      },
      (error: unknown) => { if (g === gen.current) setState((s) => ({ ...s, error, more: false })); },
    );
  };

  const page = state.page;
  return (
    <section className="nt-list-section" aria-labelledby="nt-list-title">
      <div className="nt-list-bar">
        <h2 id="nt-list-title">{t('ntListTitle')}</h2>
        <label className="nt-inline-label" htmlFor="nt-status-filter">{t('ntFilterStatus')}</label>
        <select id="nt-status-filter" className="nt-status-filter" value={status} onChange={(e) => setStatus(e.target.value as NoticeStatus | '')}>
          <option value="">{t('ntAllStatuses')}</option>
          {NOTICE_STATUSES.map((s) => <option key={s} value={s}>{t(`ntSt_${s}`)}</option>)}
        </select>
      </div>
      {state.error != null && (
        <div className="notice notice-error" role="alert">
          <span>{errorText(state.error)}</span>
          <button type="button" className="btn btn-small" onClick={load}>{t('retry')}</button>
        </div>
      )}
      {!page && state.error == null && <p className="muted" role="status">{t('loading')}</p>}
      {page && page.items.length === 0 && (
        <div className="nt-empty">
          <p>{status ? t('ntEmptyFiltered') : t('ntEmpty')}</p>
          {!status && <button type="button" className="btn btn-primary" onClick={onCompose}>{t('ntComposeFirst')}</button>}
        </div>
      )}
      {page && page.items.length > 0 && (
        <ul className="nt-list" aria-label={t('ntListTitle')}>
          {page.items.map((n) => <Row key={n.id} n={n} />)}
        </ul>
      )}
      {page?.nextCursor && (
        <button type="button" className="btn btn-block" disabled={state.more} onClick={more}>{state.more ? t('loading') : t('loadMore')}</button>
      )}
    </section>
  );
}
