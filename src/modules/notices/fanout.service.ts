/**
 * `notices.fanout`: turns a notice's audience into deliveries, in batches
 * (NOTICE_FANOUT_BATCH, default 1000), never holding the audience in memory.
 * One transaction per batch:
 *
 *   lock the notice row → the next contacts after the keyset cursor
 *   (subscriptions in contact-id order) that have no delivery yet → their
 *   channels and messages, and INSERT … SELECT of their deliveries ON
 *   CONFLICT DO NOTHING (handoff-batch.ts) → store the new cursor
 *
 * and after the commit one addBulk per send queue (ids only). A killed fan-out
 * resumes from the stored cursor; one that runs twice inserts nothing new
 * (UNIQUE(notice_id, contact_id)) and hands nothing on twice (only deliveries
 * without a channel are handed on), so every contact is reached at most once
 * per notice. Citizens who said stop get a `skipped` / `opted_out` delivery
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
import { audienceUnitIds, completeIfDone, intArray, loadNotice, overridesOptOut, rowsOf, type NoticeRow } from './notices.repo.js';
import { markNoticeDirty } from './progress.js';

export type FanoutOutcome = 'done' | 'not_due' | 'stopped' | 'gone';

/** scheduled → sending once its time has come (guarded: one caller wins, the rest see 'sending'). */
export async function startIfDue(ctx: AppContext, n: NoticeRow): Promise<NoticeRow['status']> {
  if (n.status !== 'scheduled') return n.status;
  if (n.scheduledAt && n.scheduledAt.getTime() > channelsFor(ctx).now().getTime()) return 'scheduled';
  await ctx.database.db.update(notices).set({ status: 'sending', startedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(notices.id, n.id), eq(notices.status, 'scheduled')));
  return (await loadNotice(ctx.database.db, n.id))?.status ?? 'cancelled';
}

export async function runFanout(ctx: AppContext, noticeId: number, _round: number): Promise<FanoutOutcome> {
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
  const settle = async () => { const err = await inFlight; if (err) throw err; };
  const send = (b: BatchResult) => { inFlight = after(ctx, b).then(() => null, (e: unknown) => e); };
  for (;;) {
    const batch = await insertBatch(ctx, noticeId, audience);
    await settle();
    if (batch === null) break;
    send(batch);
    if (batch.done) break;
  }
  for (let afterId = 0; ;) {
    const batch = await pendingBatch(ctx, noticeId, afterId);
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
    // The next contacts after the cursor that have no delivery yet (a re-run skips those it reached).
    const cands = audience.length === 0 ? [] : rowsOf(await tx.execute(sql`
      select c.contact_id, (${override}::boolean or (c.any_active and o.contact_id is null)) as eligible
      from (
        select s.contact_id, bool_or(s.active) as any_active from subscriptions s
        where s.unit_id = any(${intArray(audience)}) and s.contact_id > ${n.fanoutCursor}
          and not exists (select 1 from notice_deliveries d where d.notice_id = ${noticeId} and d.contact_id = s.contact_id)
        group by s.contact_id order by s.contact_id limit ${size}
      ) c left join notice_opt_outs o on o.contact_id = c.contact_id
      order by c.contact_id`)).map((r) => ({ contactId: Number(r.contact_id), eligible: r.eligible === true }));
    const handed = await insertHandedOff(tx, ctx, n, cands, channelsFor(ctx).now());
    const last = cands.length > 0 ? cands[cands.length - 1]!.contactId : n.fanoutCursor;
    await tx.update(notices).set({ fanoutCursor: last, fanoutDone: cands.length < size, updatedAt: new Date() }).where(eq(notices.id, noticeId));
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
