/**
 * Stuck reports: open, and no officer action (reply, note, status change,
 * transfer, extension request — any timeline event by an officer; a reopen
 * restarts the count) for SLA_STUCK_HOURS working hours. Flagged once per idle
 * stretch: timeline `stuck_flagged` and a realtime `report.sla` {kind: 'stuck'}
 * to the unit; the next officer action ends the stretch, and a new idle
 * stretch may be flagged again.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { reportEvents, reportSla } from '../../db/schema/index.js';
import { workingHours, workingMsBetween } from '../../domain/working-time.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { loadWorkCalendar } from './sla-config.repo.js';

interface Candidate { id: number | string; code: string; assigned_unit_id: number | string; received_at: string | Date; idle_since: string | Date }

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/**
 * Candidates first — open reports never flagged, or acted on since their flag (a short index range
 * each) — so a sweep over a large backlog that is already flagged costs little; then each one's idle
 * start. Materialized steps keep the planner from scanning report_sla whole.
 */
async function stuckCandidates(db: Db, cutoff: string, limit: number) {
  const action = sql`(e.actor_kind = 'officer' or e.type = 'reopened')`;
  const result = await db.transaction(async (tx) => {
    // The many small index probes are costed high enough to trigger JIT compilation, which costs more than it saves here.
    await tx.execute(sql`set local jit = off`);
    return tx.execute(sql`
    with open_reports as materialized (
      select r.id, r.code, r.assigned_unit_id, r.received_at,
        (select s.stuck_flagged_at from report_sla s where s.report_id = r.id) as flagged
      from reports r where r.status in ('received', 'in_progress') and r.received_at < ${cutoff}::timestamptz
    ), candidates as materialized (
      select * from open_reports o
      where o.flagged is null or exists (select 1 from report_events e where e.report_id = o.id and e.at > o.flagged and ${action})
    )
    select c.id, c.code, c.assigned_unit_id, c.received_at, a.idle_since
    from candidates c
    cross join lateral (
      select coalesce(max(e.at), c.received_at) as idle_since from report_events e where e.report_id = c.id and ${action}
    ) a
    where a.idle_since < ${cutoff}::timestamptz and (c.flagged is null or c.flagged < a.idle_since)
    order by a.idle_since limit ${limit}`);
  });
  // Raw rows: ids may come back as strings or bigints depending on the driver.
  return (result as unknown as { rows: Candidate[] }).rows.map((r) => ({ ...r, id: Number(r.id), assigned_unit_id: Number(r.assigned_unit_id) }));
}

export async function flagStuckReports(ctx: AppContext, now: Date = new Date(), limit = 2000): Promise<number> {
  const db = ctx.database.db;
  const stuckMs = workingHours(ctx.env.SLA_STUCK_HOURS);
  // Working time never exceeds wall-clock time, so idle ≥ stuckMs of wall time is a safe pre-filter.
  const rows = await stuckCandidates(db, new Date(now.getTime() - stuckMs).toISOString(), limit);
  if (rows.length === 0) return 0;
  const cal = await loadWorkCalendar(db);
  const due = rows.map((r) => {
    const idleSince = asDate(r.idle_since);
    return { ...r, idleSince, idleWorkMs: workingMsBetween(cal, idleSince, now) };
  }).filter((r) => r.idleWorkMs >= stuckMs);
  if (due.length === 0) return 0;
  const flagged = await db.transaction(async (tx) => {
    await tx.insert(reportSla).values(due.map((r) => ({ reportId: r.id, startedAt: asDate(r.received_at), armed: false }))).onConflictDoNothing();
    // Guarded per row: flagged once per idle stretch, whoever runs the sweep at the same time.
    const values = due.map((r) => sql`(${r.id}::bigint, ${r.idleSince.toISOString()}::timestamptz)`);
    const up = await tx.execute(sql`update ${reportSla} s set stuck_flagged_at = ${now.toISOString()}::timestamptz, updated_at = now()
      from (values ${sql.join(values, sql`, `)}) as v(id, idle)
      where s.report_id = v.id and (s.stuck_flagged_at is null or s.stuck_flagged_at < v.idle) returning s.report_id`);
    const ids = new Set((up as unknown as { rows: { report_id: number | string }[] }).rows.map((x) => Number(x.report_id)));
    const done = due.filter((r) => ids.has(r.id));
    if (done.length > 0) {
      await tx.insert(reportEvents).values(done.map((r) => ({
        reportId: r.id, type: 'stuck_flagged', actorKind: 'system' as const, unitId: r.assigned_unit_id, at: now,
        data: { idleSince: r.idleSince.toISOString(), idleWorkMs: r.idleWorkMs },
      })));
    }
    return done;
  });
  const catalog = await loadCatalog(db);
  ctx.publisher.publish(flagged.map((r) => ({
    event: 'report.sla', unitPaths: [catalog.units.get(r.assigned_unit_id)?.path ?? ''], reportId: r.id,
    data: { kind: 'stuck', code: r.code, idleSince: r.idleSince.toISOString(), idleWorkMs: r.idleWorkMs, assignedUnitId: r.assigned_unit_id },
  })));
  return flagged.length;
}
