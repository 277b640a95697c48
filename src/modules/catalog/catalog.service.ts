/**
 * Units, categories and routing rules change rarely and are read on every
 * intake job and form render, so each process keeps a copy. The copy is used
 * while `catalog_version` (one row, bumped in the same transaction as every
 * administrator change: `bumpCatalogVersion`) is unchanged. The stamp is read
 * at most once a second (VERIFY_MS), not on every read: the hot paths (web
 * form posts, intake jobs, outbound sends) would otherwise pay a query each.
 * So a change made in one process is seen by the others within a second; a
 * lookup that misses a code (a unit created a moment ago) asks with
 * `{ verify: true }` to see it at once; the process that made the change
 * verifies on every read for a short while after it. Changes written behind
 * the settings module's back (SQL by hand, tests) are seen within `CATALOG_TTL_MS`.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { catalogVersion, categories, routingRules, units } from '../../db/schema/index.js';
import type { RoutingRule, RoutingUnit } from '../../domain/routing.js';

export interface UnitInfo extends RoutingUnit {
  name: string;
  smsCode: string | null;
  path: string;
}
export interface CategoryInfo {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
  defaultPriority: 'urgent' | 'normal' | 'complex';
}

export interface Catalog {
  units: Map<number, UnitInfo>;
  unitsByCode: Map<string, UnitInfo>;
  categories: Map<string, CategoryInfo>;
  categoriesById: Map<number, CategoryInfo>;
  rules: RoutingRule[];
  defaultTriageUnitId: number;
  loadedAt: number;
  /** `catalog_version.version` read before the rows were. */
  version: number;
}

/** How long a copy stamped with the catalog's version may be used before its rows are read again. */
export const CATALOG_TTL_MS = 5000;
const VERIFY_MS = 1000;
/** Set by bumpCatalogVersion: until then every read in this process checks the stamp (the change may not be committed yet). */
let verifyEveryReadUntil = 0;
const cache = new WeakMap<object, Catalog>();
const verifiedAt = new WeakMap<Catalog, number>();

/** The stamp of the current catalog (0 before the first administrator change). */
export async function readCatalogVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: catalogVersion.version }).from(catalogVersion).where(eq(catalogVersion.id, 1));
  return row?.version ?? 0;
}

/** Call in the transaction that changes units, categories, routing rules, deadline policies or the calendar. */
export async function bumpCatalogVersion(tx: DbOrTx): Promise<void> {
  verifyEveryReadUntil = Date.now() + 10_000;
  await tx.insert(catalogVersion).values({ id: 1, version: 1 }).onConflictDoUpdate({
    target: catalogVersion.id, set: { version: sql`${catalogVersion.version} + 1`, changedAt: sql`now()` },
  });
}

/**
 * The catalog. `verify`: check the stamp now (a lookup missed, or a decision
 * that must see a change made a moment ago); `fresh`: reload regardless.
 */
export async function loadCatalog(db: DbOrTx, opts: { fresh?: boolean; verify?: boolean } = {}): Promise<Catalog> {
  const hit = cache.get(db);
  const now = Date.now();
  const young = hit !== undefined && now - hit.loadedAt < CATALOG_TTL_MS;
  if (hit && young && !opts.fresh && !opts.verify && now >= verifyEveryReadUntil && now - (verifiedAt.get(hit) ?? 0) < VERIFY_MS) return hit;
  // Read before the rows: a change committed in between makes the next read reload again, never miss.
  const version = await readCatalogVersion(db);
  if (hit && young && !opts.fresh && hit.version === version) { verifiedAt.set(hit, now); return hit; }
  const [u, c, r] = await Promise.all([
    db.select().from(units).where(isNull(units.validTo)),
    db.select().from(categories).where(eq(categories.active, true)).orderBy(asc(categories.sortOrder), asc(categories.id)),
    db.select().from(routingRules).where(and(eq(routingRules.active, true))),
  ]);
  const unitList: UnitInfo[] = u.map((x) => ({
    id: x.id, parentId: x.parentId, kind: x.kind, isTriage: x.isTriage, name: x.name, smsCode: x.smsCode, path: x.path,
  }));
  const triage = unitList.find((x) => x.isTriage) ?? unitList.find((x) => x.kind === 'district') ?? unitList[0];
  const catalog: Catalog = {
    units: new Map(unitList.map((x) => [x.id, x])),
    unitsByCode: new Map(unitList.filter((x) => x.smsCode).map((x) => [x.smsCode!.toUpperCase(), x])),
    categories: new Map(c.map((x) => [x.code, x])),
    categoriesById: new Map(c.map((x) => [x.id, x])),
    rules: r.map((x) => ({
      id: x.id, priority: x.priority, categoryCode: x.categoryCode, keywords: x.keywords, targetUnitId: x.targetUnitId,
      setCategoryCode: x.setCategoryCode, setPriority: x.setPriority,
    })),
    defaultTriageUnitId: triage?.id ?? 0,
    loadedAt: Date.now(),
    version,
  };
  cache.set(db, catalog);
  verifiedAt.set(catalog, now);
  return catalog;
}

/** Drop the cached copy (after an administrator edits units, categories or rules). */
export function invalidateCatalog(db: DbOrTx): void {
  cache.delete(db);
}
