/**
 * The notices' part of the reconciler (workers/reconciler.ts): PostgreSQL says
 * what is still to do, Redis may have lost the jobs.
 *
 * - scheduled notices whose time has come start (scheduled → sending);
 * - a sending notice whose fan-out has not finished gets its fan-out job again
 *   (a no-op while one runs; it resumes from the stored cursor);
 * - a sending notice with nothing queued is completed;
 * - deliveries still queued and not handed on after a minute get a fan-out
 *   pass (or their ZNS job) again, and failed jobs are retried;
 * - queued notice messages whose send job is gone get it again.
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { notices } from '../../db/schema/index.js';
import { channelsFor } from '../../channels/registry.js';
import { noticeFanoutJob, noticeZnsJob, outboundSendJobs, type JobDefinition } from '../../jobs/definitions.js';
import { delayFor, enqueueHandoffs, noHandoffs, type Handoffs } from './handoff.js';
import { liveJobIds } from './live-jobs.js';
import { rowsOf } from '../../db/sql.js';
import { completeIfDone } from './notices.repo.js';
import { markNoticeDirty } from './progress.js';

const STALE_S = 60;
const REVIVE_MAX = 200;

async function reviveFailed<P>(ctx: AppContext, def: JobDefinition<P>, payloads: P[]): Promise<void> {
  const queue = ctx.queues.queue(def.queue);
  for (const p of payloads.slice(0, REVIVE_MAX)) {
    const job = await queue.getJob(def.jobId(p));
    if (job && (await job.isFailed())) await job.retry('failed');
  }
}

export async function reconcileNotices(ctx: AppContext, limit = 2000): Promise<void> {
  const db = ctx.database.db;
  const now = channelsFor(ctx).now();
  await db.update(notices).set({ status: 'sending', startedAt: now, updatedAt: now })
    .where(and(eq(notices.status, 'scheduled'), lte(notices.scheduledAt, now)));
  const sending = await db.select({ id: notices.id, round: notices.fanoutRound, done: notices.fanoutDone }).from(notices)
    .where(eq(notices.status, 'sending')).limit(limit);
  const fanouts = sending.filter((n) => !n.done).map((n) => ({ noticeId: n.id, round: n.round }));
  if (await ctx.queues.enqueue(noticeFanoutJob, fanouts)) await reviveFailed(ctx, noticeFanoutJob, fanouts);
  for (const n of sending.filter((x) => x.done)) if (await completeIfDone(db, n.id)) markNoticeDirty(ctx, n.id);
  await reconcileDeliveries(ctx, now, limit);
  await reconcileMessages(ctx, limit);
}

/** Where the last sweep of notice messages stopped, per process (it pages through a large backlog). */
const messageCursor = new WeakMap<AppContext, number>();

/**
 * Queued messages of notices whose send job is gone (Redis lost it, an enqueue
 * failed): their send job again. The outbound reconciler leaves notice
 * messages to this sweep, which skips the ones whose job is still waiting.
 */
async function reconcileMessages(ctx: AppContext, limit: number): Promise<void> {
  const after = messageCursor.get(ctx) ?? 0;
  const rows = rowsOf(await ctx.database.db.execute(sql`
    select m.id, m.channel, n.id as notice_id, n.emergency from notice_deliveries d
    join notices n on n.id = d.notice_id join messages m on m.id = d.message_id
    where n.status = 'sending' and d.status = 'queued' and m.status = 'queued' and m.id > ${after}
      and m.created_at < now() - interval '2 seconds' and (m.send_after is null or m.send_after <= now())
    order by m.id limit ${limit}`));
  messageCursor.set(ctx, rows.length < limit ? 0 : Number(rows[rows.length - 1]!.id));
  const byNotice = new Map<number, Handoffs>();
  for (const channel of ['sms', 'zalo'] as const) {
    const mine = rows.filter((r) => r.channel === channel);
    const live = await liveJobIds(ctx.queues, outboundSendJobs[channel], mine.map((r) => ({ messageId: Number(r.id) })));
    for (const r of mine.filter((x) => !live.has(outboundSendJobs[channel].jobId({ messageId: Number(x.id) })))) {
      const id = Number(r.notice_id);
      const h = byNotice.get(id) ?? noHandoffs({ id, emergency: r.emergency === true });
      h.messages[channel].push(Number(r.id));
      byNotice.set(id, h);
    }
  }
  for (const h of byNotice.values()) await enqueueHandoffs(ctx, h);
}

async function reconcileDeliveries(ctx: AppContext, now: Date, limit: number): Promise<void> {
  const rows = rowsOf(await ctx.database.db.execute(sql`
    select d.id, d.notice_id, d.attempt, d.channel, n.emergency, n.fanout_round from notice_deliveries d join notices n on n.id = d.notice_id
    where n.status = 'sending' and d.status = 'queued' and d.message_id is null and d.provider_message_id is null
      and (d.channel is null or d.channel = 'zns')
      and (d.sending_since is null or d.sending_since < now() - interval '120 seconds')
      and d.updated_at < now() - make_interval(secs => ${STALE_S})
    order by d.id limit ${limit}`));
  // Not handed on (a retry whose pass was lost): the fan-out's second pass takes them.
  const fanouts = new Map<number, number>();
  for (const r of rows) if (r.channel === null) fanouts.set(Number(r.notice_id), Number(r.fanout_round));
  const again = [...fanouts].map(([noticeId, round]) => ({ noticeId, round }));
  if (await ctx.queues.enqueue(noticeFanoutJob, again)) await reviveFailed(ctx, noticeFanoutJob, again);
  // Handed to ZNS but never sent: the ZNS job again (delayed by quiet hours if they apply).
  const zns = rows.filter((r) => r.channel === 'zns');
  for (const r of zns) {
    const h = noHandoffs({ id: Number(r.notice_id), emergency: r.emergency === true }, delayFor(ctx, { emergency: r.emergency === true }, now));
    h.zns.push({ deliveryId: Number(r.id), attempt: Number(r.attempt) });
    await enqueueHandoffs(ctx, h);
  }
  await reviveFailed(ctx, noticeZnsJob, zns.map((r) => ({ noticeId: Number(r.notice_id), deliveryId: Number(r.id), attempt: Number(r.attempt) })));
}
