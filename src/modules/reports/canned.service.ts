/**
 * Canned replies per unit. Everyone sees the templates of their own unit and
 * of the units above it (a district may share templates with its communes);
 * leaders and administrators manage the templates of units in their scope.
 * With a report, each template comes back filled for that report.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cannedReplies, units } from '../../db/schema/index.js';
import { fillPlaceholders } from '../../domain/canned-text.js';
import { formatTrackingCode } from '../../domain/tracking-code.js';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { pathIds } from '../../realtime/rooms.js';
import type { AuthUser } from '../auth/auth.types.js';
import { canManageUnit, reportInScope, unitInScope } from '../auth/scope.js';

type UnitRef = { id: number; name: string; path: string };
const NOT_FOUND = 'Không tìm thấy mẫu trả lời / Canned reply not found';
const FORBIDDEN = 'Chỉ lãnh đạo hoặc quản trị viên của đơn vị được sửa mẫu trả lời / Only the unit\'s leaders or administrators may edit canned replies';

async function unitById(db: DbOrTx, id: number): Promise<UnitRef | null> {
  const [u] = await db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.id, id)).limit(1);
  return u ?? null;
}

/** On the user's own path (their unit or above) or inside their scope. */
function canRead(user: AuthUser, unit: UnitRef): boolean {
  return pathIds(user.unitPath).includes(unit.id) || unitInScope(user, unit);
}

export async function listCanned(db: DbOrTx, user: AuthUser, q: { unitId?: number; reportId?: number }) {
  let unitIds: number[];
  let fill: ((body: string) => string) | null = null;
  if (q.reportId !== undefined) {
    const report = await reportInScope(db, user, q.reportId);
    const [assigned, location] = await Promise.all([unitById(db, report.assignedUnitId), report.locationUnitId ? unitById(db, report.locationUnitId) : null]);
    unitIds = pathIds(assigned?.path ?? '');
    const values = { ma_so: formatTrackingCode(report.code), don_vi: assigned?.name ?? '', xa: location?.name ?? '' };
    fill = (body) => fillPlaceholders(body, values);
  } else if (q.unitId !== undefined) {
    const unit = await unitById(db, q.unitId);
    if (!unit || !canRead(user, unit)) throw new NotFoundError('Không tìm thấy đơn vị / Unit not found');
    unitIds = [unit.id];
  } else {
    unitIds = pathIds(user.unitPath);
  }
  if (unitIds.length === 0) return { items: [] };
  const rows = await db.select({
    id: cannedReplies.id, unitId: cannedReplies.unitId, unitName: units.name, unitPath: units.path, title: cannedReplies.title,
    body: cannedReplies.body, updatedAt: cannedReplies.updatedAt,
  }).from(cannedReplies).innerJoin(units, eq(units.id, cannedReplies.unitId))
    .where(inArray(cannedReplies.unitId, unitIds)).orderBy(asc(cannedReplies.title), asc(cannedReplies.id));
  return {
    items: rows.map((r) => ({
      id: r.id, unit: { id: r.unitId, name: r.unitName }, title: r.title, body: r.body,
      rendered: fill ? fill(r.body) : null, canEdit: canManageUnit(user, { id: r.unitId, path: r.unitPath }), updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

export async function createCanned(db: DbOrTx, user: AuthUser, input: { unitId: number; title: string; body: string }) {
  const unit = await unitById(db, input.unitId);
  if (!unit || !canManageUnit(user, unit)) throw new AppError(403, 'forbidden', FORBIDDEN);
  const [row] = await db.insert(cannedReplies).values({ ...input, createdByUserId: user.id }).returning({ id: cannedReplies.id });
  return { id: row!.id, unit: { id: unit.id, name: unit.name }, title: input.title, body: input.body };
}

/** The template if the user may manage it; 404 if they cannot even see it, 403 if they only may read it. */
async function managed(db: DbOrTx, user: AuthUser, id: number) {
  const [row] = await db.select({ id: cannedReplies.id, unitId: cannedReplies.unitId, path: units.path, name: units.name })
    .from(cannedReplies).innerJoin(units, eq(units.id, cannedReplies.unitId)).where(eq(cannedReplies.id, id)).limit(1);
  if (!row || !canRead(user, { id: row.unitId, name: row.name, path: row.path })) throw new NotFoundError(NOT_FOUND);
  if (!canManageUnit(user, { id: row.unitId, path: row.path })) throw new AppError(403, 'forbidden', FORBIDDEN);
  return row;
}

export async function updateCanned(db: DbOrTx, user: AuthUser, id: number, patch: { title?: string; body?: string }) {
  await managed(db, user, id);
  const [row] = await db.update(cannedReplies).set({ ...patch, updatedAt: new Date() }).where(eq(cannedReplies.id, id))
    .returning({ id: cannedReplies.id, unitId: cannedReplies.unitId, title: cannedReplies.title, body: cannedReplies.body });
  return row!;
}

export async function deleteCanned(db: DbOrTx, user: AuthUser, id: number): Promise<void> {
  await managed(db, user, id);
  await db.delete(cannedReplies).where(eq(cannedReplies.id, id));
}
