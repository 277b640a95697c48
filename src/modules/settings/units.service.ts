/**
 * Units for administrators: the whole tree (closed units too, with what
 * replaced them), adding a unit under a parent, renaming and re-coding one.
 * Every change bumps the catalog version in its transaction (all processes
 * see it at once; it also serialises concurrent edits) and is audited.
 */
import { count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { reports, subscriptions, units, users } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { bumpCatalogVersion } from '../catalog/catalog.service.js';
import type { UnitCreateInput, UnitPatchInput } from './settings.schemas.js';
import { activeUnit, adminUnit, audit, chooseSmsCode, insertUnit, parentProblem, type AdminUnit, type UnitRow } from './units.tree.js';

const KIND_ORDER = { province: 0, district: 1, commune: 2, department: 3 } as const;

export interface UnitListItem extends AdminUnit {
  counts: { openReports: number; users: number; subscribers: number };
}

export const unitClosed = () => new AppError(409, 'unit_closed', 'Đơn vị đã ngừng hoạt động (đã sáp nhập), không sửa được / The unit is closed (merged) and cannot be changed');

async function countsBy<T extends { unitId: number; n: number }>(rows: Promise<T[]>): Promise<Map<number, number>> {
  return new Map((await rows).map((r) => [r.unitId, Number(r.n)]));
}

/** Depth-first: each unit followed by its children (active first, then by kind and Vietnamese name). */
function treeOrder(rows: UnitRow[]): UnitRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, UnitRow[]>();
  for (const r of rows) {
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const cmp = (a: UnitRow, b: UnitRow) => Number(a.validTo !== null) - Number(b.validTo !== null)
    || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'vi');
  const out: UnitRow[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null) => {
    for (const r of (children.get(parent) ?? []).sort(cmp)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

export async function listUnits(db: Db): Promise<{ items: UnitListItem[] }> {
  const [rows, open, people, subs] = await Promise.all([
    db.select().from(units),
    countsBy(db.select({ unitId: reports.assignedUnitId, n: count() }).from(reports)
      .where(inArray(reports.status, ['received', 'in_progress'])).groupBy(reports.assignedUnitId)),
    countsBy(db.select({ unitId: users.unitId, n: count() }).from(users).where(isNull(users.disabledAt)).groupBy(users.unitId)),
    countsBy(db.select({ unitId: subscriptions.unitId, n: count() }).from(subscriptions).where(eq(subscriptions.active, true)).groupBy(subscriptions.unitId)),
  ]);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return {
    items: treeOrder(rows).map((u) => ({
      ...adminUnit(u, names),
      counts: { openReports: open.get(u.id) ?? 0, users: people.get(u.id) ?? 0, subscribers: subs.get(u.id) ?? 0 },
    })),
  };
}

export async function createUnit(db: Db, user: AuthUser, input: UnitCreateInput): Promise<AdminUnit> {
  return db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const parent = input.parentId === null ? null : await activeUnit(tx, input.parentId, { forUpdate: true });
    const fields = { ...parentProblem(input.kind, parent, input.parentId !== null) };
    const code = await chooseSmsCode(tx, input.smsCode, input.name);
    if ('error' in code) Object.assign(fields, code.error);
    if (Object.keys(fields).length > 0 || !('code' in code)) throw new ValidationError(fields);
    const row = await insertUnit(tx, { name: input.name, kind: input.kind, smsCode: code.code, isTriage: input.isTriage, parent: parent ?? null });
    await audit(tx, user.id, 'unit.create', { type: 'unit', id: row.id }, {
      name: row.name, kind: row.kind, smsCode: row.smsCode, parentId: row.parentId, isTriage: row.isTriage,
    });
    return adminUnit(row);
  });
}

export async function updateUnit(db: Db, user: AuthUser, id: number, patch: UnitPatchInput): Promise<AdminUnit> {
  return db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const [before] = await tx.select().from(units).where(eq(units.id, id)).for('update');
    if (!before) throw new NotFoundError('Không tìm thấy đơn vị / Unit not found');
    if (before.validTo !== null) throw unitClosed();
    if (patch.smsCode !== undefined && patch.smsCode !== before.smsCode) {
      const code = await chooseSmsCode(tx, patch.smsCode, before.name, id);
      if ('error' in code) throw new ValidationError(code.error);
    }
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.smsCode !== undefined ? { smsCode: patch.smsCode } : {}),
      ...(patch.isTriage !== undefined ? { isTriage: patch.isTriage } : {}),
    };
    const [after] = Object.keys(set).length > 0 ? await tx.update(units).set(set).where(eq(units.id, id)).returning() : [before];
    const changes: Record<string, unknown> = {};
    for (const k of Object.keys(set) as (keyof typeof set)[]) {
      if (before[k] !== after![k]) changes[k] = { from: before[k], to: after![k] };
    }
    if (Object.keys(changes).length > 0) await audit(tx, user.id, 'unit.update', { type: 'unit', id }, changes);
    return adminUnit(after!);
  });
}
