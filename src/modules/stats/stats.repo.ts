/**
 * Aggregates behind the dashboard and the scorecards: one SQL aggregate each,
 * over indexed columns of `reports` (metrics stored when they become known),
 * never a timeline replay. Each takes the WHERE condition of its caller —
 * built from reportConditions (scope + the list's filters), so every figure
 * has a GET /api/reports filter that lists the reports behind it.
 */
import { and, count, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { reportUnitTime, reports } from '../../db/schema/index.js';
import { medianOf, num, onTimeOf, openSql, outcomeColumns, outcomeSql, round, timingColumns, type OnTime } from './stats.sql.js';

export interface Timing { count: number; medianMs: number | null; p90Ms: number | null; medianWorkMs: number | null; p90WorkMs: number | null }
export interface Satisfaction { count: number; average: number | null }

/** Percentile arrays come back as number[] (node-postgres) or a '{…}' literal, depending on the driver. */
function pair(v: unknown): [number | null, number | null] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.replace(/[{}]/g, '').split(',').filter(Boolean) : [];
  return [medianOf(list), round(list[1] ?? null)];
}
const timingOf = (r: { n: unknown; wall: unknown; work: unknown }): Timing => {
  const [medianMs, p90Ms] = pair(r.wall);
  const [medianWorkMs, p90WorkMs] = pair(r.work);
  return { count: Number(r.n), medianMs, p90Ms, medianWorkMs, p90WorkMs };
};
const satisfactionOf = (r: { rated: unknown; ratingAvg: unknown }): Satisfaction => {
  const avg = num(r.ratingAvg);
  return { count: Number(r.rated), average: avg === null ? null : Math.round(avg * 100) / 100 };
};

const fr = timingColumns(reports.firstResponseMs, reports.firstResponseWorkMs);
const res = timingColumns(reports.resolutionMs, reports.resolutionWorkMs);

export interface Headline {
  received: number; answered: number; responded: number; stillOpen: number;
  firstResponse: Timing; resolution: Timing; onTime: OnTime;
  satisfaction: Satisfaction & { distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
}

export async function headline(db: DbOrTx, where: SQL): Promise<Headline> {
  const [r] = await db.select({
    received: count(), answered: sql<number>`count(${reports.resolutionMs})`, stillOpen: sql<number>`count(*) filter (where ${openSql})`,
    frN: fr.n, frWall: fr.wall, frWork: fr.work, resN: res.n, resWall: res.wall, resWork: res.work,
    ...outcomeColumns,
    r1: sql<number>`count(*) filter (where ${reports.rating} = 1)`, r2: sql<number>`count(*) filter (where ${reports.rating} = 2)`,
    r3: sql<number>`count(*) filter (where ${reports.rating} = 3)`, r4: sql<number>`count(*) filter (where ${reports.rating} = 4)`,
    r5: sql<number>`count(*) filter (where ${reports.rating} = 5)`,
  }).from(reports).where(where);
  if (!r) throw new Error('aggregate returned no row');
  return {
    received: Number(r.received), answered: Number(r.answered), responded: Number(r.frN), stillOpen: Number(r.stillOpen),
    firstResponse: timingOf({ n: r.frN, wall: r.frWall, work: r.frWork }),
    resolution: timingOf({ n: r.resN, wall: r.resWall, work: r.resWork }),
    onTime: onTimeOf(r),
    satisfaction: { ...satisfactionOf(r), distribution: { 1: Number(r.r1), 2: Number(r.r2), 3: Number(r.r3), 4: Number(r.r4), 5: Number(r.r5) } },
  };
}

export interface Backlog { open: number; overdue: number; oldestReceivedAt: Date | null }

/** Open reports now (not limited to a period). */
export async function backlog(db: DbOrTx, where: SQL): Promise<Backlog> {
  const [r] = await db.select({
    open: count(), overdue: sql<number>`count(*) filter (where ${reports.dueAt} < now())`, oldest: sql<Date | string | null>`min(${reports.receivedAt})`,
  }).from(reports).where(and(where, openSql));
  return { open: Number(r?.open ?? 0), overdue: Number(r?.overdue ?? 0), oldestReceivedAt: r?.oldest ? new Date(r.oldest) : null };
}

export interface UnitAggregate {
  unitId: number; received: number; answered: number; firstResponseMedianWorkMs: number | null; resolutionMedianWorkMs: number | null;
  onTime: OnTime; satisfaction: Satisfaction;
}

/** Per assigned unit; working-time medians only (two sorts per unit instead of four). */
export async function byUnit(db: DbOrTx, where: SQL): Promise<UnitAggregate[]> {
  const rows = await db.select({
    unitId: reports.assignedUnitId, received: count(), answered: sql<number>`count(${reports.resolutionMs})`,
    frW50: sql<number | null>`percentile_cont(0.5) within group (order by ${reports.firstResponseWorkMs})`,
    resW50: sql<number | null>`percentile_cont(0.5) within group (order by ${reports.resolutionWorkMs})`, ...outcomeColumns,
  }).from(reports).where(where).groupBy(reports.assignedUnitId);
  return rows.map((r) => ({
    unitId: r.unitId, received: Number(r.received), answered: Number(r.answered),
    firstResponseMedianWorkMs: round(r.frW50), resolutionMedianWorkMs: round(r.resW50), onTime: onTimeOf(r), satisfaction: satisfactionOf(r),
  }));
}

export async function backlogByUnit(db: DbOrTx, where: SQL): Promise<Map<number, { open: number; overdue: number }>> {
  const rows = await db.select({ unitId: reports.assignedUnitId, open: count(), overdue: sql<number>`count(*) filter (where ${reports.dueAt} < now())` })
    .from(reports).where(and(where, openSql)).groupBy(reports.assignedUnitId);
  return new Map(rows.map((r) => [r.unitId, { open: Number(r.open), overdue: Number(r.overdue) }]));
}

/** Working time charged to each unit (answered reports received in the period), across transfers. */
export async function chargedByUnit(db: DbOrTx, unitIds: number[], from: Date, to: Date): Promise<Map<number, { reports: number; wallMs: number; workMs: number }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.select({
    unitId: reportUnitTime.unitId, n: count(), wall: sql<number>`sum(${reportUnitTime.wallMs})`, work: sql<number>`sum(${reportUnitTime.workMs})`,
  }).from(reportUnitTime)
    .where(and(inArray(reportUnitTime.unitId, unitIds), gte(reportUnitTime.receivedAt, from), lt(reportUnitTime.receivedAt, to)))
    .groupBy(reportUnitTime.unitId);
  return new Map(rows.map((r) => [r.unitId, { reports: Number(r.n), wallMs: Number(r.wall), workMs: Number(r.work) }]));
}

export type Bucket = 'day' | 'week';

export interface TrendPoint { start: string; received: number; answered: number; onTime: OnTime; firstResponseMedianWorkMs: number | null }

/** Per day or ISO week (Monday) in Vietnam time; Vietnam has no daylight saving, so +7 h is exact. */
export async function trend(db: DbOrTx, where: SQL, bucket: Bucket): Promise<TrendPoint[]> {
  // A literal, not a parameter: GROUP BY must see the same expression as the select list ($1 ≠ $6).
  // Grouped by a number (the local day's epoch), not formatted text: sorting collated text is slow.
  const unit = sql.raw(bucket === 'week' ? `'week'` : `'day'`);
  const start = sql<number>`extract(epoch from date_trunc(${unit}, (${reports.receivedAt} at time zone 'UTC') + interval '7 hours'))::bigint`;
  const rows = await db.select({
    start, received: count(), answered: sql<number>`count(${reports.resolutionMs})`,
    frW50: sql<number | null>`percentile_cont(0.5) within group (order by ${reports.firstResponseWorkMs})`, ...outcomeColumns,
  }).from(reports).where(where).groupBy(start).orderBy(start);
  return rows.map((r) => ({
    start: new Date(Number(r.start) * 1000).toISOString().slice(0, 10), received: Number(r.received), answered: Number(r.answered),
    onTime: onTimeOf(r), firstResponseMedianWorkMs: round(r.frW50),
  }));
}

/** Counts by channel, category and commune in one scan (GROUPING SETS). */
export async function volumes(db: DbOrTx, where: SQL) {
  const rows = await db.select({
    channel: reports.originChannel, category: reports.categoryId, commune: reports.locationUnitId, n: count(),
    set: sql<number>`grouping(${reports.originChannel}, ${reports.categoryId}, ${reports.locationUnitId})`,
  }).from(reports).where(where)
    .groupBy(sql`grouping sets ((${reports.originChannel}), (${reports.categoryId}), (${reports.locationUnitId}))`);
  // grouping() has a bit set for each column NOT grouped: 3 = channel only, 5 = category only, 6 = commune only.
  const of = <K>(set: number, key: (r: typeof rows[number]) => K) => rows.filter((r) => Number(r.set) === set)
    .map((r) => ({ key: key(r), count: Number(r.n) })).sort((a, b) => b.count - a.count);
  return { byChannel: of(3, (r) => r.channel), byCategory: of(5, (r) => r.category), byCommune: of(6, (r) => r.commune) };
}

export interface OverdueRow {
  id: number; code: string; status: string; priority: string; categoryId: number | null; assignedUnitId: number;
  receivedAt: Date; dueAt: Date; policyDueAt: Date | null; pendingExtension: boolean;
}

export async function overdueReports(db: DbOrTx, where: SQL, limit: number): Promise<{ rows: OverdueRow[]; total: number }> {
  const cond = and(where, openSql, isNotNull(reports.dueAt), sql`${reports.dueAt} < now()`);
  const [rows, [total]] = await Promise.all([
    db.select({
      id: reports.id, code: reports.code, status: reports.status, priority: reports.priority, categoryId: reports.categoryId,
      assignedUnitId: reports.assignedUnitId, receivedAt: reports.receivedAt, dueAt: sql<Date>`${reports.dueAt}`,
      policyDueAt: sql<Date | null>`(select policy_due_at from report_sla s where s.report_id = ${reports.id})`,
      pendingExtension: sql<boolean>`exists (select 1 from report_extensions x where x.report_id = ${reports.id} and x.status = 'pending')`,
    }).from(reports).where(cond).orderBy(reports.dueAt, reports.id).limit(limit),
    db.select({ n: count() }).from(reports).where(cond),
  ]);
  const asDate = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((r) => ({ ...r, dueAt: asDate(r.dueAt)!, policyDueAt: asDate(r.policyDueAt), pendingExtension: Boolean(r.pendingExtension) })),
  };
}

/** Outcome of one report as SQL sees it (tests compare it with the pure metrics). */
export async function outcomeOf(db: DbOrTx, reportId: number): Promise<string | null> {
  const [r] = await db.select({ o: outcomeSql }).from(reports).where(eq(reports.id, reportId));
  return r?.o ?? null;
}
