/**
 * The officer's main screen: the inbox list beside the open report on a
 * laptop, one of the two at a time on a phone. The list follows live events
 * (new reports appear without a reload) and re-fetches after a reconnect.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportFilters, ReportListItem, User } from '../../api/types';
import { formatCode } from '../../components/Badges';
import { Notice, useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../lib/router';
import { useRealtimeEvent, useRealtimeReady } from '../../realtime/realtime';
import { ReportPane } from '../report/ReportPane';
import { Filters } from './Filters';
import { ReportRow } from './ReportRow';
import { ShortcutHelp } from './ShortcutHelp';
import { useInbox } from './useInbox';
import { useShortcuts } from './useShortcuts';

export function Workspace({ user, reportId }: { user: User; reportId: number | null }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [filters, setFilters] = useState<ReportFilters>({});
  const [announce, setAnnounce] = useState('');
  const onArrival = useCallback((news: ReportListItem[]) => {
    setAnnounce(news.map((n) => t('newReport', { code: formatCode(n.code) })).join('. '));
  }, [t]);
  const inbox = useInbox(filters, onArrival);
  const items = inbox.page.items;
  const [cursor, setCursor] = useState(0);
  const [help, setHelp] = useState(false);
  // 'r' asks the reply box for focus; the request is taken once, by the box on screen or the next one to mount.
  const [replyRequest, setReplyRequest] = useState(0);
  const replyPending = useRef(false);
  const takeReplyRequest = useCallback(() => { const p = replyPending.current; replyPending.current = false; return p; }, []);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  useRealtimeEvent('report.created', inbox.refresh);
  useRealtimeEvent('message.created', inbox.refresh);
  useRealtimeEvent('report.status', inbox.refresh);
  useRealtimeEvent('report.transferred', inbox.refresh);
  useRealtimeReady(inbox.refresh);

  const { markRead } = inbox;
  useEffect(() => {
    if (reportId === null) return;
    markRead(reportId);
    const i = items.findIndex((x) => x.id === reportId);
    if (i >= 0) setCursor(i);
  }, [reportId, items, markRead]);

  const at = Math.min(cursor, Math.max(0, items.length - 1));
  const focusRow = (i: number) => {
    const li = listRef.current?.children[i];
    li?.querySelector('a')?.focus();
    li?.scrollIntoView({ block: 'nearest' });
  };

  useShortcuts({
    move: (d) => {
      const next = Math.max(0, Math.min(items.length - 1, at + d));
      setCursor(next);
      focusRow(next);
    },
    open: () => { const it = items[at]; if (it) navigate({ name: 'inbox', reportId: it.id }); },
    search: () => searchRef.current?.focus(),
    reply: () => {
      const it = items[at];
      if (reportId === null && !it) return;
      if (reportId === null && it) navigate({ name: 'inbox', reportId: it.id });
      replyPending.current = true;
      setReplyRequest((n) => n + 1);
    },
    back: () => {
      if (help) { setHelp(false); return; }
      if (reportId === null) return;
      navigate({ name: 'inbox', reportId: null });
      window.requestAnimationFrame(() => focusRow(at));
    },
    help: () => setHelp((h) => !h),
  });

  const empty = !inbox.loading && !inbox.error && items.length === 0;
  return (
    <div className={`workspace ${reportId === null ? 'no-report' : 'has-report'}`}>
      <section className="pane list-pane" aria-labelledby="inbox-title">
        <div className="list-head">
          <h1 id="inbox-title">{t('inboxTitle')}</h1>
          <ShortcutHelp open={help} onToggle={setHelp} />
        </div>
        <Filters filters={filters} counts={inbox.counts} onChange={setFilters} searchRef={searchRef} />
        {inbox.error && <Notice notice={{ kind: 'error', text: errorText(inbox.error) }} />}
        <ol className="rows" ref={listRef} aria-label={t('listLabel')} aria-busy={inbox.loading}>
          {items.map((it, i) => (
            <ReportRow key={it.id} item={it} open={it.id === reportId} cursor={i === at} fresh={inbox.fresh.has(it.id)} showUnit={user.role !== 'officer'} />
          ))}
        </ol>
        {inbox.loading && <p className="list-status" role="status">{t('loading')}</p>}
        {empty && <p className="list-status">{t('emptyInbox')}</p>}
        {inbox.page.nextCursor && !inbox.loading && (
          <button type="button" className="btn btn-block load-more" disabled={inbox.loadingMore} onClick={() => void inbox.loadMore()}>
            {inbox.loadingMore ? t('loading') : t('loadMore')}
          </button>
        )}
        <div className="visually-hidden" aria-live="polite">{announce}</div>
      </section>
      <section className="pane detail-pane" aria-label={t('detailLabel')}>
        {reportId === null
          ? <p className="empty-detail">{t('selectReport')}</p>
          : <ReportPane key={reportId} reportId={reportId} onChanged={inbox.refresh} replyRequest={replyRequest}
              takeReplyRequest={takeReplyRequest}
              onBack={() => navigate({ name: 'inbox', reportId: null })} />}
      </section>
    </div>
  );
}
