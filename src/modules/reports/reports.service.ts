/**
 * The officer's view of reports: list and counts (scoped, filtered, paged),
 * detail, revealing the reporter's contact details (audited), and status
 * changes along the lifecycle. Realtime events go out after the commit.
 */
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, reportEvents, reports, units, type ReportStatus } from '../../db/schema/index.js';
import { canTransition, isReopen, transitionRefusal } from '../../domain/report-lifecycle.js';
import { formatPhone } from '../../domain/phone.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportInScope } from '../auth/scope.js';
import { refreshReportMetrics } from '../sla/metrics.service.js';
import { buildReportView, loadContact } from './report-view.js';
import { countReports, listReports, markSeen, type ListRow } from './reports.repo.js';
import type { ListQuery, ReportFilters } from './reports.schemas.js';

function listItem(r: ListRow) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id, code: r.code, status: r.status, priority: r.priority, originChannel: r.originChannel, triage: r.triage === 1,
    excerpt: r.excerpt,
    category: r.categoryId !== null && r.categoryCode ? { id: r.categoryId, code: r.categoryCode, nameVi: r.categoryNameVi ?? '', nameEn: r.categoryNameEn ?? '' } : null,
    assignedUnit: { id: r.assignedUnitId, name: r.assignedUnitName ?? '' },
    locationUnit: r.locationUnitId !== null ? { id: r.locationUnitId, name: r.locationUnitName ?? '' } : null,
    receivedAt: r.receivedAt.toISOString(), lastActivityAt: r.lastActivityAt.toISOString(), ackDueAt: iso(r.ackDueAt), dueAt: iso(r.dueAt),
    firstResponseAt: iso(r.firstResponseAt), answeredAt: iso(r.answeredAt), closedAt: iso(r.closedAt),
    overdue: Boolean(r.overdue), unread: Boolean(r.unread),
  };
}
export type ReportListItem = ReturnType<typeof listItem>;

export async function listForUser(db: DbOrTx, user: AuthUser, q: ListQuery): Promise<{ items: ReportListItem[]; nextCursor: string | null }> {
  const { cursor, limit, ...filters } = q;
  const rows = await listReports(db, user, filters, { cursor: decodeCursor(cursor), limit });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(listItem), nextCursor: rows.length > limit && last ? encodeCursor({ t: last.receivedAtText, i: last.id }) : null };
}

export function countsForUser(db: DbOrTx, user: AuthUser, f: ReportFilters) {
  return countReports(db, user, f);
}

export async function detailForUser(db: DbOrTx, user: AuthUser, reportId: number) {
  const report = await reportInScope(db, user, reportId);
  const view = await buildReportView(db, report, user);
  await markSeen(db, user.id, reportId);
  return view;
}

/** Unmasked phone and name, for users allowed to see them; every reveal is written to the audit log. */
export async function revealReporter(db: DbOrTx, user: AuthUser, reportId: number) {
  const report = await reportInScope(db, user, reportId);
  if (!user.canReveal) {
    throw new AppError(403, 'reveal_forbidden', 'Tài khoản của bạn không được xem thông tin cá nhân của người phản ánh / Your account may not see reporters\' personal data');
  }
  const contact = await loadContact(db, report.contactId);
  await db.insert(auditLog).values({
    userId: user.id, action: 'report.reveal', targetType: 'report', targetId: String(report.id),
    data: { contactId: report.contactId, fields: ['name', 'phone'] },
  });
  const phone = contact.phone;
  return {
    name: contact.displayName, phone,
    phoneDisplay: phone && phone.startsWith('+84') ? formatPhone(phone, '0') : phone,
  };
}

export async function unitPathOf(db: DbOrTx, unitId: number): Promise<string> {
  const [u] = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId)).limit(1);
  return u?.path ?? '';
}

/** Move a report along the lifecycle; 409 with the allowed moves otherwise. Same status = no change. */
export async function changeStatus(ctx: AppContext, user: AuthUser, reportId: number, to: ReportStatus) {
  const outcome = await ctx.database.db.transaction(async (tx) => {
    const report = await reportInScope(tx, user, reportId, { forUpdate: true });
    const from = report.status;
    if (from === to) return { changed: false as const, status: from, unitId: report.assignedUnitId };
    if (!canTransition(from, to)) throw new AppError(409, 'invalid_transition', transitionRefusal(from, to));
    await applyStatus(tx, { reportId, from, to, userId: user.id, unitId: report.assignedUnitId, via: 'manual' });
    return { changed: true as const, status: to, from, unitId: report.assignedUnitId };
  });
  if (outcome.changed) {
    ctx.publisher.publish([{
      event: 'report.status', unitPaths: [await unitPathOf(ctx.database.db, outcome.unitId)], reportId,
      data: { status: outcome.status, from: outcome.from },
    }]);
  }
  return { id: reportId, status: outcome.status, changed: outcome.changed };
}

/**
 * Writes a status change and its timeline event. Answering stamps answered_at
 * only for a manual change — a reply's answer is stamped when the reply is
 * sent (markReplySent); reopening clears answered_at and closed_at so the next
 * answer is measured afresh (the timeline keeps the history).
 */
export async function applyStatus(tx: DbOrTx, a: { reportId: number; from: ReportStatus; to: ReportStatus; userId: number; unitId: number; via: 'manual' | 'reply' }): Promise<void> {
  const now = new Date();
  const reopen = isReopen(a.from, a.to);
  await tx.update(reports).set({
    status: a.to, updatedAt: now,
    ...(a.to === 'answered' && a.via === 'manual' ? { answeredAt: sql`coalesce(${reports.answeredAt}, now())` } : {}),
    ...(a.to === 'closed' ? { closedAt: now } : {}),
    ...(reopen ? { answeredAt: null, closedAt: null } : {}),
  }).where(eq(reports.id, a.reportId));
  await tx.insert(reportEvents).values({
    reportId: a.reportId, type: reopen ? 'reopened' : 'status_changed', actorKind: 'officer', actorUserId: a.userId,
    unitId: a.unitId, data: { from: a.from, to: a.to, via: a.via },
  });
  // Resolution, on-time status and the SLA timers follow the answer (src/modules/sla).
  await refreshReportMetrics(tx, a.reportId);
}
