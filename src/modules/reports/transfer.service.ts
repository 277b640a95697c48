/**
 * Transfer a report to another unit with a reason. Both units' rooms hear it
 * live; then every socket leaves the report's room, so a socket of the unit
 * that gave the report away stops receiving its events unless it passes the
 * scope check again (a leader above both units will).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { reportEvents, reports, units } from '../../db/schema/index.js';
import { ValidationError } from '../../lib/errors.js';
import type { SocketControl } from '../../realtime/control.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportInScope } from '../auth/scope.js';
import { recomputeOnTransfer } from '../sla/deadlines.service.js';
import { REPORT_MESSAGES } from './reports.schemas.js';

export async function transferReport(ctx: AppContext, control: SocketControl, user: AuthUser, reportId: number, input: { unitId: number; reason: string }) {
  const db = ctx.database.db;
  const done = await db.transaction(async (tx) => {
    const report = await reportInScope(tx, user, reportId, { forUpdate: true });
    const [to] = await tx.select({ id: units.id, name: units.name, path: units.path }).from(units)
      .where(and(eq(units.id, input.unitId), isNull(units.validTo))).limit(1);
    if (!to) throw new ValidationError({ unitId: REPORT_MESSAGES.unitUnknown });
    if (to.id === report.assignedUnitId) throw new ValidationError({ unitId: REPORT_MESSAGES.unitSame });
    const [from] = await tx.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.id, report.assignedUnitId)).limit(1);
    await tx.update(reports).set({ assignedUnitId: to.id, triage: 0, updatedAt: new Date() }).where(eq(reports.id, reportId));
    await tx.insert(reportEvents).values({
      reportId, type: 'transferred', actorKind: 'officer', actorUserId: user.id, unitId: to.id,
      data: { fromUnitId: report.assignedUnitId, fromUnitName: from?.name ?? null, toUnitId: to.id, toUnitName: to.name, reason: input.reason },
    });
    // Deadlines per the policy's transfer rule (src/modules/sla); the SLA sweeper re-arms the timers.
    await recomputeOnTransfer(tx, { reportId, at: new Date(), toUnitId: to.id, userId: user.id });
    return { code: report.code, from: { id: report.assignedUnitId, name: from?.name ?? '', path: from?.path ?? '' }, to };
  });
  ctx.publisher.publish([{
    event: 'report.transferred', unitPaths: [done.from.path, done.to.path], reportId,
    data: { code: done.code, fromUnitId: done.from.id, toUnitId: done.to.id },
  }]);
  control.leaveReportRoom(reportId);
  return { id: reportId, assignedUnit: { id: done.to.id, name: done.to.name }, from: { id: done.from.id, name: done.from.name } };
}
