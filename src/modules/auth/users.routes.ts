/**
 * /api/admin/users: administrators list, create, change, disable accounts and reset passwords.
 */
import { Router } from 'express';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf, requireRole } from './auth.middleware.js';
import { AUTH_MESSAGES, createUserSchema, resetPasswordSchema, updateUserSchema } from './auth.schemas.js';
import type { AuthDeps } from './auth.service.js';
import { createAccount, listAccounts, resetAccountPassword, updateAccount } from './users.service.js';

export function userRoutes(deps: AuthDeps): Router {
  const r = Router();
  const admin = [requireAuth, requireRole('admin'), requireCsrf];
  const userId = (raw: unknown): number => {
    const id = idParam(raw);
    if (id === null) throw new NotFoundError('Không tìm thấy tài khoản / Account not found');
    return id;
  };

  r.get('/api/admin/users', ...admin, async (_req, res) => {
    res.json({ items: await listAccounts(deps.db) });
  });

  r.post('/api/admin/users', ...admin, async (req, res) => {
    const input = parseInput(createUserSchema, req.body, AUTH_MESSAGES);
    res.status(201).json(await createAccount(deps.db, input, authOf(req).user.id));
  });

  r.patch('/api/admin/users/:id', ...admin, async (req, res) => {
    const patch = parseInput(updateUserSchema, req.body, AUTH_MESSAGES);
    res.json(await updateAccount(deps, userId(req.params.id), patch, authOf(req).user.id));
  });

  r.post('/api/admin/users/:id/password', ...admin, async (req, res) => {
    const { password } = parseInput(resetPasswordSchema, req.body, AUTH_MESSAGES);
    await resetAccountPassword(deps, userId(req.params.id), password, authOf(req).user.id);
    res.status(204).end();
  });

  return r;
}
