/**
 * Sign-in, sessions and password changes. One generic answer for a wrong
 * username or password; lockout after repeated failures, counted in Redis for
 * every username (so the answer does not reveal which accounts exist) and
 * recorded on the account (users.failed_logins / locked_until) for real ones.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, users } from '../../db/schema/index.js';
import { AppError, ValidationError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import type { SocketControl } from '../../realtime/control.js';
import type { AuthContext, AuthUser, SessionData } from './auth.types.js';
import { AUTH_ERRORS, AUTH_MESSAGES } from './auth.schemas.js';
import { hashPassword, verifyPassword } from './password.js';
import type { SessionStore } from './session.store.js';
import { LOCK_MINUTES, MAX_USER_FAILURES, type LoginThrottle } from './throttle.js';
import { findUserById, findUserByUsername, type UserRow } from './users.repo.js';

export interface AuthDeps {
  db: Db;
  store: SessionStore;
  throttle: LoginThrottle;
  control: SocketControl;
}

export interface NewSession { sid: string; csrfToken: string; user: AuthUser }

/** Session and user for a cookie value; null when absent, expired, revoked or disabled. */
export async function authenticate(deps: AuthDeps, sid: string | undefined): Promise<AuthContext | null> {
  if (!sid) return null;
  const found = await deps.store.get(sid);
  return found ? withUser(deps, found.key, found.data) : null;
}

/** The same check by session key, without sliding the expiry (sockets re-check on events and a timer). */
export async function revalidate(deps: AuthDeps, key: string): Promise<AuthContext | null> {
  const data = await deps.store.peek(key);
  return data ? withUser(deps, key, data) : null;
}

async function withUser(deps: AuthDeps, key: string, session: SessionData): Promise<AuthContext | null> {
  const user = await findUserById(deps.db, session.userId);
  if (!user || user.disabledAt || user.sessionEpoch !== session.epoch) {
    await deps.store.destroy(key);
    return null;
  }
  return { user: toAuthUser(user), session, sessionKey: key };
}

export function toAuthUser(u: UserRow): AuthUser {
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role,
    unitId: u.unitId, unitPath: u.unitPath, unitName: u.unitName, canReveal: u.canReveal,
  };
}

const lockedError = () => new AppError(423, 'account_locked', AUTH_ERRORS.locked);

export async function login(deps: AuthDeps, args: { username: string; password: string; ip: string }): Promise<NewSession> {
  const verdict = await deps.throttle.check({ ip: args.ip, username: args.username });
  if (verdict === 'ip_limited') throw new AppError(429, 'rate_limited', AUTH_ERRORS.ipLimited);
  if (verdict === 'locked') throw lockedError();
  const user = await findUserByUsername(deps.db, args.username);
  if (user?.lockedUntil && user.lockedUntil.getTime() > Date.now()) throw lockedError();
  const ok = await verifyPassword(user?.passwordHash ?? null, args.password);
  if (!ok || !user) {
    await recordFailure(deps, args, user);
    throw new AppError(401, 'invalid_credentials', AUTH_ERRORS.invalidCredentials);
  }
  if (user.disabledAt) throw new AppError(403, 'account_disabled', AUTH_ERRORS.disabled);
  await deps.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  await deps.throttle.clear(args.username);
  const session = await deps.store.create({ userId: user.id, epoch: user.sessionEpoch });
  return { sid: session.sid, csrfToken: session.data.csrf, user: toAuthUser(user) };
}

/** Count the failure; the failure that reaches the limit locks the account and says so. */
async function recordFailure(deps: AuthDeps, args: { username: string; ip: string }, user: UserRow | null): Promise<void> {
  const count = await deps.throttle.fail({ ip: args.ip, username: args.username });
  let lockedNow = false;
  if (user) {
    const [row] = await deps.db.update(users).set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${MAX_USER_FAILURES} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_USER_FAILURES} then now() + make_interval(mins => ${LOCK_MINUTES}) else ${users.lockedUntil} end`,
    }).where(eq(users.id, user.id)).returning({ lockedUntil: users.lockedUntil });
    lockedNow = !!row?.lockedUntil && row.lockedUntil.getTime() > Date.now();
    if (lockedNow) {
      logger.warn({ userId: user.id }, 'account locked after repeated failed sign-ins');
      await deps.db.insert(auditLog).values({ userId: null, action: 'auth.locked', targetType: 'user', targetId: String(user.id) });
    }
  }
  if (lockedNow || count >= MAX_USER_FAILURES) throw lockedError();
}

export async function logout(deps: AuthDeps, auth: AuthContext): Promise<void> {
  await deps.store.destroy(auth.sessionKey);
  deps.control.disconnectSession(auth.sessionKey);
}

/** Every session of the user ends: the epoch bump invalidates them wherever they are. */
export async function revokeAllSessions(deps: Pick<AuthDeps, 'db' | 'control'>, userId: number): Promise<number> {
  const [row] = await deps.db.update(users).set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, userId)).returning({ epoch: users.sessionEpoch });
  deps.control.disconnectUser(userId);
  return row?.epoch ?? 0;
}

export async function logoutAll(deps: AuthDeps, auth: AuthContext): Promise<void> {
  await revokeAllSessions(deps, auth.user.id);
  await deps.store.destroy(auth.sessionKey);
}

/** New password: every session (this one too) ends, and the caller gets a fresh session. */
export async function changePassword(deps: AuthDeps, auth: AuthContext, input: { currentPassword: string; newPassword: string }): Promise<NewSession> {
  const user = await findUserById(deps.db, auth.user.id);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError({ currentPassword: AUTH_MESSAGES.currentPassword });
  }
  checkNewPassword(user.username, input.newPassword, input.currentPassword);
  await deps.db.update(users).set({ passwordHash: await hashPassword(input.newPassword) }).where(eq(users.id, user.id));
  const epoch = await revokeAllSessions(deps, user.id);
  await deps.store.destroy(auth.sessionKey);
  const session = await deps.store.create({ userId: user.id, epoch });
  return { sid: session.sid, csrfToken: session.data.csrf, user: toAuthUser(user) };
}

export function checkNewPassword(username: string, password: string, current?: string): void {
  if (current !== undefined && password === current) throw new ValidationError({ newPassword: AUTH_MESSAGES.passwordSame });
  if (password.trim().toLowerCase() === username.toLowerCase()) {
    throw new ValidationError({ [current === undefined ? 'password' : 'newPassword']: AUTH_MESSAGES.passwordIsUsername });
  }
}
