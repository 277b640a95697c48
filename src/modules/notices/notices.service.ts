/**
 * Composing and steering notices (docs/API.md "Notices"): create (with the
 * approval rule), preview, approve, cancel, retry the failed deliveries.
 * Sending itself is the workers' (fanout.service.ts, handoff-batch.ts, zns.service.ts).
 *
 * Approval: a notice whose estimated recipients exceed
 * NOTICE_APPROVAL_THRESHOLD waits in `pending_approval` until a second person —
 * a leader whose scope covers every target unit, not the author — approves it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { notices, type NoticeStatus } from '../../db/schema/index.js';
import { channelsFor } from '../../channels/registry.js';
import { AppError, ValidationError } from '../../lib/errors.js';
import { noticeFanoutJob } from '../../jobs/definitions.js';
import type { AuthUser } from '../auth/auth.types.js';
import { unitInScope } from '../auth/scope.js';
import { loadCatalog, type Catalog, type UnitInfo } from '../catalog/catalog.service.js';
import { MAX_SCHEDULE_DAYS, NOTICE_MESSAGES, type CreateNoticeInput } from './notices.schemas.js';
import { rowsOf } from '../../db/sql.js';
import { audienceUnitIds, deliveryCounts, estimateAudience, overridesOptOut } from './notices.repo.js';
import { noticeForUser, permissionsOf } from './notices.view.js';
import { lockNotice } from './handoff.js';
import { markNoticeDirty, publishProgress } from './progress.js';

/** The target units of a request, each known and within the user's scope (field errors otherwise). */
export function resolveUnits(catalog: Catalog, user: AuthUser, codes: string[]): UnitInfo[] {
  const units = codes.map((c) => catalog.unitsByCode.get(c));
  if (units.some((u) => !u)) throw new ValidationError({ unitCodes: NOTICE_MESSAGES.unitUnknown });
  const known = units as UnitInfo[];
  if (!known.every((u) => unitInScope(user, u))) throw new ValidationError({ unitCodes: NOTICE_MESSAGES.unitScope });
  return known;
}

/** Recipients a notice would have now (0 for a notice-board-only notice). */
export async function estimateFor(ctx: AppContext, catalog: Catalog, units: UnitInfo[], channels: string[], emergency: boolean, classes = false) {
  const personal = channels.includes('sms') || channels.includes('zalo');
  const override = overridesOptOut({ emergency }, ctx.env.NOTICE_EMERGENCY_OVERRIDES_OPT_OUT);
  if (!personal) return { recipients: 0, optedOut: 0, classes: { zaloPhone: 0, zaloOnly: 0, phoneOnly: 0, neither: 0 } };
  return estimateAudience(ctx.database.db, audienceUnitIds(catalog, units), override, classes);
}

async function startFanout(ctx: AppContext, id: number, status: NoticeStatus, scheduledAt: Date | null, round = 0): Promise<void> {
  if (status !== 'sending' && status !== 'scheduled') return;
  const delay = status === 'scheduled' && scheduledAt ? Math.max(0, scheduledAt.getTime() - channelsFor(ctx).now().getTime()) : 0;
  // If Redis is down the reconciler starts it (status 'sending' with an unfinished fan-out, or a due schedule).
  await ctx.queues.enqueue(noticeFanoutJob, [{ noticeId: id, round }], delay > 0 ? { delay } : {});
}

export async function createNotice(ctx: AppContext, user: AuthUser, input: CreateNoticeInput) {
  const catalog = await loadCatalog(ctx.database.db);
  const units = resolveUnits(catalog, user, input.unitCodes);
  const now = channelsFor(ctx).now();
  const scheduledAt = input.scheduledAt ?? null;
  if (scheduledAt && scheduledAt.getTime() < now.getTime() - 60_000) throw new ValidationError({ scheduledAt: NOTICE_MESSAGES.scheduledPast });
  if (scheduledAt && scheduledAt.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) throw new ValidationError({ scheduledAt: NOTICE_MESSAGES.scheduledAt });
  const estimate = await estimateFor(ctx, catalog, units, input.channels, input.emergency);
  const needsApproval = estimate.recipients > ctx.env.NOTICE_APPROVAL_THRESHOLD;
  const status: NoticeStatus = needsApproval ? 'pending_approval' : scheduledAt && scheduledAt > now ? 'scheduled' : 'sending';
  const [row] = await ctx.database.db.insert(notices).values({
    title: input.title, text: input.text, unitIds: units.map((u) => u.id), topic: input.topic ?? null, channels: input.channels,
    emergency: input.emergency, senderName: user.unitName, scheduledAt, status, createdByUserId: user.id,
    estimatedRecipients: estimate.recipients, startedAt: status === 'sending' ? new Date() : null,
  }).returning({ id: notices.id });
  await startFanout(ctx, row!.id, status, scheduledAt);
  return { id: row!.id, status, estimatedRecipients: estimate.recipients, approvalThreshold: ctx.env.NOTICE_APPROVAL_THRESHOLD };
}

const forbidden = (vi: string, en: string) => new AppError(403, 'approval_forbidden', `${vi} / ${en}`);
const conflict = (status: string) => new AppError(409, 'invalid_transition', `Không thể thực hiện khi thông báo đang ở trạng thái ${status} / Not allowed while the notice is ${status}`);

export async function approveNotice(ctx: AppContext, user: AuthUser, id: number) {
  const db = ctx.database.db;
  const { row, catalog } = await noticeForUser(db, user, id);
  if (row.status !== 'pending_approval') throw conflict(row.status);
  if (user.id === row.createdByUserId) throw forbidden('Người soạn không thể tự duyệt thông báo của mình', 'The author cannot approve their own notice');
  if (!permissionsOf(user, row, catalog, 0).approve) throw forbidden('Chỉ lãnh đạo quản lý mọi đơn vị nhận mới được duyệt', 'Only a leader whose scope covers every receiving unit may approve');
  const now = channelsFor(ctx).now();
  const status: NoticeStatus = row.scheduledAt && row.scheduledAt > now ? 'scheduled' : 'sending';
  const done = await db.update(notices)
    .set({ status, approvedByUserId: user.id, approvedAt: new Date(), updatedAt: new Date(), ...(status === 'sending' ? { startedAt: new Date() } : {}) })
    .where(and(eq(notices.id, id), eq(notices.status, 'pending_approval'))).returning({ id: notices.id });
  if (done.length === 0) throw conflict('changed');
  await startFanout(ctx, id, status, row.scheduledAt);
  markNoticeDirty(ctx, id);
  return { id, status };
}

/**
 * Stop further sends. Deliveries not yet handed to a channel, and messages
 * still waiting in a send queue, are skipped ('cancelled'); a send already at
 * the provider completes. The notice's advisory lock is taken exclusively
 * first: hand-offs hold it shared, so this waits for those in flight and then
 * sees their messages.
 */
export async function cancelNotice(ctx: AppContext, user: AuthUser, id: number) {
  const db = ctx.database.db;
  const { row, catalog } = await noticeForUser(db, user, id);
  if (!permissionsOf(user, row, catalog, 0).cancel) {
    if (['pending_approval', 'scheduled', 'sending'].includes(row.status)) throw new AppError(403, 'forbidden', 'Không có quyền / Forbidden');
    throw conflict(row.status);
  }
  await db.transaction(async (tx) => {
    await lockNotice(tx, id, 'exclusive');
    const done = await tx.update(notices).set({ status: 'cancelled', cancelledAt: new Date(), cancelledByUserId: user.id, updatedAt: new Date() })
      .where(and(eq(notices.id, id), inArray(notices.status, ['pending_approval', 'scheduled', 'sending']))).returning({ id: notices.id });
    if (done.length === 0) throw conflict('changed');
    await tx.execute(sql`update messages m set status = 'failed', error_code = 'notice_cancelled', error_message = 'notice cancelled'
      from notice_deliveries d where d.notice_id = ${id} and d.status = 'queued' and d.message_id = m.id and m.status = 'queued'`);
    await tx.execute(sql`update notice_deliveries d set status = 'skipped', skip_reason = 'cancelled', updated_at = now()
      where d.notice_id = ${id} and d.status = 'queued' and (
        (d.message_id is null and d.provider_message_id is null and d.sending_since is null)
        or exists (select 1 from messages m where m.id = d.message_id and m.status = 'failed' and m.error_code = 'notice_cancelled'))`);
  });
  await publishProgress(ctx, id).catch(() => markNoticeDirty(ctx, id));
  return { id, status: 'cancelled' as const };
}

/** Failed deliveries go back to the queue (a new attempt, hence new job ids) and the notice is sending again. */
export async function retryFailed(ctx: AppContext, user: AuthUser, id: number) {
  const db = ctx.database.db;
  const { row, catalog } = await noticeForUser(db, user, id);
  const counts = await deliveryCounts(db, id);
  if (!permissionsOf(user, row, catalog, counts.failed).retryFailed) {
    if (counts.failed === 0 && ['sending', 'sent'].includes(row.status)) throw new AppError(409, 'nothing_to_retry', 'Không có tin gửi lỗi / No failed deliveries');
    if (!['sending', 'sent'].includes(row.status)) throw conflict(row.status);
    throw new AppError(403, 'forbidden', 'Không có quyền / Forbidden');
  }
  const result = await db.transaction(async (tx) => {
    const [n] = await tx.select({ status: notices.status, round: notices.fanoutRound }).from(notices).where(eq(notices.id, id)).for('update');
    if (!n || !['sending', 'sent'].includes(n.status)) throw conflict(n?.status ?? 'gone');
    const res = await tx.execute(sql`with u as (update notice_deliveries set status = 'queued', channel = null, message_id = null,
      provider_message_id = null, error_code = null, sending_since = null, sent_at = null, delivered_at = null, attempt = attempt + 1,
      updated_at = now() where notice_id = ${id} and status = 'failed' returning 1) select count(*)::int as n from u`);
    const round = n.round + 1;
    await tx.update(notices).set({ status: 'sending', fanoutRound: round, completedAt: null, updatedAt: new Date() }).where(eq(notices.id, id));
    return { round, retried: Number(rowsOf(res)[0]?.n ?? 0) };
  });
  await startFanout(ctx, id, 'sending', null, result.round);
  markNoticeDirty(ctx, id);
  return { id, status: 'sending' as const, retried: result.retried };
}
