/**
 * Import a unit tree from CSV (units.csv.ts) in one transaction: upsert by
 * SMS code among active units — a row whose code exists updates that unit's
 * name, parent and triage flag; otherwise a unit is created. A unit of the
 * same name, kind and parent without any SMS code (the demo's province) is
 * taken over rather than duplicated. Parents may be earlier or later in the
 * file, or already in the database. Any error rejects the whole file, with
 * every line's problems listed; running the same file twice changes nothing.
 * The standard categories and default deadline policies are added when
 * missing (a fresh production database has none).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { units } from '../../db/schema/index.js';
import { parentKindAllowed } from '../../domain/unit-rules.js';
import { bumpCatalogVersion } from '../catalog/catalog.service.js';
import { ensureReferenceData } from './reference.js';
import { SETTINGS_MESSAGES as M } from './settings.schemas.js';
import { UNIT_CSV_MESSAGES, parseUnitsCsv, type UnitCsvError, type UnitCsvRow } from './units.csv.js';
import { activeUnit, activeUnitByCode, audit, insertUnit, reparent, type UnitRow } from './units.tree.js';

export interface UnitImportSummary { rows: number; created: number; updated: number; unchanged: number; categoriesAdded: number }
export type UnitImportResult = { ok: true; summary: UnitImportSummary } | { ok: false; errors: UnitCsvError[] };

class Rejected extends Error {
  constructor(readonly errors: UnitCsvError[]) { super('import rejected'); }
}

type Outcome = { unit: UnitRow } | { failed: true };

async function findExisting(tx: Tx, row: UnitCsvRow, parent: UnitRow | null): Promise<UnitRow | undefined> {
  const byCode = await activeUnitByCode(tx, row.smsCode);
  if (byCode) return byCode;
  const [uncoded] = await tx.select().from(units).where(and(
    eq(units.name, row.name), eq(units.kind, row.kind), isNull(units.smsCode), isNull(units.validTo),
    parent ? eq(units.parentId, parent.id) : isNull(units.parentId),
  )).limit(1);
  return uncoded;
}

function importer(tx: Tx, rows: UnitCsvRow[]) {
  const byCode = new Map(rows.map((r) => [r.smsCode, r]));
  const done = new Map<string, Outcome>();
  const errors: UnitCsvError[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const fail = (row: UnitCsvRow, field: UnitCsvError['field'], message: UnitCsvError['message']): Outcome => {
    errors.push({ line: row.line, field, message });
    return { failed: true };
  };

  async function parentOf(row: UnitCsvRow, stack: Set<string>): Promise<UnitRow | null | 'failed'> {
    if (row.parentCode === null) return null;
    const inFile = byCode.get(row.parentCode);
    if (inFile) {
      if (stack.has(inFile.smsCode)) { fail(row, 'parent_sms_code', M.parentCycle); return 'failed'; }
      const outcome = await resolve(inFile, stack);
      if ('failed' in outcome) { fail(row, 'parent_sms_code', UNIT_CSV_MESSAGES.parentFailed); return 'failed'; }
      // Re-read: a later move of an ancestor may have rewritten its path.
      return (await activeUnit(tx, outcome.unit.id)) ?? null;
    }
    const found = await activeUnitByCode(tx, row.parentCode);
    if (!found) { fail(row, 'parent_sms_code', UNIT_CSV_MESSAGES.parentMissing); return 'failed'; }
    return found;
  }

  async function upsert(row: UnitCsvRow, parent: UnitRow | null): Promise<Outcome> {
    if (!parentKindAllowed(row.kind, parent?.kind ?? null)) return fail(row, 'parent_sms_code', M.parentKind);
    const existing = await findExisting(tx, row, parent);
    if (!existing) {
      counts.created++;
      return { unit: await insertUnit(tx, { name: row.name, kind: row.kind, smsCode: row.smsCode, isTriage: row.isTriage, parent }) };
    }
    if (existing.kind !== row.kind) return fail(row, 'kind', M.kindChange);
    if (parent && parent.path.startsWith(existing.path)) return fail(row, 'parent_sms_code', M.parentCycle);
    const same = existing.name === row.name && existing.isTriage === row.isTriage && existing.smsCode === row.smsCode && existing.parentId === (parent?.id ?? null);
    if (same) { counts.unchanged++; return { unit: existing }; }
    counts.updated++;
    if (existing.parentId !== (parent?.id ?? null)) await reparent(tx, existing, parent);
    const [after] = await tx.update(units).set({ name: row.name, isTriage: row.isTriage, smsCode: row.smsCode }).where(eq(units.id, existing.id)).returning();
    return { unit: after! };
  }

  async function resolve(row: UnitCsvRow, stack: Set<string> = new Set()): Promise<Outcome> {
    const known = done.get(row.smsCode);
    if (known) return known;
    const parent = await parentOf(row, new Set([...stack, row.smsCode]));
    const outcome: Outcome = parent === 'failed' ? { failed: true } : await upsert(row, parent);
    done.set(row.smsCode, outcome);
    return outcome;
  }

  return { resolve, errors, counts };
}

export async function importUnits(db: Db, text: string, opts: { actorUserId?: number | null; file?: string } = {}): Promise<UnitImportResult> {
  const parsed = parseUnitsCsv(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  try {
    const summary = await db.transaction(async (tx) => {
      await bumpCatalogVersion(tx);
      const run = importer(tx, parsed.rows);
      for (const row of parsed.rows) await run.resolve(row);
      if (run.errors.length > 0) throw new Rejected(run.errors.sort((a, b) => a.line - b.line));
      const categoriesAdded = await ensureReferenceData(tx);
      const s: UnitImportSummary = { rows: parsed.rows.length, ...run.counts, categoriesAdded };
      await audit(tx, opts.actorUserId ?? null, 'unit.import', { type: 'units', id: opts.file ?? 'csv' }, { ...s });
      return s;
    });
    return { ok: true, summary };
  } catch (err) {
    if (err instanceof Rejected) return { ok: false, errors: err.errors };
    throw err;
  }
}
