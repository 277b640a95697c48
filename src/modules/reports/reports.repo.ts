/**
 * Queries behind the report list, counts and search. Every query starts from
 * `reportScope(user)`; filters only ever narrow it.
 */
import { and, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { categories, reportReads, reports, units } from '../../db/schema/index.js';
import { fold } from '../../domain/text.js';
import { parseTrackingCode } from '../../domain/tracking-code.js';
import type { Cursor } from '../../http/cursor.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportScope } from '../auth/scope.js';
import { statsFilterConditions } from '../stats/stats.sql.js';
import type { ReportFilters } from './reports.schemas.js';

/** Open and past its deadline; an answered or closed report is never overdue. */
export const overdueSql = sql<boolean>`(${reports.dueAt} is not null and ${reports.dueAt} < now() and ${reports.status} in ('received', 'in_progress'))`;

/** LIKE pattern for a literal piece of text. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(q: string): SQL | undefined {
  const folded = fold(q);
  if (folded === '') return undefined;
  const byText = sql`${reports.searchText} like ${likeContains(folded)}`;
  const code = parseTrackingCode(q);
  return code ? or(byText, eq(reports.code, code)) : byText;
}

/** The scope plus every filter, as one condition. */
export function reportConditions(user: AuthUser, f: ReportFilters): SQL {
  const c: (SQL | undefined)[] = [reportScope(user)];
  if (f.status?.length) c.push(inArray(reports.status, f.status));
  // A unit filter takes the unit and everything below it (a district shows its communes).
  if (f.unitId !== undefined) {
    c.push(sql`${reports.assignedUnitId} in (select u.id from units u join units f on u.path like f.path || '%' where f.id = ${f.unitId})`);
  }
  if (f.categoryId !== undefined) c.push(eq(reports.categoryId, f.categoryId));
  if (f.category !== undefined) c.push(sql`${reports.categoryId} = (select id from categories where code = ${f.category})`);
  if (f.channel !== undefined) c.push(eq(reports.originChannel, f.channel));
  if (f.overdue !== undefined) c.push(f.overdue ? overdueSql : sql`not ${overdueSql}`);
  if (f.triage !== undefined) c.push(eq(reports.triage, f.triage ? 1 : 0));
  if (f.from) c.push(gte(reports.receivedAt, f.from));
  if (f.to) c.push(lt(reports.receivedAt, f.to));
  if (f.q) c.push(searchCondition(f.q));
  c.push(...statsFilterConditions(f));
  return and(...c.filter((x): x is SQL => x !== undefined))!;
}

const assigned = alias(units, 'assigned_unit');
const located = alias(units, 'location_unit');

export async function listReports(db: DbOrTx, user: AuthUser, f: ReportFilters, page: { cursor: Cursor | null; limit: number }) {
  const where = page.cursor
    ? and(reportConditions(user, f), sql`(${reports.receivedAt}, ${reports.id}) < (${page.cursor.t}::timestamptz, ${page.cursor.i})`)
    : reportConditions(user, f);
  return db.select({
    id: reports.id, code: reports.code, status: reports.status, priority: reports.priority, originChannel: reports.originChannel,
    triage: reports.triage, excerpt: sql<string>`left(${reports.description}, 200)`,
    categoryId: reports.categoryId, categoryCode: categories.code, categoryNameVi: categories.nameVi, categoryNameEn: categories.nameEn,
    assignedUnitId: reports.assignedUnitId, assignedUnitName: assigned.name,
    locationUnitId: reports.locationUnitId, locationUnitName: located.name,
    receivedAt: reports.receivedAt, receivedAtText: sql<string>`${reports.receivedAt}::text`,
    lastActivityAt: reports.lastActivityAt, ackDueAt: reports.ackDueAt, dueAt: reports.dueAt,
    firstResponseAt: reports.firstResponseAt, answeredAt: reports.answeredAt, closedAt: reports.closedAt,
    overdue: overdueSql,
    unread: sql<boolean>`(${reportReads.seenAt} is null or ${reportReads.seenAt} < ${reports.lastActivityAt})`,
  })
    .from(reports)
    .leftJoin(categories, eq(categories.id, reports.categoryId))
    .leftJoin(assigned, eq(assigned.id, reports.assignedUnitId))
    .leftJoin(located, eq(located.id, reports.locationUnitId))
    .leftJoin(reportReads, and(eq(reportReads.reportId, reports.id), eq(reportReads.userId, user.id)))
    .where(where)
    .orderBy(desc(reports.receivedAt), desc(reports.id))
    .limit(page.limit + 1);
}
export type ListRow = Awaited<ReturnType<typeof listReports>>[number];

export async function countReports(db: DbOrTx, user: AuthUser, f: ReportFilters) {
  const rows = await db.select({
    status: reports.status, n: count(), overdue: sql<number>`count(*) filter (where ${overdueSql})`,
  }).from(reports).where(reportConditions(user, f)).groupBy(reports.status);
  const byStatus = { received: 0, in_progress: 0, answered: 0, closed: 0 };
  let overdue = 0;
  for (const r of rows) { byStatus[r.status] = Number(r.n); overdue += Number(r.overdue); }
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus, overdue };
}

/** Remember that `userId` has seen the report as of now (the inbox's unread marker). */
export async function markSeen(db: DbOrTx, userId: number, reportId: number): Promise<void> {
  await db.insert(reportReads).values({ userId, reportId, seenAt: new Date() })
    .onConflictDoUpdate({ target: [reportReads.userId, reportReads.reportId], set: { seenAt: new Date() } });
}
