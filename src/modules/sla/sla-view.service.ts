/**
 * GET /api/reports/:id/sla: a report's deadlines, timer state, extensions and
 * metrics as of now (computed live from its timeline, so an open report shows
 * the time each unit has held it so far).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { reportEvents, reportSla, units } from '../../db/schema/index.js';
import { computeReportMetrics } from '../../domain/metrics.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportInScope } from '../auth/scope.js';
import { listExtensions } from './extensions.service.js';
import { loadWorkCalendar, policyById } from './sla-config.repo.js';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export async function slaView(ctx: AppContext, user: AuthUser, reportId: number, now: Date = new Date()) {
  const db = ctx.database.db;
  const report = await reportInScope(db, user, reportId);
  const [sla] = await db.select().from(reportSla).where(eq(reportSla.reportId, reportId)).limit(1);
  const events = await db.select({ type: reportEvents.type, at: reportEvents.at, unitId: reportEvents.unitId, data: reportEvents.data })
    .from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(asc(reportEvents.id));
  const m = computeReportMetrics(events, await loadWorkCalendar(db), now);
  const unitIds = m.charges.map((c) => c.unitId);
  const names = unitIds.length ? await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)) : [];
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  const policy = await policyById(db, sla?.policyId ?? null);
  return {
    reportId,
    policy: policy ? { id: policy.id, categoryId: policy.categoryId, priority: policy.priority, onTransfer: policy.onTransfer, warnShare: policy.warnShare } : null,
    startedAt: iso(sla?.startedAt), ackDueAt: iso(report.ackDueAt), policyDueAt: iso(sla?.policyDueAt), dueAt: iso(report.dueAt), warnAt: iso(sla?.warnAt),
    version: sla?.version ?? 0,
    warned: sla ? sla.warnedVersion >= sla.version : false,
    breached: sla ? sla.breachedVersion >= sla.version : false,
    stuckFlaggedAt: iso(sla?.stuckFlaggedAt),
    overdue: m.overdue,
    extended: Boolean(report.dueAt && sla?.policyDueAt && report.dueAt > sla.policyDueAt),
    metrics: {
      firstResponseAt: iso(m.firstResponseAt), firstResponseMs: m.firstResponseMs, firstResponseWorkMs: m.firstResponseWorkMs,
      answeredAt: iso(m.answeredAt), resolutionMs: m.resolutionMs, resolutionWorkMs: m.resolutionWorkMs,
      onTimeStatus: m.onTimeStatus, rating: m.rating, ratedAt: iso(m.ratedAt), reopenCount: m.reopenCount, transferCount: m.transferCount,
    },
    charges: m.charges.map((c) => ({ unit: { id: c.unitId, name: nameOf.get(c.unitId) ?? '' }, wallMs: c.wallMs, workMs: c.workMs })),
    extensions: await listExtensions(ctx, user, reportId),
  };
}
