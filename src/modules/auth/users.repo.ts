/**
 * Reading accounts with their unit (the scope needs the unit's path).
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { units, users } from '../../db/schema/index.js';
import type { AuthUser } from './auth.types.js';

export interface UserRow extends AuthUser {
  passwordHash: string;
  sessionEpoch: number;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId,
  unitPath: sql<string>`coalesce(${units.path}, '')`, unitName: sql<string>`coalesce(${units.name}, '')`,
  canRevealRaw: users.canRevealPersonalData, passwordHash: users.passwordHash, sessionEpoch: users.sessionEpoch,
  failedLogins: users.failedLogins, lockedUntil: users.lockedUntil, disabledAt: users.disabledAt, createdAt: users.createdAt,
};

const base = (db: DbOrTx) => db.select(columns).from(users).leftJoin(units, eq(units.id, users.unitId));
type Raw = Awaited<ReturnType<typeof base>>[number];

function toRow(r: Raw): UserRow {
  const { canRevealRaw, ...rest } = r;
  // Leaders and admins may reveal; officers only when an administrator granted it.
  return { ...rest, canReveal: r.role !== 'officer' || canRevealRaw === 1 };
}

export async function findUserById(db: DbOrTx, id: number): Promise<UserRow | null> {
  const [r] = await base(db).where(eq(users.id, id)).limit(1);
  return r ? toRow(r) : null;
}

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | null> {
  const [r] = await base(db).where(eq(users.username, username)).limit(1);
  return r ? toRow(r) : null;
}

export async function listUsers(db: DbOrTx): Promise<UserRow[]> {
  const rows = await base(db).orderBy(users.username);
  return rows.map(toRow);
}

/** What the UI may know about an account (no hash, no counters). */
export function publicUser(u: AuthUser) {
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role,
    unit: { id: u.unitId, name: u.unitName }, canReveal: u.canReveal,
  };
}
export type PublicUser = ReturnType<typeof publicUser>;
