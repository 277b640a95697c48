/**
 * What happens when a send cannot succeed (STYLE.md rule 8: a permanent
 * failure is a visible state, not a log line): the message is marked, the
 * report's timeline says so, and the officers' screens hear it at once.
 * A Zalo message outside the reply window goes again by SMS when the citizen
 * has a phone number (issue 3); otherwise it is marked undeliverable.
 */
import { messages, reportEvents } from '../../db/schema/index.js';
import { outboundJob } from '../../jobs/definitions.js';
import type { AppContext } from '../../context.js';
import { logger } from '../../lib/logger.js';
import type { RealtimeEvent } from '../../realtime/rooms.js';
import { fallbackPhone, markFailed, unitPathsOf, type OutboundRow } from './outbound.repo.js';
import { runOutboundStatusHooks } from './status-hooks.js';

export interface Failure { code: string; message: string }

async function publishStatus(ctx: AppContext, msg: OutboundRow, status: string, extra: Record<string, unknown> = {}): Promise<void> {
  // Notices (issue 6): listeners outside the report flow follow the status too (status-hooks.ts).
  await runOutboundStatusHooks(ctx, msg, status, extra);
  if (msg.reportId === null) return;
  const unitPaths = await unitPathsOf(ctx.database.db, msg.reportId);
  const events: RealtimeEvent[] = [{ event: 'message.status', unitPaths, reportId: msg.reportId, data: { messageId: msg.id, status, ...extra } }];
  ctx.publisher.publish(events);
}

/** Mark the message failed (or undeliverable) with its code, on the timeline and live. */
export async function failMessage(ctx: AppContext, msg: OutboundRow, f: Failure, status: 'failed' | 'undeliverable' = 'failed'): Promise<boolean> {
  const changed = await ctx.database.db.transaction(async (tx) => {
    if (!(await markFailed(tx, msg.id, status, f.code, f.message))) return false;
    if (msg.reportId !== null) {
      await tx.insert(reportEvents).values({
        reportId: msg.reportId, type: status === 'failed' ? 'send_failed' : 'undeliverable', actorKind: 'system',
        data: { messageId: msg.id, channel: msg.channel, errorCode: f.code },
      });
    }
    return true;
  });
  if (changed) {
    logger.warn({ messageId: msg.id, channel: msg.channel, code: f.code }, `outbound message ${status}`);
    await publishStatus(ctx, msg, status, { errorCode: f.code });
  }
  return changed;
}

/**
 * The channel cannot reach the citizen now (Zalo -230 and friends). With a phone
 * number, the same text is queued as a new SMS and the original becomes
 * undeliverable; without one, it is just undeliverable.
 */
export async function fallBackToSms(ctx: AppContext, msg: OutboundRow, f: Failure): Promise<'fallback_sms' | 'undeliverable'> {
  const db = ctx.database.db;
  const phone = msg.channel === 'sms' ? null : await fallbackPhone(db, msg.contactId);
  if (!phone) {
    await failMessage(ctx, msg, f, 'undeliverable');
    return 'undeliverable';
  }
  const created = await db.transaction(async (tx) => {
    if (!(await markFailed(tx, msg.id, 'undeliverable', f.code, f.message))) return null;
    const [sms] = await tx.insert(messages).values({
      reportId: msg.reportId, contactId: msg.contactId, direction: 'out', channel: 'sms', kind: msg.kind, body: msg.body,
      status: 'queued', urgent: msg.urgent, authorUserId: msg.authorUserId,
    }).returning({ id: messages.id });
    if (msg.reportId !== null) {
      await tx.insert(reportEvents).values({
        reportId: msg.reportId, type: 'fallback_sms', actorKind: 'system',
        data: { messageId: msg.id, fallbackMessageId: sms?.id, fromChannel: msg.channel, errorCode: f.code },
      });
    }
    return sms?.id ?? null;
  });
  if (created === null) return 'undeliverable';
  logger.info({ messageId: msg.id, fallbackMessageId: created, code: f.code }, 'outbound message falls back to SMS');
  await ctx.queues.enqueue(outboundJob, [{ messageId: created }]);
  await publishStatus(ctx, msg, 'undeliverable', { errorCode: f.code, fallbackMessageId: created });
  if (msg.reportId !== null) {
    ctx.publisher.publish([{ event: 'message.created', unitPaths: await unitPathsOf(db, msg.reportId), reportId: msg.reportId, data: { messageId: created, direction: 'out', channel: 'sms' } }]);
  }
  return 'fallback_sms';
}

export { publishStatus };
