/**
 * Setting and moving a report's deadlines, inside the caller's transaction.
 * Intake computes a new report's deadlines before inserting it
 * (`planDeadlines`, pure over the cached policies and calendar), inserts the
 * row with reports.ack_due_at/due_at already set, then starts its timer state
 * (`startSlaClock`), whose `deadline_set` event goes on the timeline with the
 * report's other first events. A transfer moves them (`recomputeOnTransfer`):
 * report_sla gets a new version (the old timer jobs find their version stale
 * and do nothing), the report its new deadlines, the timeline an event. The
 * timers themselves are armed by the SLA sweeper (timers.ts), which looks ahead.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { reportEvents, reportSla, reports, type Priority } from '../../db/schema/index.js';
import { deadlinesFrom, pickPolicy, type Deadlines } from '../../domain/deadlines.js';
import { loadPolicies, loadWorkCalendar, type DeadlineConfig } from './sla-config.repo.js';

/** The clock of a report about to be created. */
export interface DeadlinePlan {
  /** When the clock starts: the report's receipt. */
  start: Date;
  priority: Priority;
  /** The policy that applies and the instants it gives; null: no deadline and no timer. */
  policy: { id: number; deadlines: Deadlines } | null;
}

/** Which policy applies and when the new report is due; depends only on its receipt, category, priority and the calendar. */
export function planDeadlines(config: DeadlineConfig, input: { categoryId: number | null; priority: Priority; start: Date }): DeadlinePlan {
  const policy = pickPolicy(config.policies, input.categoryId, input.priority);
  return {
    start: input.start, priority: input.priority,
    policy: policy ? { id: policy.id, deadlines: deadlinesFrom(config.calendar, input.start, policy) } : null,
  };
}

/**
 * The timer state of a report just inserted with `plan`'s deadlines. Returns
 * its `deadline_set` timeline event for the caller to insert in order with the
 * others, or null when there is no deadline or the state exists already (a
 * second call for the same report changes nothing).
 */
export async function startSlaClock(tx: DbOrTx, a: { reportId: number; unitId: number; plan: DeadlinePlan }): Promise<typeof reportEvents.$inferInsert | null> {
  const { plan } = a;
  if (!plan.policy) {
    await tx.insert(reportSla).values({ reportId: a.reportId, startedAt: plan.start, armed: false }).onConflictDoNothing();
    return null;
  }
  const { id: policyId, deadlines: d } = plan.policy;
  const inserted = await tx.insert(reportSla).values({
    reportId: a.reportId, policyId, startedAt: plan.start, policyDueAt: d.dueAt, dueAt: d.dueAt, warnAt: d.warnAt, version: 1, armed: true,
  }).onConflictDoNothing().returning({ reportId: reportSla.reportId });
  if (inserted.length === 0) return null;
  return {
    reportId: a.reportId, type: 'deadline_set', actorKind: 'system', unitId: a.unitId,
    data: { dueAt: d.dueAt.toISOString(), ackDueAt: d.ackDueAt.toISOString(), warnAt: d.warnAt.toISOString(), policyId, priority: plan.priority, version: 1 },
  };
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
