/**
 * Shared pieces of unit administration (API and CSV import): look-ups of
 * active units, the parent and SMS-code checks, moving a subtree's
 * materialised paths, and the audit row every change writes.
 */
import { and, eq, isNull, like, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, units } from '../../db/schema/index.js';
import { parentKindAllowed, suggestSmsCode, type UnitKind } from '../../domain/unit-rules.js';
import type { FieldMessages } from '../../lib/errors.js';
import { SETTINGS_MESSAGES as M } from './settings.schemas.js';

export type UnitRow = typeof units.$inferSelect;

export async function activeUnit(db: DbOrTx, id: number, opts: { forUpdate?: boolean } = {}): Promise<UnitRow | undefined> {
  const q = db.select().from(units).where(and(eq(units.id, id), isNull(units.validTo))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function activeUnitByCode(db: DbOrTx, code: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(and(eq(units.smsCode, code), isNull(units.validTo))).limit(1);
  return row;
}

/** True when another active unit uses `code` (SMS codes are unique among active units only). */
export async function smsCodeTaken(db: DbOrTx, code: string, exceptId?: number): Promise<boolean> {
  const [row] = await db.select({ id: units.id }).from(units)
    .where(and(eq(units.smsCode, code), isNull(units.validTo), exceptId === undefined ? undefined : ne(units.id, exceptId))).limit(1);
  return row !== undefined;
}

/** The code to store: the one given, else the one suggested by the name; a field error when neither will do. */
export async function chooseSmsCode(db: DbOrTx, given: string | undefined, name: string, exceptId?: number): Promise<{ code: string } | { error: FieldMessages }> {
  const code = given ? given : suggestSmsCode(name);
  if (!code) return { error: { smsCode: M.smsCodeNone } };
  if (await smsCodeTaken(db, code, exceptId)) return { error: { smsCode: M.smsCodeTaken } };
  return { code };
}

/** Field errors of putting a `kind` unit under `parent` (null = the root). */
export function parentProblem(kind: UnitKind, parent: UnitRow | null | undefined, parentIdGiven: boolean): FieldMessages | null {
  if (parentIdGiven && !parent) return { parentId: M.parentId };
  if (!parentKindAllowed(kind, parent?.kind ?? null)) return { parentId: M.parentKind };
  return null;
}

/**
 * Move `unit` under `parent`: its parent id, and the path of it and of every
 * unit below it (closed ones too: they stay where their subtree goes).
 */
export async function reparent(tx: DbOrTx, unit: Pick<UnitRow, 'id' | 'path'>, parent: Pick<UnitRow, 'id' | 'path'> | null): Promise<string> {
  const newPath = `${parent?.path ?? '/'}${unit.id}/`;
  await tx.update(units).set({ parentId: parent?.id ?? null }).where(eq(units.id, unit.id));
  if (newPath !== unit.path) {
    // Paths hold digits and slashes only, so the LIKE pattern has no wildcard but its own "%".
    await tx.update(units).set({ path: sql`${newPath} || substr(${units.path}, ${unit.path.length + 1})` })
      .where(like(units.path, `${unit.path}%`));
  }
  return newPath;
}

export async function insertUnit(tx: DbOrTx, u: { name: string; kind: UnitKind; smsCode: string; isTriage: boolean; parent: Pick<UnitRow, 'id' | 'path'> | null }): Promise<UnitRow> {
  const [row] = await tx.insert(units).values({ name: u.name, kind: u.kind, smsCode: u.smsCode, isTriage: u.isTriage, parentId: u.parent?.id ?? null, path: '' })
    .returning();
  const path = `${u.parent?.path ?? '/'}${row!.id}/`;
  await tx.update(units).set({ path }).where(eq(units.id, row!.id));
  return { ...row!, path };
}

export async function audit(tx: DbOrTx, userId: number | null, action: string, target: { type: string; id: number | string }, data: Record<string, unknown>): Promise<void> {
  await tx.insert(auditLog).values({ userId, action, targetType: target.type, targetId: String(target.id), data });
}

export interface AdminUnit {
  id: number; parentId: number | null; kind: UnitKind; name: string; smsCode: string | null; path: string; depth: number;
  isTriage: boolean; active: boolean; validFrom: string; validTo: string | null; supersededBy: { id: number; name: string } | null;
}

export function adminUnit(u: UnitRow, names: ReadonlyMap<number, string> = new Map()): AdminUnit {
  return {
    id: u.id, parentId: u.parentId, kind: u.kind, name: u.name, smsCode: u.smsCode, path: u.path,
    depth: Math.max(0, u.path.split('/').filter(Boolean).length - 1), isTriage: u.isTriage, active: u.validTo === null,
    validFrom: u.validFrom.toISOString(), validTo: u.validTo?.toISOString() ?? null,
    supersededBy: u.supersededById === null ? null : { id: u.supersededById, name: names.get(u.supersededById) ?? '' },
  };
}
