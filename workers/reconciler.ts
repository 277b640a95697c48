/**
 * The reconciler (DESIGN.md invariant 1): PostgreSQL is the truth, Redis holds
 * pointers. On start and every few seconds it re-enqueues committed work that
 * has no live job — pending inbound events, queued outbound messages — so a
 * Redis that loses every key, or an enqueue that failed after commit, loses
 * nothing. Adding a job whose id exists is a no-op, so this is safe to run in
 * every worker process at once.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../src/context.js';
import { attachments, inboundEvents, messages } from '../src/db/schema/index.js';
import { attachmentJob, intakeJob, outboundJob, outboundSendJobs, type JobDefinition } from '../src/jobs/definitions.js';
import { logger } from '../src/lib/logger.js';
import { releaseAbandonedClaims } from '../src/modules/outbound/outbound.repo.js';
import { channelsFor } from '../src/channels/registry.js';
import { keepZaloTokenAlive } from '../src/channels/zalo-oa/zalo-oa.adapter.js';
import { sweepSla } from '../src/modules/sla/sweeper.js';
import { reconcileNotices } from '../src/modules/notices/reconcile.js';

const GRACE_S = 2;
const STALE_S = 120;

async function reviveFailed<P>(ctx: AppContext, def: JobDefinition<P>, payloads: P[]): Promise<number> {
  let revived = 0;
  const queue = ctx.queues.queue(def.queue);
  for (const p of payloads) {
    const job = await queue.getJob(def.jobId(p));
    if (job && (await job.isFailed())) { await job.retry('failed'); revived++; }
  }
  return revived;
}

export async function reconcileOnce(ctx: AppContext, limit = 2000): Promise<{ events: number; messages: number; attachments: number }> {
  const db = ctx.database.db;
  const events = await db.select({ id: inboundEvents.id, age: sql<number>`extract(epoch from now() - ${inboundEvents.receivedAt})` })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.status, 'pending'), sql`${inboundEvents.receivedAt} < now() - make_interval(secs => ${GRACE_S})`))
    .orderBy(inboundEvents.id).limit(limit);
  // A sender that died mid-send left its message 'sending': after the claim's lease, queue it again.
  await releaseAbandonedClaims(db);
  // A message held for quiet hours has a delayed job; once its send_after passes it is swept like any other.
  const queued = await db.select({ id: messages.id, channel: messages.channel, age: sql<number>`extract(epoch from now() - ${messages.createdAt})` })
    .from(messages)
    .where(and(eq(messages.status, 'queued'), sql`${messages.createdAt} < now() - make_interval(secs => ${GRACE_S})`,
      sql`(${messages.sendAfter} is null or ${messages.sendAfter} <= now())`,
      // Notices (issue 6): a large notice queues thousands of messages behind the rate limit; they are
      // swept by src/modules/notices/reconcile.ts, which skips those whose send job is still waiting.
      sql`not exists (select 1 from notice_deliveries nd where nd.message_id = ${messages.id})`))
    .orderBy(messages.id).limit(limit);
  const ok1 = await ctx.queues.enqueue(intakeJob, events.map((e) => ({ eventId: e.id })));
  const ok2 = await ctx.queues.enqueue(outboundJob, queued.map((m) => ({ messageId: m.id })));
  if (ok1) await reviveFailed(ctx, intakeJob, events.filter((e) => Number(e.age) > STALE_S).map((e) => ({ eventId: e.id })));
  if (ok2) {
    const stale = queued.filter((m) => Number(m.age) > STALE_S);
    await reviveFailed(ctx, outboundJob, stale.map((m) => ({ messageId: m.id })));
    for (const channel of ['sms', 'zalo'] as const) {
      await reviveFailed(ctx, outboundSendJobs[channel], stale.filter((m) => m.channel === channel).map((m) => ({ messageId: m.id })));
    }
  }
  const pendingAttachments = await reconcileAttachments(ctx, limit);
  // Notices: due schedules, unfinished fan-outs, deliveries whose job was lost (src/modules/notices/reconcile.ts).
  await reconcileNotices(ctx, limit).catch((err: Error) => logger.warn({ err: err.message }, 'notices reconcile failed'));
  // SLA timers lost with Redis are re-armed from report_sla (src/modules/sla/sweeper.ts).
  await sweepSla(ctx).catch((err: Error) => logger.warn({ err: err.message }, 'sla sweep failed'));
  // The Zalo refresh token lapses if unused for months: refresh when due even without traffic.
  await Promise.resolve().then(() => keepZaloTokenAlive(channelsFor(ctx).outbound('zalo')))
    .catch((err: Error) => logger.warn({ err: err.message }, 'zalo token keep-alive failed'));
  if (events.length + queued.length > 0) logger.debug({ events: events.length, messages: queued.length }, 'reconciler swept');
  return { events: events.length, messages: queued.length, attachments: pendingAttachments };
}

/** Pending attachment downloads (Zalo CDN links) whose job is missing or failed. */
async function reconcileAttachments(ctx: AppContext, limit: number): Promise<number> {
  const pending = await ctx.database.db.select({ id: attachments.id, age: sql<number>`extract(epoch from now() - ${attachments.createdAt})` })
    .from(attachments)
    .where(and(eq(attachments.status, 'pending'), sql`${attachments.createdAt} < now() - make_interval(secs => ${GRACE_S})`))
    .orderBy(attachments.id).limit(limit);
  const ok = await ctx.queues.enqueue(attachmentJob, pending.map((a) => ({ attachmentId: a.id })));
  if (ok) await reviveFailed(ctx, attachmentJob, pending.filter((a) => Number(a.age) > STALE_S).map((a) => ({ attachmentId: a.id })));
  return pending.length;
}
