/**
 * Deadline policies and the administrator's calendar, as the pure rules need
 * them. Both tables are small. Intake, which sets the deadlines of every new
 * report, reads them through a per-process copy (`deadlineConfigFor`) stamped
 * with the catalog's version: administrators' edits bump that stamp
 * (`bumpCatalogVersion`, sla-admin.service.ts), and intake verifies the stamp
 * on every event, so the next report sees an edit at once in every process.
 * Other paths (transfers, extensions, metrics, views) still read per use.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarDays, slaPolicies } from '../../db/schema/index.js';
import { DEFAULT_POLICIES, calendarFrom, type SlaPolicy } from '../../domain/deadlines.js';
import type { WorkCalendar } from '../../domain/working-time.js';
import { CATALOG_TTL_MS } from '../catalog/catalog.service.js';

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

/** Policies and calendar as of a catalog stamp; shared between callers, so never mutated. */
export interface DeadlineConfig {
  readonly policies: readonly SlaPolicy[];
  readonly calendar: WorkCalendar;
  /** The catalog stamp read before the rows were (catalog.service.ts). */
  readonly version: number;
  readonly loadedAt: number;
}

const configs = new WeakMap<object, DeadlineConfig>();

/**
 * The deadline configuration matching `stamp`, a catalog just loaded from the
 * same `db` (its `version` was read before any row we read now, so a change
 * committed in between makes the next call reload, never miss one). The copy
 * is reused while the stamp is unchanged and it is younger than the catalog's
 * TTL (rows edited by hand in SQL, without a bump, appear within that time).
 */
export async function deadlineConfigFor(db: DbOrTx, stamp: { version: number }): Promise<DeadlineConfig> {
  const hit = configs.get(db);
  const now = Date.now();
  if (hit && hit.version === stamp.version && now - hit.loadedAt < CATALOG_TTL_MS) return hit;
  const [policies, calendar] = await Promise.all([loadPolicies(db), loadWorkCalendar(db)]);
  const config: DeadlineConfig = { policies, calendar, version: stamp.version, loadedAt: now };
  configs.set(db, config);
  return config;
}

/**
 * The default policy of each priority, unless one exists already (seedReference; idempotent).
 * No stamp bump here: the CSV import that calls it bumps in its own transaction, and the seed
 * runs before anything is cached (a bump would make this process read the stamp on every
 * catalog read for a while, which the web form must not need while PostgreSQL is away).
 */
export async function seedDefaultPolicies(db: DbOrTx): Promise<void> {
  for (const p of DEFAULT_POLICIES) {
    const [found] = await db.select({ id: slaPolicies.id }).from(slaPolicies)
      .where(and(isNull(slaPolicies.categoryId), eq(slaPolicies.priority, p.priority))).limit(1);
    if (!found) await db.insert(slaPolicies).values({ ...p, categoryId: null }).onConflictDoNothing();
  }
}
