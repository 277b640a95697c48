/**
 * Extensions (gia hạn): an officer in scope asks for a later deadline with a
 * reason; a leader of the report's unit or of a unit above it (or an
 * administrator) approves or refuses — never the person who asked. Approval
 * moves reports.due_at and bumps the timer version (new warning at the
 * policy's share of the time left, new breach at the new deadline); the
 * policy deadline stays, so an answer after it is "late with an approved
 * extension". Everything is on the timeline.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { reportEvents, reportExtensions, reportSla, reports, users } from '../../db/schema/index.js';
import { extensionProblem, warnAtFor } from '../../domain/deadlines.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportInScope } from '../auth/scope.js';
import { unitPathOf } from '../reports/reports.service.js';
import { refreshReportMetrics } from './metrics.service.js';
import { loadWorkCalendar, policyById } from './sla-config.repo.js';
import { SLA_MESSAGES } from './sla.schemas.js';

const OPEN = new Set(['received', 'in_progress']);
type ExtensionRow = typeof reportExtensions.$inferSelect;

export function extensionView(e: ExtensionRow, names: Map<number, string> = new Map()) {
  const who = (id: number | null) => (id === null ? null : { id, displayName: names.get(id) ?? '' });
  return {
    id: e.id, reportId: e.reportId, status: e.status, dueAt: e.dueAt.toISOString(), previousDueAt: e.previousDueAt?.toISOString() ?? null,
    reason: e.reason, requestedBy: who(e.requestedByUserId), requestedAt: e.requestedAt.toISOString(),
    decidedBy: who(e.decidedByUserId), decidedAt: e.decidedAt?.toISOString() ?? null, decisionNote: e.decisionNote,
  };
}
export type ExtensionView = ReturnType<typeof extensionView>;

export async function listExtensions(ctx: AppContext, user: AuthUser, reportId: number): Promise<ExtensionView[]> {
  const db = ctx.database.db;
  await reportInScope(db, user, reportId);
  const rows = await db.select().from(reportExtensions).where(eq(reportExtensions.reportId, reportId)).orderBy(desc(reportExtensions.id));
  const ids = [...new Set(rows.flatMap((r) => [r.requestedByUserId, r.decidedByUserId]).filter((x): x is number => x !== null))];
  const names = ids.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
  return rows.map((r) => extensionView(r, new Map(names.map((n) => [n.id, n.name]))));
}

export async function requestExtension(ctx: AppContext, user: AuthUser, reportId: number, input: { dueAt: Date; reason: string }, now: Date = new Date()) {
  const db = ctx.database.db;
  const done = await db.transaction(async (tx) => {
    const report = await reportInScope(tx, user, reportId, { forUpdate: true });
    if (!OPEN.has(report.status)) throw new AppError(409, 'report_not_open', SLA_MESSAGES.notOpen.vi + ' / ' + SLA_MESSAGES.notOpen.en);
    const problem = extensionProblem(input.dueAt, report.dueAt, now);
    if (problem) throw new ValidationError({ dueAt: SLA_MESSAGES[problem === 'past' ? 'duePast' : 'dueNotLater'] });
    const [ext] = await tx.insert(reportExtensions).values({
      reportId, dueAt: input.dueAt, previousDueAt: report.dueAt, reason: input.reason, requestedByUserId: user.id, requestedAt: now,
    }).onConflictDoNothing().returning();
    if (!ext) throw new AppError(409, 'extension_pending', SLA_MESSAGES.pending.vi + ' / ' + SLA_MESSAGES.pending.en);
    await tx.insert(reportEvents).values({
      reportId, type: 'extension_requested', actorKind: 'officer', actorUserId: user.id, unitId: report.assignedUnitId,
      data: { extensionId: ext.id, dueAt: input.dueAt.toISOString(), previousDueAt: report.dueAt?.toISOString() ?? null, reason: input.reason },
    });
    return { ext, unitId: report.assignedUnitId, code: report.code };
  });
  await publish(ctx, done.unitId, reportId, { kind: 'extension_requested', code: done.code, extensionId: done.ext.id, dueAt: done.ext.dueAt.toISOString() });
  return extensionView(done.ext, new Map([[user.id, user.displayName]]));
}

async function publish(ctx: AppContext, unitId: number, reportId: number, data: Record<string, unknown>): Promise<void> {
  ctx.publisher.publish([{ event: 'report.sla', unitPaths: [await unitPathOf(ctx.database.db, unitId)], reportId, data }]);
}

export async function decideExtension(ctx: AppContext, user: AuthUser, reportId: number, extId: number, d: { approve: boolean; note: string | null }, now: Date = new Date()) {
  if (user.role === 'officer') throw new AppError(403, 'forbidden', SLA_MESSAGES.leadersOnly.vi + ' / ' + SLA_MESSAGES.leadersOnly.en);
  const db = ctx.database.db;
  const done = await db.transaction(async (tx) => {
    // A leader's scope is their unit and the units below it: "a leader of the unit or above".
    const report = await reportInScope(tx, user, reportId, { forUpdate: true });
    const [ext] = await tx.select().from(reportExtensions).where(and(eq(reportExtensions.id, extId), eq(reportExtensions.reportId, reportId))).for('update');
    if (!ext) throw new NotFoundError();
    if (ext.status !== 'pending') throw new AppError(409, 'extension_decided', SLA_MESSAGES.decided.vi + ' / ' + SLA_MESSAGES.decided.en);
    if (ext.requestedByUserId === user.id) throw new AppError(403, 'self_approval', SLA_MESSAGES.selfApproval.vi + ' / ' + SLA_MESSAGES.selfApproval.en);
    if (d.approve && !OPEN.has(report.status)) throw new AppError(409, 'report_not_open', SLA_MESSAGES.notOpen.vi + ' / ' + SLA_MESSAGES.notOpen.en);
    if (d.approve && ext.dueAt.getTime() <= now.getTime()) throw new AppError(409, 'extension_expired', SLA_MESSAGES.expired.vi + ' / ' + SLA_MESSAGES.expired.en);
    const [decided] = await tx.update(reportExtensions).set({ status: d.approve ? 'approved' : 'rejected', decidedByUserId: user.id, decidedAt: now, decisionNote: d.note })
      .where(and(eq(reportExtensions.id, extId), eq(reportExtensions.status, 'pending'))).returning();
    const version = d.approve ? await moveDeadline(tx, { reportId, dueAt: ext.dueAt, now }) : null;
    await tx.insert(reportEvents).values({
      reportId, type: d.approve ? 'extension_approved' : 'extension_rejected', actorKind: 'officer', actorUserId: user.id, unitId: report.assignedUnitId,
      data: { extensionId: extId, dueAt: ext.dueAt.toISOString(), previousDueAt: report.dueAt?.toISOString() ?? null, note: d.note, ...(version ? { version } : {}) },
    });
    if (d.approve) await refreshReportMetrics(tx, reportId, now);
    return { ext: decided!, unitId: report.assignedUnitId, code: report.code };
  });
  await publish(ctx, done.unitId, reportId, {
    kind: d.approve ? 'extension_approved' : 'extension_rejected', code: done.code, extensionId: extId, dueAt: done.ext.dueAt.toISOString(),
  });
  return extensionView(done.ext);
}

/** The new deadline and a new timer version; returns the version. */
async function moveDeadline(tx: Tx, a: { reportId: number; dueAt: Date; now: Date }): Promise<number> {
  const [sla] = await tx.select().from(reportSla).where(eq(reportSla.reportId, a.reportId)).limit(1);
  const share = (await policyById(tx, sla?.policyId ?? null))?.warnShare ?? 0.75;
  const warnAt = warnAtFor(await loadWorkCalendar(tx), a.now, a.dueAt, share);
  const [row] = await tx.insert(reportSla).values({ reportId: a.reportId, startedAt: a.now, dueAt: a.dueAt, warnAt, version: 1, armed: true })
    .onConflictDoUpdate({ target: reportSla.reportId, set: { dueAt: a.dueAt, warnAt, armed: true, version: sql`${reportSla.version} + 1`, updatedAt: a.now } })
    .returning({ version: reportSla.version });
  await tx.update(reports).set({ dueAt: a.dueAt, updatedAt: a.now }).where(eq(reports.id, a.reportId));
  return row?.version ?? 1;
}
