/**
 * Citizen satisfaction: one rating (1–5) per answer, from any channel — a
 * digit by SMS or Zalo (the SMS interpreter), or a button on the public lookup
 * page (/tra-cuu/<code>). A rating of 1 or 2 reopens the report (status
 * in_progress, answered/closed times cleared, timeline `reopened` with reason
 * low_rating) so the unit and its leader review it; the next answer may be
 * rated again. The latest rating is the report's score (reports.rating).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { reportEvents, reports, type Channel } from '../../db/schema/index.js';
import { parseTrackingCode } from '../../domain/tracking-code.js';
import { AppError, NotFoundError } from '../../lib/errors.js';
import type { RealtimeEvent } from '../../realtime/rooms.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { refreshReportMetrics } from './metrics.service.js';

/** A closed report can still be rated this long after its answer. */
export const RATING_WINDOW_MS = 30 * 86_400_000;
export const LOW_RATING = 2;

export interface Ratable { status: string; answeredAt: Date | null; ratedAt: Date | null }

/** Answered (or closed within the window) and not rated since the answer. */
export function isRatable(r: Ratable, now: Date = new Date()): boolean {
  if (!r.answeredAt) return false;
  if (r.ratedAt && r.ratedAt.getTime() >= r.answeredAt.getTime()) return false;
  if (r.status === 'answered') return true;
  return r.status === 'closed' && now.getTime() - r.answeredAt.getTime() < RATING_WINDOW_MS;
}

export interface RatingInput {
  reportId: number;
  assignedUnitId: number;
  unitPath: string;
  score: number;
  channel: Channel;
  at?: Date;
}

/** Record a rating in the caller's transaction; returns whether it reopened the report and what to publish after commit. */
export async function recordRating(tx: DbOrTx, a: RatingInput): Promise<{ reopened: boolean; realtime: RealtimeEvent[] }> {
  const at = a.at ?? new Date();
  await tx.insert(reportEvents).values({ reportId: a.reportId, type: 'rated', actorKind: 'citizen', unitId: a.assignedUnitId, at, data: { score: a.score, channel: a.channel } });
  await tx.update(reports).set({ rating: a.score, ratedAt: at, lastActivityAt: at, updatedAt: at }).where(eq(reports.id, a.reportId));
  const realtime: RealtimeEvent[] = [{ event: 'report.updated', unitPaths: [a.unitPath], reportId: a.reportId, data: { rating: a.score } }];
  let reopened = false;
  if (a.score <= LOW_RATING) {
    const rows = await tx.update(reports)
      .set({ status: 'in_progress', answeredAt: null, closedAt: null, updatedAt: at })
      .where(and(eq(reports.id, a.reportId), inArray(reports.status, ['answered', 'closed'])))
      .returning({ id: reports.id });
    if (rows.length > 0) {
      reopened = true;
      await tx.insert(reportEvents).values({
        reportId: a.reportId, type: 'reopened', actorKind: 'citizen', unitId: a.assignedUnitId, at,
        data: { reason: 'low_rating', score: a.score, to: 'in_progress' },
      });
      realtime.push({ event: 'report.status', unitPaths: [a.unitPath], reportId: a.reportId, data: { status: 'in_progress', reason: 'low_rating' } });
    }
  }
  await refreshReportMetrics(tx, a.reportId, at);
  return { reopened, realtime };
}

export const RATING_ERRORS = {
  notRatable: 'Phản ánh này chưa thể đánh giá (chưa có trả lời, hoặc đã đánh giá) / This report cannot be rated now (not answered yet, or already rated)',
};

/** The public lookup page's rating: anyone holding the tracking code, once per answer. */
export async function ratePublicReport(ctx: AppContext, rawCode: string, score: number) {
  const code = parseTrackingCode(rawCode);
  if (!code) throw new NotFoundError('Không tìm thấy phản ánh với mã này / No report has this code');
  const db = ctx.database.db;
  const catalog = await loadCatalog(db);
  const done = await db.transaction(async (tx) => {
    const [r] = await tx.select().from(reports).where(eq(reports.code, code)).for('update').limit(1);
    if (!r) throw new NotFoundError('Không tìm thấy phản ánh với mã này / No report has this code');
    if (!isRatable(r)) throw new AppError(409, 'not_ratable', RATING_ERRORS.notRatable);
    const unitPath = catalog.units.get(r.assignedUnitId)?.path ?? '';
    const result = await recordRating(tx, { reportId: r.id, assignedUnitId: r.assignedUnitId, unitPath, score, channel: 'web' });
    return { ...result, status: result.reopened ? 'in_progress' : r.status };
  });
  ctx.publisher.publish(done.realtime);
  return { code, score, reopened: done.reopened, status: done.status };
}
