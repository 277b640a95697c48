/**
 * Wiring of notices into the outbound sender: when a message without a report
 * changes status (sent, failed, undeliverable, fallen back to SMS), the notice
 * delivery it carries follows and the notice's progress is published.
 * Registered once per process by workers/notices.processors.ts.
 */
import { onOutboundStatus, type OutboundStatusHook } from '../outbound/status-hooks.js';
import { followMessages, moveToFallback } from './follow.js';
import { markNoticeDirty } from './progress.js';

const followOutbound: OutboundStatusHook = async (ctx, msg, _status, extra) => {
  // Notice messages carry no report; replies and acknowledgements are not ours.
  if (msg.reportId !== null) return;
  const db = ctx.database.db;
  const fallback = typeof extra.fallbackMessageId === 'number' ? extra.fallbackMessageId : null;
  const noticeIds = fallback !== null ? await moveToFallback(db, msg.id, fallback) : await followMessages(db, [msg.id]);
  for (const id of noticeIds) markNoticeDirty(ctx, id);
};

export function registerNoticeHooks(): void {
  onOutboundStatus(followOutbound);
}
