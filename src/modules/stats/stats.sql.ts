/**
 * The SQL definitions every statistic, drill-down filter and export shares, so
 * a number on the dashboard, the reports behind it (GET /api/reports with the
 * filter named in docs/API.md) and the public scorecard can never disagree.
 * README "Metric definitions" states them in words.
 */
import { inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { reports } from '../../db/schema/index.js';

export const OPEN_STATUSES = ['received', 'in_progress'] as const;

/** Open reports (the backlog). */
export const openSql = sql`${reports.status} in ('received', 'in_progress')`;

/**
 * The on-time outcome of a report: stored when it was answered (the answer
 * that stands vs. the deadlines then in force), or 'late' for an open report
 * past its deadline; null = not decided yet (open and not due, or no deadline).
 */
export const outcomeSql = sql<string | null>`(case
  when ${reports.onTimeStatus} is not null then ${reports.onTimeStatus}
  when ${reports.status} in ('received', 'in_progress') and ${reports.dueAt} < now() then 'late'
  end)`;

export const OUTCOMES = ['on_time', 'late_extended', 'late', 'pending'] as const;
export type OutcomeFilter = (typeof OUTCOMES)[number];

/** Filters the dashboard's drill-down adds to GET /api/reports (and the exports). */
export interface StatsFilters {
  assignedUnitId?: number;
  locationUnitId?: number;
  outcome?: OutcomeFilter[];
  responded?: boolean;
  answered?: boolean;
  rating?: number[];
}

export function statsFilterConditions(f: StatsFilters): SQL[] {
  const c: SQL[] = [];
  if (f.assignedUnitId !== undefined) c.push(sql`${reports.assignedUnitId} = ${f.assignedUnitId}`);
  if (f.locationUnitId !== undefined) c.push(sql`${reports.locationUnitId} = ${f.locationUnitId}`);
  if (f.outcome?.length) {
    const decided = f.outcome.filter((o) => o !== 'pending');
    const parts: SQL[] = [];
    if (decided.length) parts.push(sql`${outcomeSql} in (${sql.join(decided.map((o) => sql`${o}`), sql`, `)})`);
    if (f.outcome.includes('pending')) parts.push(sql`${outcomeSql} is null`);
    c.push(sql`(${sql.join(parts, sql` or `)})`);
  }
  if (f.responded !== undefined) c.push(f.responded ? sql`${reports.firstResponseMs} is not null` : sql`${reports.firstResponseMs} is null`);
  if (f.answered !== undefined) c.push(f.answered ? sql`${reports.resolutionMs} is not null` : sql`${reports.resolutionMs} is null`);
  if (f.rating?.length) c.push(inArray(reports.rating, f.rating));
  return c;
}

/** Median and 90th percentile of a duration column, wall-clock and working: one sort per column (array form). */
export function timingColumns(wall: SQL | AnyColumn, work: SQL | AnyColumn) {
  return {
    n: sql<number>`count(${wall})`,
    wall: sql<number[] | null>`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${wall})`,
    work: sql<number[] | null>`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${work})`,
  };
}

/**
 * Outcome and satisfaction counts — outcomeSql unrolled (only 'late' has a live
 * part), which saves evaluating the CASE three times per row on large periods.
 */
export const outcomeColumns = {
  onTime: sql<number>`count(*) filter (where ${reports.onTimeStatus} = 'on_time')`,
  lateExtended: sql<number>`count(*) filter (where ${reports.onTimeStatus} = 'late_extended')`,
  late: sql<number>`count(*) filter (where ${reports.onTimeStatus} = 'late' or (${reports.onTimeStatus} is null and ${openSql} and ${reports.dueAt} < now()))`,
  rated: sql<number>`count(${reports.rating})`,
  ratingAvg: sql<number | null>`avg(${reports.rating})`,
};

export interface OnTime { decided: number; onTime: number; lateExtended: number; late: number; rate: number | null }

export function onTimeOf(row: { onTime: unknown; lateExtended: unknown; late: unknown }): OnTime {
  const onTime = Number(row.onTime);
  const lateExtended = Number(row.lateExtended);
  const late = Number(row.late);
  const decided = onTime + lateExtended + late;
  return { decided, onTime, lateExtended, late, rate: decided > 0 ? onTime / decided : null };
}

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const round = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v)));

/** First element of a percentile array (number[] from node-postgres, '{…}' text from some drivers). */
export function medianOf(v: unknown): number | null {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.replace(/[{}]/g, '').split(',').filter(Boolean) : [];
  return round(list[0] ?? null);
}
