/**
 * Routing rules for administrators (src/domain/routing.ts says how they
 * apply): list, add, change, delete, and "where would this text go?" through
 * the same catalog and `route()` that intake uses.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { categories, routingRules, units } from '../../db/schema/index.js';
import { route } from '../../domain/routing.js';
import { containsWords, fold } from '../../domain/text.js';
import { NotFoundError, ValidationError, type FieldMessages } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { bumpCatalogVersion, loadCatalog } from '../catalog/catalog.service.js';
import { SETTINGS_MESSAGES as M, type RoutingTestInput, type RuleInput, type RulePatchInput } from './settings.schemas.js';
import { activeUnit, audit } from './units.tree.js';

type RuleRow = typeof routingRules.$inferSelect;
export interface AdminRule extends Omit<RuleRow, 'keywords'> {
  keywords: string[];
  targetUnit: { id: number; name: string; active: boolean } | null;
}

async function views(db: DbOrTx, rows: RuleRow[]): Promise<AdminRule[]> {
  const ids = [...new Set(rows.map((r) => r.targetUnitId).filter((x): x is number => x !== null))];
  const targets = ids.length === 0 ? [] : await db.select({ id: units.id, name: units.name, validTo: units.validTo }).from(units).where(inArray(units.id, ids));
  const byId = new Map(targets.map((u) => [u.id, { id: u.id, name: u.name, active: u.validTo === null }]));
  return rows.map((r) => ({ ...r, keywords: r.keywords ?? [], targetUnit: r.targetUnitId === null ? null : byId.get(r.targetUnitId) ?? null }));
}

export async function listRules(db: Db): Promise<{ items: AdminRule[] }> {
  const rows = await db.select().from(routingRules).orderBy(asc(routingRules.priority), asc(routingRules.id));
  return { items: await views(db, rows) };
}

/** Keywords as typed, without repeats (compared folded, as matching does); none = null. */
function cleanKeywords(keywords: string[] | null): string[] | null {
  if (!keywords) return null;
  const seen = new Set<string>();
  const out = keywords.filter((k) => { const f = fold(k); if (seen.has(f)) return false; seen.add(f); return true; });
  return out.length > 0 ? out : null;
}

/** Field errors of a rule; what it points at is checked only while it is active (a switched-off rule may be stale). */
async function problems(db: DbOrTx, r: RuleInput): Promise<FieldMessages> {
  const fields: FieldMessages = {};
  if (r.active) {
    const codes = [r.categoryCode, r.setCategoryCode].filter((c): c is string => c !== null);
    const usable = new Set(codes.length === 0 ? [] : (await db.select({ code: categories.code, active: categories.active }).from(categories)
      .where(inArray(categories.code, codes))).filter((c) => c.active).map((c) => c.code));
    if (r.categoryCode !== null && !usable.has(r.categoryCode)) fields.categoryCode = M.categoryCode;
    if (r.setCategoryCode !== null && !usable.has(r.setCategoryCode)) fields.setCategoryCode = M.setCategoryCode;
    if (r.targetUnitId !== null && !(await activeUnit(db, r.targetUnitId))) fields.targetUnitId = M.targetUnitId;
  }
  if (r.categoryCode === null && (r.keywords ?? []).length === 0) fields.keywords ??= M.ruleMatch;
  if (r.targetUnitId === null && r.setCategoryCode === null && r.setPriority === null) fields.targetUnitId ??= M.ruleAction;
  return fields;
}

export async function createRule(db: Db, user: AuthUser, input: RuleInput): Promise<AdminRule> {
  return db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const rule = { ...input, keywords: cleanKeywords(input.keywords) };
    const fields = await problems(tx, rule);
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const [row] = await tx.insert(routingRules).values(rule).returning();
    await audit(tx, user.id, 'routing_rule.create', { type: 'routing_rule', id: row!.id }, { ...rule });
    return (await views(tx, [row!]))[0]!;
  });
}

export async function updateRule(db: Db, user: AuthUser, id: number, patch: RulePatchInput): Promise<AdminRule> {
  return db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const [before] = await tx.select().from(routingRules).where(eq(routingRules.id, id)).for('update');
    if (!before) throw new NotFoundError('Không tìm thấy quy tắc / Rule not found');
    const { id: _id, ...current } = before;
    const rule: RuleInput = { ...current, ...patch };
    rule.keywords = cleanKeywords(rule.keywords);
    const fields = await problems(tx, rule);
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const [row] = await tx.update(routingRules).set(rule).where(eq(routingRules.id, id)).returning();
    await audit(tx, user.id, 'routing_rule.update', { type: 'routing_rule', id }, { before: current, after: rule });
    return (await views(tx, [row!]))[0]!;
  });
}

export async function deleteRule(db: Db, user: AuthUser, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const [gone] = await tx.delete(routingRules).where(eq(routingRules.id, id)).returning();
    if (!gone) throw new NotFoundError('Không tìm thấy quy tắc / Rule not found');
    const { id: _id, ...rule } = gone;
    await audit(tx, user.id, 'routing_rule.delete', { type: 'routing_rule', id }, rule);
  });
}

/** Where intake would send this text now (a new report with no known home commune). */
export async function testRouting(db: Db, input: RoutingTestInput) {
  const catalog = await loadCatalog(db);
  const explicit = input.communeCode ? catalog.unitsByCode.get(input.communeCode) : undefined;
  const fields: FieldMessages = {};
  if (input.communeCode && !explicit) fields.communeCode = M.communeCode;
  if (input.categoryCode && !catalog.categories.has(input.categoryCode)) fields.categoryCode = M.categoryCode;
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const decision = route({
    explicitUnitId: explicit?.id ?? null, homeUnitId: null, categoryCode: input.categoryCode ?? null, text: input.text,
    units: catalog.units, rules: catalog.rules, defaultTriageUnitId: catalog.defaultTriageUnitId,
  });
  const category = decision.categoryCode ? catalog.categories.get(decision.categoryCode) ?? null : null;
  const unitRef = (id: number | null) => {
    const u = id === null ? undefined : catalog.units.get(id);
    return u ? { id: u.id, name: u.name, smsCode: u.smsCode } : null;
  };
  const matched = decision.ruleId === null ? null : catalog.rules.find((r) => r.id === decision.ruleId) ?? null;
  const [named] = matched ? await db.select({ name: routingRules.name }).from(routingRules).where(eq(routingRules.id, matched.id)) : [];
  return {
    assignedUnit: unitRef(decision.assignedUnitId),
    locationUnit: unitRef(decision.locationUnitId),
    category: category ? { code: category.code, nameVi: category.nameVi, nameEn: category.nameEn } : null,
    priority: decision.priority ?? category?.defaultPriority ?? 'normal',
    reason: decision.reason,
    triage: decision.triage,
    rule: matched ? { id: matched.id, name: named?.name ?? '', keyword: (matched.keywords ?? []).find((k) => containsWords(input.text, k)) ?? null } : null,
  };
}
