/**
 * Accounts, managed by administrators (and the CLI for the first one). Every
 * change is written to the audit log; disabling an account, changing its role
 * or unit, or resetting its password ends all of its sessions at once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, units, users } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { SocketControl } from '../../realtime/control.js';
import type { Role } from './auth.types.js';
import { AUTH_MESSAGES } from './auth.schemas.js';
import { checkNewPassword, revokeAllSessions } from './auth.service.js';
import { hashPassword } from './password.js';
import type { LoginThrottle } from './throttle.js';
import { findUserById, findUserByUsername, listUsers, publicUser, type UserRow } from './users.repo.js';

export interface AccountView extends ReturnType<typeof publicUser> {
  disabled: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  createdAt: string;
}

export function accountView(u: UserRow): AccountView {
  return {
    ...publicUser(u), disabled: u.disabledAt !== null,
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
    failedLogins: u.failedLogins, createdAt: u.createdAt.toISOString(),
  };
}

async function assertActiveUnit(db: Db, unitId: number): Promise<void> {
  const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.id, unitId), isNull(units.validTo))).limit(1);
  if (!u) throw new ValidationError({ unitId: AUTH_MESSAGES.unitId });
}

/** The throttle is optional: the CLI has no Redis, and its lockout window ends by itself. */
export interface AccountDeps { db: Db; control: SocketControl; throttle?: LoginThrottle }

export interface NewAccount { username: string; displayName: string; password: string; role: Role; unitId: number; canReveal: boolean }

export async function createAccount(db: Db, input: NewAccount, actorUserId: number | null): Promise<AccountView> {
  await assertActiveUnit(db, input.unitId);
  checkNewPassword(input.username, input.password);
  if (await findUserByUsername(db, input.username)) throw new ValidationError({ username: AUTH_MESSAGES.usernameTaken });
  const passwordHash = await hashPassword(input.password);
  const [row] = await db.insert(users).values({
    username: input.username, displayName: input.displayName, role: input.role, unitId: input.unitId,
    passwordHash, canRevealPersonalData: input.canReveal ? 1 : 0,
  }).onConflictDoNothing({ target: users.username }).returning({ id: users.id });
  if (!row) throw new ValidationError({ username: AUTH_MESSAGES.usernameTaken });
  await db.insert(auditLog).values({
    userId: actorUserId, action: 'user.create', targetType: 'user', targetId: String(row.id),
    data: { role: input.role, unitId: input.unitId, canReveal: input.canReveal },
  });
  return accountView((await findUserById(db, row.id))!);
}

export interface AccountPatch { displayName?: string; role?: Role; unitId?: number; canReveal?: boolean; disabled?: boolean; unlock?: true }

export async function updateAccount(deps: AccountDeps, id: number, patch: AccountPatch, actorUserId: number): Promise<AccountView> {
  const { db } = deps;
  const before = await findUserById(db, id);
  if (!before) throw new NotFoundError('Không tìm thấy tài khoản / Account not found');
  if (id === actorUserId && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
    throw new AppError(409, 'self_lockout', 'Không thể tự vô hiệu hóa hoặc hạ quyền tài khoản của mình / You cannot disable or demote your own account');
  }
  if (patch.unitId !== undefined) await assertActiveUnit(db, patch.unitId);
  await db.update(users).set({
    ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.unitId !== undefined ? { unitId: patch.unitId } : {}),
    ...(patch.canReveal !== undefined ? { canRevealPersonalData: patch.canReveal ? 1 : 0 } : {}),
    ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? new Date() : null } : {}),
    ...(patch.unlock ? { lockedUntil: null, failedLogins: 0 } : {}),
  }).where(eq(users.id, id));
  // Scope and rights are read per request, but sockets joined rooms at connect: a change of
  // role or unit (or disabling) ends the sessions so every room is joined afresh.
  const scopeChanged = (patch.role !== undefined && patch.role !== before.role) || (patch.unitId !== undefined && patch.unitId !== before.unitId);
  if (scopeChanged || patch.disabled === true) await revokeAllSessions(deps, id);
  if (patch.unlock) await deps.throttle?.clear(before.username);
  const { unlock, ...rest } = patch;
  await db.insert(auditLog).values({
    userId: actorUserId, action: patch.disabled === true ? 'user.disable' : 'user.update', targetType: 'user', targetId: String(id),
    data: { ...rest, ...(unlock ? { unlock: true } : {}) },
  });
  return accountView((await findUserById(db, id))!);
}

export async function resetAccountPassword(deps: AccountDeps, id: number, password: string, actorUserId: number | null): Promise<void> {
  const user = await findUserById(deps.db, id);
  if (!user) throw new NotFoundError('Không tìm thấy tài khoản / Account not found');
  checkNewPassword(user.username, password);
  await deps.db.update(users).set({ passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
  await revokeAllSessions(deps, id);
  await deps.throttle?.clear(user.username);
  await deps.db.insert(auditLog).values({ userId: actorUserId, action: 'user.password_reset', targetType: 'user', targetId: String(id) });
}

export async function listAccounts(db: Db): Promise<AccountView[]> {
  return (await listUsers(db)).map(accountView);
}
