/**
 * Stores each report's metrics on its row when they become known — a reply
 * sent, an answer, a reopen, a rating, a deadline moved — so the dashboard
 * aggregates indexed columns instead of replaying a million timelines. The
 * numbers come from the pure domain/metrics.ts over the report's timeline;
 * calling it again is harmless (it recomputes the same values).
 *
 * Callers: markReplySent, applyStatus (reports module), the rating service,
 * extensions, and the sweeper's backstop for rows stamped by a path that did
 * not call it.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { metricsPending, reportEvents, reportSla, reportUnitTime, reports } from '../../db/schema/index.js';
import { computeReportMetrics, type ReportMetrics, type TimelineEvent } from '../../domain/metrics.js';
import { loadWorkCalendar } from './sla-config.repo.js';

/** Recompute and store the metrics of one report; returns them (null if the report is gone). */
export async function refreshReportMetrics(tx: DbOrTx, reportId: number, now: Date = new Date()): Promise<ReportMetrics | null> {
  return (await refreshMetricsFor(tx, [reportId], now)).get(reportId) ?? null;
}

const CHUNK = 500;

/** The same for many reports at once (demo history, backfills): a few statements per 500 reports. */
export async function refreshMetricsFor(tx: DbOrTx, reportIds: readonly number[], now: Date = new Date()): Promise<Map<number, ReportMetrics>> {
  const out = new Map<number, ReportMetrics>();
  if (reportIds.length === 0) return out;
  const cal = await loadWorkCalendar(tx);
  for (let i = 0; i < reportIds.length; i += CHUNK) {
    const ids = reportIds.slice(i, i + CHUNK);
    // Insertion order is the order things happened (an event's `at` may come from another clock).
    const events = await tx.select({ reportId: reportEvents.reportId, type: reportEvents.type, at: reportEvents.at, unitId: reportEvents.unitId, data: reportEvents.data })
      .from(reportEvents).where(inArray(reportEvents.reportId, ids)).orderBy(asc(reportEvents.id));
    const byReport = new Map<number, TimelineEvent[]>();
    for (const e of events) byReport.set(e.reportId, [...(byReport.get(e.reportId) ?? []), e]);
    for (const [id, list] of byReport) out.set(id, computeReportMetrics(list, cal, now));
    await store(tx, [...byReport.keys()].map((id) => [id, out.get(id)!] as const), now);
  }
  return out;
}

/** Write the metrics columns, the unit charges and the timers' armed flag of a batch. */
async function store(tx: DbOrTx, batch: (readonly [number, ReportMetrics])[], now: Date): Promise<void> {
  if (batch.length === 0) return;
  const ts = (d: Date | null) => (d ? d.toISOString() : null);
  const values = batch.map(([id, m]) => sql`(${id}::bigint, ${m.firstResponseMs}::bigint, ${m.firstResponseWorkMs}::bigint, ${m.resolutionMs}::bigint,
    ${m.resolutionWorkMs}::bigint, ${m.onTimeStatus}::text, ${m.rating}::integer, ${ts(m.ratedAt)}::timestamptz)`);
  await tx.execute(sql`update ${reports} as r set first_response_ms = v.fr, first_response_work_ms = v.frw, resolution_ms = v.res,
    resolution_work_ms = v.resw, on_time_status = v.st, rating = v.rating, rated_at = v.rated_at, metrics_at = ${now.toISOString()}::timestamptz
    from (values ${sql.join(values, sql`, `)}) as v(id, fr, frw, res, resw, st, rating, rated_at) where r.id = v.id`);
  const ids = batch.map(([id]) => id);
  await tx.delete(reportUnitTime).where(inArray(reportUnitTime.reportId, ids));
  // Time charged is final once the report is answered; an open report's is still running.
  const received = new Map(batch.map(([id, m]) => [id, m.receivedAt]));
  const charges = batch.flatMap(([reportId, m]) => (m.answeredAt && m.receivedAt
    ? m.charges.map((c) => ({ reportId, unitId: c.unitId, receivedAt: received.get(reportId)!, wallMs: c.wallMs, workMs: c.workMs })) : []));
  if (charges.length > 0) await tx.insert(reportUnitTime).values(charges);
  await syncArmed(tx, ids);
}

/** Timers stay armed only while the report is open, has a deadline and has not breached it. */
export async function syncArmed(tx: DbOrTx, reportIds: readonly number[]): Promise<void> {
  const armedNow = sql`(r.status in ('received', 'in_progress') and s.due_at is not null and s.breached_version < s.version)`;
  await tx.execute(sql`
    update ${reportSla} s set armed = ${armedNow}
    from ${reports} r
    where r.id = s.report_id and s.report_id in (${sql.join(reportIds.map((id) => sql`${id}`), sql`, `)}) and s.armed is distinct from ${armedNow}`);
}

/**
 * Backstop: reports whose first response or answer was stamped without their
 * durations (a path that did not call refreshReportMetrics). A small partial
 * index (reports_metrics_pending) serves it, so it is cheap on every sweep.
 */
export async function fillMissingMetrics(db: Db, limit = 500): Promise<number> {
  const rows = await db.select({ id: reports.id }).from(reports)
    .where(metricsPending(reports)).limit(limit);
  // Each refresh stamps metrics_at, so a stamp the timeline cannot explain is not picked up again.
  for (const r of rows) await db.transaction((tx) => refreshReportMetrics(tx, r.id));
  return rows.length;
}
