/**
 * Session, CSRF and role checks for the workspace API.
 *
 * CSRF: the session holds a random token, handed to the UI at sign-in and by
 * GET /api/auth/me; every state-changing request must echo it in X-CSRF-Token.
 * Compared in constant time (both sides hashed to equal length first).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Env } from '../../config/env.js';
import { AppError, UnavailableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import type { AuthContext, Role } from './auth.types.js';
import { AUTH_ERRORS } from './auth.schemas.js';
import { authenticate, type AuthDeps } from './auth.service.js';
import { SESSION_COOKIE } from './session.store.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieOptions(env: Env): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: env.PUBLIC_BASE_URL.startsWith('https:'), path: '/' };
}

export function setSessionCookie(res: Response, env: Env, sid: string): void {
  // No maxAge: a browser-session cookie; the server decides when the session ends.
  res.cookie(SESSION_COOKIE, sid, cookieOptions(env));
}

export function clearSessionCookie(res: Response, env: Env): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(env));
}

/** Loads `req.auth` when the cookie names a live session; refuses only when sessions cannot be read (503). */
export function loadSession(deps: AuthDeps): RequestHandler {
  return async (req, _res, next) => {
    const sid = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
    try {
      req.auth = (await authenticate(deps, sid)) ?? undefined;
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'session store unreachable');
      throw new UnavailableError();
    }
    next();
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.auth) throw new AppError(401, 'unauthenticated', AUTH_ERRORS.unauthenticated);
  next();
};

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Throws 403 unless the request carries the session's CSRF token in X-CSRF-Token. */
export function assertCsrf(req: Request): void {
  const auth = req.auth;
  if (!auth) throw new AppError(401, 'unauthenticated', AUTH_ERRORS.unauthenticated);
  if (!csrfMatches(auth.session.csrf, req.get('x-csrf-token'))) throw new AppError(403, 'csrf_failed', AUTH_ERRORS.csrf);
}

/** State-changing requests need the session's CSRF token; safe methods pass. */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  if (!SAFE_METHODS.has(req.method)) assertCsrf(req);
  next();
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) throw new AppError(401, 'unauthenticated', AUTH_ERRORS.unauthenticated);
    if (!roles.includes(req.auth.user.role)) throw new AppError(403, 'forbidden', AUTH_ERRORS.forbidden);
    next();
  };
}

/** The signed-in caller of a route behind requireAuth. */
export function authOf(req: Request): AuthContext {
  if (!req.auth) throw new AppError(401, 'unauthenticated', AUTH_ERRORS.unauthenticated);
  return req.auth;
}
