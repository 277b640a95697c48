/**
 * Deadline policies and the administrator's calendar, as the pure rules need
 * them. Both tables are small; they are read per use (no cache), so an edit
 * takes effect at once in every process.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarDays, slaPolicies } from '../../db/schema/index.js';
import { DEFAULT_POLICIES, calendarFrom, type SlaPolicy } from '../../domain/deadlines.js';
import type { WorkCalendar } from '../../domain/working-time.js';

export async function loadPolicies(db: DbOrTx): Promise<SlaPolicy[]> {
  const rows = await db.select().from(slaPolicies).orderBy(asc(slaPolicies.id));
  return rows.map((r) => ({
    id: r.id, categoryId: r.categoryId, priority: r.priority, ackWithinMs: r.ackWithinMs, resolveWithinMs: r.resolveWithinMs,
    warnShare: r.warnShare, onTransfer: r.onTransfer,
  }));
}

export async function loadWorkCalendar(db: DbOrTx): Promise<WorkCalendar> {
  const rows = await db.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays);
  return calendarFrom(rows);
}

export async function policyById(db: DbOrTx, id: number | null): Promise<SlaPolicy | null> {
  if (id === null) return null;
  return (await loadPolicies(db)).find((p) => p.id === id) ?? null;
}

/** The default policy of each priority, unless one exists already (seedReference; idempotent). */
export async function seedDefaultPolicies(db: DbOrTx): Promise<void> {
  for (const p of DEFAULT_POLICIES) {
    const [found] = await db.select({ id: slaPolicies.id }).from(slaPolicies)
      .where(and(isNull(slaPolicies.categoryId), eq(slaPolicies.priority, p.priority))).limit(1);
    if (!found) await db.insert(slaPolicies).values({ ...p, categoryId: null }).onConflictDoNothing();
  }
}
