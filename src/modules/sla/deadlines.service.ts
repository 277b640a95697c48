/**
 * Setting and moving a report's deadlines, inside the caller's transaction:
 * when intake routes a report (`setDeadlines`) and when an officer transfers it
 * (`recomputeOnTransfer`). Each writes reports.ack_due_at/due_at, the
 * report_sla timer state (a new version re-arms the timers: the old jobs find
 * their version stale and do nothing) and a timeline event. The timers
 * themselves are armed by the SLA sweeper (timers.ts), which looks ahead.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { reportEvents, reportSla, reports, type Priority } from '../../db/schema/index.js';
import { deadlinesFrom, pickPolicy } from '../../domain/deadlines.js';
import { loadPolicies, loadWorkCalendar } from './sla-config.repo.js';

export interface DeadlineInput {
  reportId: number;
  categoryId: number | null;
  priority: Priority;
  /** When the clock starts: the report's receipt. */
  start: Date;
  unitId: number;
}

/** Deadlines of a newly routed report; a second call for the same report changes nothing. */
export async function setDeadlines(tx: DbOrTx, input: DeadlineInput): Promise<void> {
  const policy = pickPolicy(await loadPolicies(tx), input.categoryId, input.priority);
  const cal = await loadWorkCalendar(tx);
  if (!policy) {
    await tx.insert(reportSla).values({ reportId: input.reportId, startedAt: input.start, armed: false }).onConflictDoNothing();
    return;
  }
  const d = deadlinesFrom(cal, input.start, policy);
  const inserted = await tx.insert(reportSla).values({
    reportId: input.reportId, policyId: policy.id, startedAt: input.start, policyDueAt: d.dueAt, dueAt: d.dueAt, warnAt: d.warnAt, version: 1, armed: true,
  }).onConflictDoNothing().returning({ reportId: reportSla.reportId });
  if (inserted.length === 0) return;
  await tx.update(reports).set({ ackDueAt: d.ackDueAt, dueAt: d.dueAt }).where(eq(reports.id, input.reportId));
  await tx.insert(reportEvents).values({
    reportId: input.reportId, type: 'deadline_set', actorKind: 'system', unitId: input.unitId,
    data: { dueAt: d.dueAt.toISOString(), ackDueAt: d.ackDueAt.toISOString(), warnAt: d.warnAt.toISOString(), policyId: policy.id, priority: input.priority, version: 1 },
  });
}

/**
 * After a transfer (same transaction): with the policy's `restart` the
 * receiving unit gets the full time from `at` (the acknowledgement deadline
 * too, unless an officer already answered); with `keep` nothing moves.
 * Returns whether the deadline moved.
 */
export async function recomputeOnTransfer(tx: DbOrTx, a: { reportId: number; at: Date; toUnitId: number; userId: number | null }): Promise<boolean> {
  const [r] = await tx.select({
    categoryId: reports.categoryId, priority: reports.priority, status: reports.status, dueAt: reports.dueAt, firstResponseAt: reports.firstResponseAt,
  }).from(reports).where(eq(reports.id, a.reportId)).limit(1);
  if (!r || (r.status !== 'received' && r.status !== 'in_progress')) return false;
  const policy = pickPolicy(await loadPolicies(tx), r.categoryId, r.priority);
  if (!policy || policy.onTransfer === 'keep') return false;
  const d = deadlinesFrom(await loadWorkCalendar(tx), a.at, policy);
  const [sla] = await tx.insert(reportSla).values({
    reportId: a.reportId, policyId: policy.id, startedAt: a.at, policyDueAt: d.dueAt, dueAt: d.dueAt, warnAt: d.warnAt, version: 1, armed: true,
  }).onConflictDoUpdate({
    target: reportSla.reportId,
    set: {
      policyId: policy.id, startedAt: a.at, policyDueAt: d.dueAt, dueAt: d.dueAt, warnAt: d.warnAt, armed: true,
      version: sql`${reportSla.version} + 1`, updatedAt: sql`now()`,
    },
  }).returning({ version: reportSla.version });
  await tx.update(reports).set({ dueAt: d.dueAt, ...(r.firstResponseAt ? {} : { ackDueAt: d.ackDueAt }) }).where(eq(reports.id, a.reportId));
  await tx.insert(reportEvents).values({
    reportId: a.reportId, type: 'deadline_recomputed', actorKind: 'system', unitId: a.toUnitId,
    data: {
      reason: 'transfer', dueAt: d.dueAt.toISOString(), previousDueAt: r.dueAt?.toISOString() ?? null,
      ...(r.firstResponseAt ? {} : { ackDueAt: d.ackDueAt.toISOString() }), warnAt: d.warnAt.toISOString(), policyId: policy.id, version: sla?.version ?? 1,
    },
  });
  return true;
}
