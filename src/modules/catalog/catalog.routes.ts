/**
 * GET /api/units and GET /api/categories for the workspace (transfer pickers,
 * filters). Units are not secret: any signed-in user gets the whole active
 * tree, each unit flagged with whether it is inside the caller's scope.
 */
import { Router } from 'express';
import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { categories, units } from '../../db/schema/index.js';
import { authOf, requireAuth } from '../auth/auth.middleware.js';
import { unitInScope } from '../auth/scope.js';

export function catalogRoutes(db: Db): Router {
  const r = Router();

  r.get('/api/units', requireAuth, async (req, res) => {
    const user = authOf(req).user;
    const rows = await db.select({
      id: units.id, parentId: units.parentId, kind: units.kind, name: units.name, smsCode: units.smsCode, path: units.path, isTriage: units.isTriage,
    }).from(units).where(isNull(units.validTo)).orderBy(asc(units.path));
    res.json({
      items: rows.map((u) => ({
        ...u, depth: Math.max(0, u.path.split('/').filter(Boolean).length - 1), inScope: unitInScope(user, u),
      })),
    });
  });

  r.get('/api/categories', requireAuth, async (_req, res) => {
    const rows = await db.select({
      id: categories.id, code: categories.code, nameVi: categories.nameVi, nameEn: categories.nameEn, defaultPriority: categories.defaultPriority,
    }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.sortOrder), asc(categories.id));
    res.json({ items: rows });
  });

  return r;
}
