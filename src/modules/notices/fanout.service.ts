/**
 * `notices.fanout`: turns a notice's audience into deliveries, in batches
 * (NOTICE_FANOUT_BATCH, default 1000), never holding the audience in memory.
 * One transaction per batch, four statements:
 *
 *   lock the notice row → the next contacts after the keyset cursor
 *   (subscriptions in contact-id order) → their facts (recipient.ts) and
 *   channels → one statement (handoff-batch.ts): their deliveries ON CONFLICT
 *   DO NOTHING, the messages of those inserted, the new cursor
 *
 * and after the commit the send jobs (ids only), while the next batch is built.
 * A killed fan-out resumes from the stored cursor; one that runs twice inserts
 * nothing new (UNIQUE(notice_id, contact_id)) and hands nothing on twice (only
 * deliveries without a channel are handed on), so every contact is reached at
 * most once per notice. Citizens who said stop get a `skipped` / `opted_out` delivery
 * (visible in the counts) unless an emergency overrides it.
 * Then, and on "retry failed", a second pass hands on any queued delivery that
 * has no channel yet (keyset over delivery ids).
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { noticeDeliveries, notices } from '../../db/schema/index.js';
import { channelsFor } from '../../channels/registry.js';
import { RetryableError } from '../../lib/errors.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { enqueueHandoffs } from './handoff.js';
import { handOffExisting, insertHandedOff, type BatchResult } from './handoff-batch.js';
import { intArray, rowsOf } from '../../db/sql.js';
import { audienceUnitIds, completeIfDone, loadNotice, overridesOptOut, type NoticeRow } from './notices.repo.js';
import { markNoticeDirty } from './progress.js';

export type FanoutOutcome = 'done' | 'not_due' | 'stopped' | 'gone';

/** Where a fan-out's time went (ms), for the benchmark and the job's return value; never personal data. */
export interface FanoutStats { batches: number; handed: number; existing: number; sqlMs: number; enqueueMs: number; waitMs: number; totalMs: number }
export const emptyFanoutStats = (): FanoutStats => ({ batches: 0, handed: 0, existing: 0, sqlMs: 0, enqueueMs: 0, waitMs: 0, totalMs: 0 });

/** scheduled → sending once its time has come (guarded: one caller wins, the rest see 'sending'). */
export async function startIfDue(ctx: AppContext, n: NoticeRow): Promise<NoticeRow['status']> {
  if (n.status !== 'scheduled') return n.status;
  if (n.scheduledAt && n.scheduledAt.getTime() > channelsFor(ctx).now().getTime()) return 'scheduled';
  await ctx.database.db.update(notices).set({ status: 'sending', startedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(notices.id, n.id), eq(notices.status, 'scheduled')));
  return (await loadNotice(ctx.database.db, n.id))?.status ?? 'cancelled';
}

export async function runFanout(ctx: AppContext, noticeId: number, _round: number, stats = emptyFanoutStats()): Promise<FanoutOutcome> {
  const t0 = performance.now();
  try { return await fanout(ctx, noticeId, stats); } finally { stats.totalMs += performance.now() - t0; }
}

async function fanout(ctx: AppContext, noticeId: number, stats: FanoutStats): Promise<FanoutOutcome> {
  const n = await loadNotice(ctx.database.db, noticeId);
  if (!n) return 'gone';
  const status = await startIfDue(ctx, n);
  if (status === 'scheduled') return 'not_due';
  if (status !== 'sending') return 'stopped';
  const catalog = await loadCatalog(ctx.database.db);
  const targets = n.unitIds.map((id) => catalog.units.get(id)).filter((u) => u !== undefined);
  const personal = n.channels.includes('sms') || n.channels.includes('zalo');
  const audience = personal ? audienceUnitIds(catalog, targets) : [];
  // Batch k's jobs go to Redis while batch k+1 is built in PostgreSQL (at most one enqueue in flight).
  let inFlight: Promise<unknown> = Promise.resolve(null);
  const settle = async () => { const t = performance.now(); const err = await inFlight; stats.waitMs += performance.now() - t; if (err) throw err; };
  const send = (b: BatchResult) => {
    const t = performance.now();
    stats.batches++;
    stats.handed += b.messages.sms.length + b.messages.zalo.length + b.zns.length;
    stats.existing += b.existing ?? 0;
    inFlight = after(ctx, b).then(() => { stats.enqueueMs += performance.now() - t; return null; }, (e: unknown) => e);
  };
  const timed = async <T>(work: Promise<T>): Promise<T> => { const t = performance.now(); try { return await work; } finally { stats.sqlMs += performance.now() - t; } };
  for (;;) {
    const batch = await timed(insertBatch(ctx, noticeId, audience));
    await settle();
    if (batch === null) break;
    send(batch);
    if (batch.done) break;
  }
  for (let afterId = 0; ;) {
    const batch = await timed(pendingBatch(ctx, noticeId, afterId));
    await settle();
    if (batch === null) break;
    send(batch);
    afterId = batch.lastId;
  }
  await settle();
  if (await completeIfDone(ctx.database.db, noticeId)) markNoticeDirty(ctx, noticeId);
  return (await loadNotice(ctx.database.db, noticeId))?.status === 'cancelled' ? 'stopped' : 'done';
}

async function after(ctx: AppContext, batch: BatchResult): Promise<void> {
  markNoticeDirty(ctx, batch.noticeId);
  // The batch is committed: if Redis cannot take the jobs now, the reconcilers find these queued rows again.
  if (!(await enqueueHandoffs(ctx, batch))) throw new RetryableError('could not enqueue notice sends', 'queue_unavailable');
}

/** Lock the notice for a batch; null when nothing may be handed on (cancelled, finished). */
async function lockForBatch(tx: Tx, noticeId: number) {
  const [n] = await tx.select().from(notices).where(eq(notices.id, noticeId)).for('update');
  return n && n.status === 'sending' ? n : null;
}

/** One audience batch in one transaction; null when the audience is done. */
async function insertBatch(ctx: AppContext, noticeId: number, audience: number[]): Promise<(BatchResult & { done: boolean }) | null> {
  const size = ctx.env.NOTICE_FANOUT_BATCH;
  return ctx.database.db.transaction(async (tx) => {
    const n = await lockForBatch(tx, noticeId);
    if (!n || n.fanoutDone) return null;
    const override = overridesOptOut(n, ctx.env.NOTICE_EMERGENCY_OVERRIDES_OPT_OUT);
    // The next contacts after the cursor (the index on subscriptions(contact_id, …) in order). Those that
    // already have a delivery (a run that lost its cursor) are left out by the insert's unique index: an
    // anti-join here would read every delivery of the notice made so far, batch after batch, whenever the
    // planner's statistics of notice_deliveries lag behind a large fan-out.
    const cands = audience.length === 0 ? [] : rowsOf(await tx.execute(sql`
      select c.contact_id, (${override}::boolean or (c.any_active and o.contact_id is null)) as eligible
      from (
        select s.contact_id, bool_or(s.active) as any_active from subscriptions s
        where s.unit_id = any(${intArray(audience)}) and s.contact_id > ${n.fanoutCursor}
        group by s.contact_id order by s.contact_id limit ${size}
      ) c left join notice_opt_outs o on o.contact_id = c.contact_id
      order by c.contact_id`)).map((r) => ({ contactId: Number(r.contact_id), eligible: r.eligible === true }));
    const last = cands.length > 0 ? cands[cands.length - 1]!.contactId : n.fanoutCursor;
    const handed = await insertHandedOff(tx, ctx, n, cands, channelsFor(ctx).now(), { cursor: last, done: cands.length < size });
    return { ...handed, done: cands.length < size };
  });
}

/** Queued deliveries without a channel (retried ones), after `afterId`; null when none are left. */
async function pendingBatch(ctx: AppContext, noticeId: number, afterId: number): Promise<(BatchResult & { lastId: number }) | null> {
  return ctx.database.db.transaction(async (tx) => {
    const n = await lockForBatch(tx, noticeId);
    if (!n) return null;
    const page = await tx.select({ id: noticeDeliveries.id, contactId: noticeDeliveries.contactId, attempt: noticeDeliveries.attempt })
      .from(noticeDeliveries)
      .where(and(eq(noticeDeliveries.noticeId, noticeId), eq(noticeDeliveries.status, 'queued'), isNull(noticeDeliveries.channel), gt(noticeDeliveries.id, afterId)))
      .orderBy(asc(noticeDeliveries.id)).limit(ctx.env.NOTICE_FANOUT_BATCH);
    if (page.length === 0) return null;
    const handed = await handOffExisting(tx, ctx, n, page, channelsFor(ctx).now());
    return { ...handed, lastId: page[page.length - 1]!.id };
  });
}
