/**
 * Unit scope, enforced on the server in every query (DESIGN.md invariant 5).
 *
 *   officer → reports assigned to their own unit
 *   leader  → reports assigned to their unit or any unit below it (units.path prefix)
 *   admin   → every report
 *
 * `reportScope` is the one SQL condition every path uses: lists, counts,
 * search, detail, attachments, replies, transfers, socket subscriptions,
 * exports. A report outside the scope is "not found" (404), never "forbidden",
 * so ids of other units' reports reveal nothing.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { reports, units } from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import type { AuthUser } from './auth.types.js';

/** Paths are "/1/4/17/": digits and slashes only, so no LIKE wildcard can sneak in; checked anyway. */
function subtreePattern(path: string): string {
  if (!/^\/(\d+\/)*$/.test(path)) throw new Error('malformed unit path');
  return `${path}%`;
}

/** SQL condition on `reports` limiting rows to what `user` may see. */
export function reportScope(user: AuthUser): SQL {
  switch (user.role) {
    case 'admin':
      return sql`true`;
    case 'leader':
      return sql`${reports.assignedUnitId} in (select ${units.id} from ${units} where ${units.path} like ${subtreePattern(user.unitPath)})`;
    case 'officer':
      return eq(reports.assignedUnitId, user.unitId);
  }
}

/** SQL condition on `units`: the units whose reports (and canned replies) `user` may see. */
export function unitScope(user: AuthUser): SQL {
  switch (user.role) {
    case 'admin':
      return sql`true`;
    case 'leader':
      return sql`${units.path} like ${subtreePattern(user.unitPath)}`;
    case 'officer':
      return eq(units.id, user.unitId);
  }
}

/** The same rule in memory, for a unit already loaded. */
export function unitInScope(user: AuthUser, unit: { id: number; path: string }): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'leader') return unit.path.startsWith(user.unitPath);
  return unit.id === user.unitId;
}

/** Leaders and admins manage a unit's settings (canned replies) within their scope; officers do not. */
export function canManageUnit(user: AuthUser, unit: { id: number; path: string }): boolean {
  return user.role !== 'officer' && unitInScope(user, unit);
}

/** The report if `user` may see it; NotFoundError otherwise (also when it does not exist). */
export async function reportInScope(db: DbOrTx, user: AuthUser, reportId: number, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(reports).where(and(eq(reports.id, reportId), reportScope(user))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Không tìm thấy phản ánh / Report not found');
  return row;
}

/** True when `user` may see report `reportId` (socket subscriptions). */
export async function canSeeReport(db: DbOrTx, user: AuthUser, reportId: number): Promise<boolean> {
  const [row] = await db.select({ id: reports.id }).from(reports).where(and(eq(reports.id, reportId), reportScope(user))).limit(1);
  return row !== undefined;
}
