/**
 * Sending outbound messages (DESIGN.md data flow step 3): officer replies,
 * acknowledgements and system answers are `queued` rows; two jobs carry them out.
 *
 * 1. `outbound.send` (schedule): applies quiet hours to non-urgent automated
 *    messages (kind ack/system) — stores `send_after` and delays the job — then
 *    hands the message to its channel's send queue, whose BullMQ limiter is the
 *    provider's rate limit.
 * 2. `outbound.send.<channel>` (send): queued → sending → sent | failed |
 *    undeliverable, every step guarded. A message that has a provider id is never
 *    sent again; the provider id is committed on its own right after the provider
 *    accepts; providers that take an idempotency key get one stable per message.
 *    Retryable errors are rethrown so BullMQ backs off exponentially; the last
 *    attempt marks the message failed instead, so nothing stays "sending".
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { messages, reportEvents } from '../../db/schema/index.js';
import { channelsFor } from '../../channels/registry.js';
import type { SendResult } from '../../channels/types.js';
import { parseQuietHours, quietUntil } from '../../domain/quiet-hours.js';
import { outboundSendJobs } from '../../jobs/definitions.js';
import { OutsideWindowError, PermanentError, RetryableError } from '../../lib/errors.js';
import {
  claimForSending, loadOutbound, markSent, quoteFor, recipientFor, releaseForRetry, reportPriority, type OutboundRow,
} from './outbound.repo.js';
import { failMessage, fallBackToSms, publishStatus } from './outbound.failures.js';
import { markReplySent } from '../reports/reply-sent.js';

export type ScheduleOutcome = 'gone' | 'scheduled' | 'delayed';
export type SendOutcome = 'gone' | 'sent' | 'failed' | 'undeliverable' | 'fallback_sms';

/** Stable per message, and distinct across databases (eSMS remembers RequestIds). */
export const idempotencyKeyFor = (m: Pick<OutboundRow, 'id' | 'createdAt'>) => `m${m.id}-${m.createdAt.getTime().toString(36)}`;

/** Quiet hours apply to automated messages that are not urgent (officer replies go at once). */
async function quietHoursApply(ctx: AppContext, msg: OutboundRow): Promise<boolean> {
  if (msg.kind !== 'ack' && msg.kind !== 'system') return false;
  if (msg.urgent) return false;
  return (await reportPriority(ctx.database.db, msg.reportId)) !== 'urgent';
}

export async function scheduleOutbound(ctx: AppContext, messageId: number, now: Date = channelsFor(ctx).now()): Promise<ScheduleOutcome> {
  const db = ctx.database.db;
  const msg = await loadOutbound(db, messageId);
  if (!msg || msg.status !== 'queued') return 'gone';
  if (msg.channel !== 'sms' && msg.channel !== 'zalo') {
    await failMessage(ctx, msg, { code: 'unsupported_channel', message: `no outbound sending on channel ${msg.channel}` });
    return 'gone';
  }
  let sendAfter = msg.sendAfter;
  if (!sendAfter && (await quietHoursApply(ctx, msg))) {
    const until = quietUntil(now, parseQuietHours(ctx.env.QUIET_HOURS));
    if (until) {
      await db.update(messages).set({ sendAfter: until })
        .where(and(eq(messages.id, msg.id), eq(messages.status, 'queued'), isNull(messages.sendAfter)));
      sendAfter = until;
    }
  }
  const delay = sendAfter ? Math.max(0, sendAfter.getTime() - now.getTime()) : 0;
  const ok = await ctx.queues.enqueue(outboundSendJobs[msg.channel], [{ messageId: msg.id }], delay > 0 ? { delay } : {});
  if (!ok) throw new RetryableError('could not enqueue the send job', 'queue_unavailable');
  return delay > 0 ? 'delayed' : 'scheduled';
}

export async function sendOutbound(ctx: AppContext, messageId: number, opts: { finalAttempt: boolean }): Promise<SendOutcome> {
  const db = ctx.database.db;
  const msg = await loadOutbound(db, messageId);
  if (!msg || (msg.status !== 'queued' && msg.status !== 'sending')) return 'gone';
  if (msg.channel !== 'sms' && msg.channel !== 'zalo') return 'gone';
  if (msg.providerMessageId) {
    // Accepted before, its status write lost: never send again.
    await db.update(messages).set({ status: 'sent' }).where(and(eq(messages.id, msg.id), eq(messages.status, msg.status)));
    return 'gone';
  }
  const adapter = channelsFor(ctx).outbound(msg.channel);
  if (!adapter) return (await failMessage(ctx, msg, { code: 'channel_not_configured', message: `no ${msg.channel} provider is configured` })) ? 'failed' : 'gone';
  const to = await recipientFor(db, msg);
  if (!to) return (await failMessage(ctx, msg, { code: 'no_recipient', message: `the contact has no ${msg.channel} address` })) ? 'failed' : 'gone';
  if (!(await claimForSending(db, msg.id))) {
    // Another run holds the claim: come back later and find it sent (or its claim expired).
    const now = await loadOutbound(db, msg.id);
    if (now?.status === 'sending' && !opts.finalAttempt) throw new RetryableError('another send of this message is in progress', 'in_progress');
    return 'gone';
  }
  let result: SendResult;
  try {
    result = await adapter.send({
      messageId: msg.id, idempotencyKey: idempotencyKeyFor(msg), to, text: msg.body,
      quoteExternalId: await quoteFor(db, msg), urgent: msg.urgent === 1,
    });
  } catch (err) {
    return handleSendError(ctx, msg, err, opts.finalAttempt);
  }
  await recordSent(ctx, msg, result);
  return 'sent';
}

async function handleSendError(ctx: AppContext, msg: OutboundRow, err: unknown, finalAttempt: boolean): Promise<SendOutcome> {
  const code = (err as { providerCode?: string }).providerCode;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof OutsideWindowError) return fallBackToSms(ctx, msg, { code: code ?? 'outside_window', message });
  if (err instanceof PermanentError) {
    await failMessage(ctx, msg, { code: code ?? 'permanent_error', message });
    return 'failed';
  }
  const retryCode = err instanceof RetryableError ? code ?? 'retryable' : 'internal_error';
  if (finalAttempt) {
    await failMessage(ctx, msg, { code: retryCode, message: `gave up after repeated failures: ${message}` });
    return 'failed';
  }
  await releaseForRetry(ctx.database.db, msg.id, retryCode, message);
  throw err;
}

/** The provider took it: commit its id at once, then tell the timeline and the officers. */
async function recordSent(ctx: AppContext, msg: OutboundRow, result: SendResult): Promise<void> {
  const at = new Date();
  const changed = await ctx.database.db.transaction(async (tx) => {
    if (!(await markSent(tx, msg.id, result.providerMessageId, at))) return false;
    if (msg.reportId === null) return true;
    if (msg.kind === 'reply') {
      // First response / answered times and the `reply_sent` event (README metrics) live in one place.
      await markReplySent(tx, msg.id);
    } else {
      await tx.insert(reportEvents).values({
        reportId: msg.reportId, type: 'message_sent', actorKind: 'system', at,
        data: { messageId: msg.id, channel: msg.channel, kind: msg.kind, parts: result.parts },
      });
    }
    return true;
  });
  if (changed) await publishStatus(ctx, msg, 'sent', { parts: result.parts });
}
