/**
 * /api/auth: sign in, sign out (here or everywhere), who am I, change password.
 * Sign-in takes JSON only: a cross-site HTML form cannot send it, which is
 * what stands in for a CSRF token before there is a session.
 */
import { Router } from 'express';
import type { Env } from '../../config/env.js';
import { parseInput } from '../../http/validate.js';
import { AppError, UnavailableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { assertCsrf, authOf, clearSessionCookie, requireAuth, requireCsrf, setSessionCookie } from './auth.middleware.js';
import { AUTH_MESSAGES, changePasswordSchema, loginSchema } from './auth.schemas.js';
import { changePassword, login, logout, logoutAll, type AuthDeps } from './auth.service.js';
import { publicUser } from './users.repo.js';

export function authRoutes(deps: AuthDeps, env: Env): Router {
  const r = Router();

  r.post('/api/auth/login', async (req, res) => {
    const input = parseInput(loginSchema, req.body, AUTH_MESSAGES);
    const s = await login(deps, { ...input, ip: req.ip ?? 'unknown' }).catch((err: unknown) => {
      // Redis (throttle, sessions) or PostgreSQL away: say "retry", not "internal error".
      if (err instanceof AppError) throw err;
      logger.warn({ err: (err as Error).message }, 'sign-in could not reach its stores');
      throw new UnavailableError();
    });
    setSessionCookie(res, env, s.sid);
    res.set('Cache-Control', 'no-store').json({ csrfToken: s.csrfToken, user: publicUser(s.user) });
  });

  r.get('/api/auth/me', requireAuth, (req, res) => {
    const auth = authOf(req);
    res.set('Cache-Control', 'no-store').json({ csrfToken: auth.session.csrf, user: publicUser(auth.user) });
  });

  r.post('/api/auth/logout', async (req, res) => {
    // Signing out of a session that has already ended is not an error.
    if (req.auth) {
      assertCsrf(req);
      await logout(deps, req.auth);
    }
    clearSessionCookie(res, env);
    res.status(204).end();
  });

  r.post('/api/auth/logout-all', requireAuth, requireCsrf, async (req, res) => {
    await logoutAll(deps, authOf(req));
    clearSessionCookie(res, env);
    res.status(204).end();
  });

  r.post('/api/auth/password', requireAuth, requireCsrf, async (req, res) => {
    const input = parseInput(changePasswordSchema, req.body, AUTH_MESSAGES);
    const s = await changePassword(deps, authOf(req), input);
    setSessionCookie(res, env, s.sid);
    res.set('Cache-Control', 'no-store').json({ csrfToken: s.csrfToken, user: publicUser(s.user) });
  });

  return r;
}
