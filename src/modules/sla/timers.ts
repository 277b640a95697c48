/**
 * SLA timers: a BullMQ delayed job warns the assigned unit at `warn_at` and
 * another marks the breach at `due_at` (escalation.ts).
 *
 * Arming is done by one sweeper (`armDueTimers`, run by the reconciler every
 * few seconds) that looks ahead: every armed timer due within the lookahead is
 * (re-)added with its delay computed from the injected clock. Adding a job
 * whose id exists is a no-op, so the sweeper re-arms exactly the timers Redis
 * lost, and a timer is always in Redis before it is due (lookahead > sweep
 * interval). PostgreSQL holds the truth: the job carries (report id, deadline
 * version) only, and the processor re-reads the report and acts at most once
 * per version (guarded UPDATE … WHERE warned_version < version).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { reportEvents, reportSla, reports } from '../../db/schema/index.js';
import { outboundJob, slaJobs, type SlaTimerPayload } from '../../jobs/definitions.js';
import { channelsFor } from '../../channels/registry.js';
import type { RealtimeEvent } from '../../realtime/rooms.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { escalateBreach } from './escalation.js';

export type TimerKind = 'warn' | 'breach';
export type TimerOutcome = 'fired' | 'stale' | 'done' | 'early';

/** How far ahead the sweeper arms timers; must exceed the reconciler interval. */
export const LOOKAHEAD_MS = 10 * 60_000;
/** A job may fire this much before its instant (clock skew between hosts) and still act. */
const EARLY_TOLERANCE_MS = 5000;
const OPEN = ['received', 'in_progress'] as const;

/** Add the delayed jobs of every armed timer due before now + lookahead. Returns how many it (re-)added. */
export async function armDueTimers(ctx: AppContext, now: Date = new Date(), limit = 2000): Promise<number> {
  const horizon = new Date(now.getTime() + LOOKAHEAD_MS);
  const rows = await ctx.database.db.select({
    reportId: reportSla.reportId, version: reportSla.version, warnAt: reportSla.warnAt, dueAt: reportSla.dueAt,
    warnedVersion: reportSla.warnedVersion, breachedVersion: reportSla.breachedVersion,
  }).from(reportSla).innerJoin(reports, eq(reports.id, reportSla.reportId))
    .where(and(eq(reportSla.armed, true), inArray(reports.status, [...OPEN]), sql`(
      (${reportSla.warnedVersion} < ${reportSla.version} and ${reportSla.warnAt} <= ${horizon.toISOString()}::timestamptz)
      or (${reportSla.breachedVersion} < ${reportSla.version} and ${reportSla.dueAt} <= ${horizon.toISOString()}::timestamptz))`))
    .orderBy(reportSla.dueAt).limit(limit);
  let added = 0;
  for (const r of rows) {
    const payload: SlaTimerPayload = { reportId: r.reportId, version: r.version };
    const warnUseful = r.warnAt && r.dueAt && r.warnAt < r.dueAt && r.warnedVersion < r.version && r.warnAt <= horizon;
    if (warnUseful) added += await arm(ctx, 'warn', payload, r.warnAt!, now);
    if (r.dueAt && r.breachedVersion < r.version && r.dueAt <= horizon) added += await arm(ctx, 'breach', payload, r.dueAt, now);
  }
  return added;
}

/** A timer still unmarked this long after its instant has a failed job (or none): revive it. */
const STALE_MS = 120_000;

async function arm(ctx: AppContext, kind: TimerKind, payload: SlaTimerPayload, at: Date, now: Date): Promise<number> {
  const delay = Math.max(0, at.getTime() - now.getTime());
  const added = await ctx.queues.enqueue(slaJobs[kind], [payload], { delay });
  if (added && now.getTime() - at.getTime() > STALE_MS) {
    // Adding a job whose id exists is a no-op, also when that job failed for good: retry it instead.
    const job = await ctx.queues.queue('sla').getJob(slaJobs[kind].jobId(payload));
    if (job && (await job.isFailed())) await job.retry('failed');
  }
  return added ? 1 : 0;
}

interface TimerRow {
  reportId: number; code: string; status: string; assignedUnitId: number; version: number;
  warnAt: Date | null; dueAt: Date | null; warnedVersion: number; breachedVersion: number;
}

interface Fired { outcome: TimerOutcome; realtime: RealtimeEvent[]; outbound: number[] }

/** Run one timer job. Safe to run twice: acts once per (report, kind, version). */
export async function runSlaTimer(ctx: AppContext, kind: TimerKind, p: SlaTimerPayload, now: Date = new Date()): Promise<TimerOutcome> {
  const db = ctx.database.db;
  const catalog = await loadCatalog(db);
  const smsConfigured = channelsFor(ctx).outbound('sms') !== undefined;
  const result = await db.transaction(async (tx): Promise<Fired> => {
    const [row] = await tx.select({
      reportId: reportSla.reportId, code: reports.code, status: reports.status, assignedUnitId: reports.assignedUnitId,
      version: reportSla.version, warnAt: reportSla.warnAt, dueAt: reportSla.dueAt,
      warnedVersion: reportSla.warnedVersion, breachedVersion: reportSla.breachedVersion,
    }).from(reportSla).innerJoin(reports, eq(reports.id, reportSla.reportId)).where(eq(reportSla.reportId, p.reportId)).for('update');
    const idle = (outcome: TimerOutcome): Fired => ({ outcome, realtime: [], outbound: [] });
    if (!row || row.version !== p.version || !(OPEN as readonly string[]).includes(row.status)) return idle('stale');
    const at = kind === 'warn' ? row.warnAt : row.dueAt;
    if (!at) return idle('stale');
    if ((kind === 'warn' ? row.warnedVersion : row.breachedVersion) >= p.version) return idle('done');
    if (now.getTime() < at.getTime() - EARLY_TOLERANCE_MS) return idle('early');
    const unit = catalog.units.get(row.assignedUnitId);
    const base = { code: row.code, dueAt: row.dueAt?.toISOString() ?? null, version: row.version, assignedUnitId: row.assignedUnitId };
    if (kind === 'warn') {
      // A warning that comes after the deadline is pointless: the breach says it all.
      if (row.dueAt && now >= row.dueAt) return markWarned(tx, row).then(() => idle('done'));
      await markWarned(tx, row);
      await tx.insert(reportEvents).values({ reportId: row.reportId, type: 'sla_warning', actorKind: 'system', unitId: row.assignedUnitId, data: { version: row.version, dueAt: base.dueAt } });
      return { outcome: 'fired', outbound: [], realtime: [{ event: 'report.sla', unitPaths: [unit?.path ?? ''], reportId: row.reportId, data: { kind: 'warning', ...base } }] };
    }
    return breach(tx, row, { unitName: unit?.name ?? '', unitPath: unit?.path ?? '', smsConfigured, base });
  });
  if (result.outbound.length > 0) await ctx.queues.enqueue(outboundJob, result.outbound.map((messageId) => ({ messageId })));
  ctx.publisher.publish(result.realtime);
  return result.outcome;
}

async function markWarned(tx: Tx, row: TimerRow): Promise<void> {
  await tx.update(reportSla).set({ warnedVersion: row.version, updatedAt: new Date() })
    .where(and(eq(reportSla.reportId, row.reportId), sql`${reportSla.warnedVersion} < ${row.version}`));
}

async function breach(tx: Tx, row: TimerRow, a: { unitName: string; unitPath: string; smsConfigured: boolean; base: Record<string, unknown> }): Promise<Fired> {
  await tx.update(reportSla).set({
    breachedVersion: row.version, warnedVersion: sql`greatest(${reportSla.warnedVersion}, ${row.version})`, armed: false, updatedAt: new Date(),
  }).where(and(eq(reportSla.reportId, row.reportId), sql`${reportSla.breachedVersion} < ${row.version}`));
  await tx.insert(reportEvents).values({ reportId: row.reportId, type: 'sla_breached', actorKind: 'system', unitId: row.assignedUnitId, data: { version: row.version, dueAt: a.base.dueAt } });
  const realtime: RealtimeEvent[] = [{ event: 'report.sla', unitPaths: [a.unitPath], reportId: row.reportId, data: { kind: 'breached', ...a.base } }];
  const esc = row.dueAt ? await escalateBreach(tx, {
    reportId: row.reportId, code: row.code, unitId: row.assignedUnitId, unitName: a.unitName, dueAt: row.dueAt, smsConfigured: a.smsConfigured,
  }) : null;
  if (!esc) return { outcome: 'fired', realtime, outbound: [] };
  await tx.insert(reportEvents).values({
    reportId: row.reportId, type: 'escalated', actorKind: 'system', unitId: esc.parentId,
    data: { toUnitId: esc.parentId, leaders: esc.leaders, smsQueued: esc.messageIds.length, version: row.version },
  });
  // To the parent's rooms only (its leaders and those above), not the unit's own room again.
  realtime.push({ event: 'report.sla', unitPaths: [esc.parentPath], data: { kind: 'escalated', reportId: row.reportId, toUnitId: esc.parentId, ...a.base } });
  return { outcome: 'fired', realtime, outbound: esc.messageIds };
}
