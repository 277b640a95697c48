/**
 * Units, categories and routing rules change rarely and are read on every
 * intake job and form render, so each process keeps a copy for a few seconds.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { categories, routingRules, units } from '../../db/schema/index.js';
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
}

const TTL_MS = 5000;
const cache = new WeakMap<object, Catalog>();

export async function loadCatalog(db: DbOrTx, opts: { fresh?: boolean } = {}): Promise<Catalog> {
  const hit = cache.get(db);
  if (hit && !opts.fresh && Date.now() - hit.loadedAt < TTL_MS) return hit;
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
  };
  cache.set(db, catalog);
  return catalog;
}

/** Drop the cached copy (after an administrator edits units, categories or rules). */
export function invalidateCatalog(db: DbOrTx): void {
  cache.delete(db);
}
