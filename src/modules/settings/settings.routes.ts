/**
 * Administrator settings (docs/API.md "Settings (admin only)"): the unit tree
 * (add, rename, merge), categories, routing rules and a routing test. The SLA
 * policies and calendar are in src/modules/sla/sla.routes.ts.
 */
import express, { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import type { SocketControl } from '../../realtime/control.js';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf, requireRole } from '../auth/auth.middleware.js';
import { createCategory, listCategories, updateCategory } from './categories.service.js';
import { createRule, deleteRule, listRules, testRouting, updateRule } from './rules.service.js';
import {
  SETTINGS_MESSAGES, categoryCreateSchema, categoryPatchSchema, routingTestSchema, ruleCreateSchema, rulePatchSchema,
  unitCreateSchema, unitMergeSchema, unitPatchSchema,
} from './settings.schemas.js';
import { mergeUnit } from './units.merge.js';
import { createUnit, listUnits, updateUnit } from './units.service.js';

function idOf(req: Request): number {
  const id = idParam(req.params.id);
  if (id === null) throw new NotFoundError();
  return id;
}

export function settingsRoutes(ctx: AppContext, control: SocketControl): Router {
  const r = Router();
  const db = ctx.database.db;
  const admin = [requireAuth, requireRole('admin'), requireCsrf];
  r.use(['/api/admin/units', '/api/admin/categories', '/api/admin/routing-rules', '/api/admin/routing'], express.json({ limit: '64kb' }));

  r.get('/api/admin/units', ...admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listUnits(db));
  });
  r.post('/api/admin/units', ...admin, async (req, res) => {
    const input = parseInput(unitCreateSchema, req.body, SETTINGS_MESSAGES);
    res.status(201).json(await createUnit(db, authOf(req).user, input));
  });
  r.patch('/api/admin/units/:id', ...admin, async (req, res) => {
    const id = idOf(req);
    res.json(await updateUnit(db, authOf(req).user, id, parseInput(unitPatchSchema, req.body, SETTINGS_MESSAGES)));
  });
  r.post('/api/admin/units/:id/merge', ...admin, async (req, res) => {
    const id = idOf(req);
    res.json(await mergeUnit(ctx, control, authOf(req).user, id, parseInput(unitMergeSchema, req.body, SETTINGS_MESSAGES)));
  });

  r.get('/api/admin/categories', ...admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listCategories(db));
  });
  r.post('/api/admin/categories', ...admin, async (req, res) => {
    const input = parseInput(categoryCreateSchema, req.body, SETTINGS_MESSAGES);
    res.status(201).json(await createCategory(db, authOf(req).user, input));
  });
  r.patch('/api/admin/categories/:id', ...admin, async (req, res) => {
    const id = idOf(req);
    res.json(await updateCategory(db, authOf(req).user, id, parseInput(categoryPatchSchema, req.body, SETTINGS_MESSAGES)));
  });

  r.get('/api/admin/routing-rules', ...admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listRules(db));
  });
  r.post('/api/admin/routing-rules', ...admin, async (req, res) => {
    const input = parseInput(ruleCreateSchema, req.body, SETTINGS_MESSAGES);
    res.status(201).json(await createRule(db, authOf(req).user, input));
  });
  r.patch('/api/admin/routing-rules/:id', ...admin, async (req, res) => {
    const id = idOf(req);
    res.json(await updateRule(db, authOf(req).user, id, parseInput(rulePatchSchema, req.body, SETTINGS_MESSAGES)));
  });
  r.delete('/api/admin/routing-rules/:id', ...admin, async (req, res) => {
    await deleteRule(db, authOf(req).user, idOf(req));
    res.status(204).end();
  });
  r.post('/api/admin/routing/test', ...admin, async (req, res) => {
    res.json(await testRouting(db, parseInput(routingTestSchema, req.body, SETTINGS_MESSAGES)));
  });
  return r;
}
