/**
 * The officer workspace's HTTP side in one router, mounted by buildApp: JSON
 * bodies, the session loaded from the cookie, then the auth, account, report,
 * attachment, canned-reply, catalog and audit routes (docs/API.md).
 */
import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { auditRoutes } from './audit/audit.routes.js';
import { loadSession } from './auth/auth.middleware.js';
import { authRoutes } from './auth/auth.routes.js';
import { createAuthDeps } from './auth/auth.deps.js';
import type { AuthDeps } from './auth/auth.service.js';
import { userRoutes } from './auth/users.routes.js';
import { catalogRoutes } from './catalog/catalog.routes.js';
import { attachmentRoutes } from './reports/attachments.routes.js';
import { cannedRoutes } from './reports/canned.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { slaRoutes } from './sla/sla.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { noticeRoutes } from './notices/notices.routes.js';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { alertRoutes } from './alerts/alerts.routes.js';

export interface Workspace { router: Router; deps: AuthDeps; close(): Promise<void> }

export function workspaceRoutes(ctx: AppContext): Workspace {
  const { deps, close } = createAuthDeps(ctx);
  const router = Router();
  router.use(['/api/auth', '/api/admin', '/api/reports', '/api/attachments', '/api/canned-replies', '/api/units', '/api/categories'],
    express.json({ limit: '64kb' }));
  // Every /api route mounted after this one sees `req.auth` (stats, notices: use requireAuth/requireCsrf).
  const session = loadSession(deps);
  router.use('/api', (req, res, next) => (req.path.startsWith('/public/') ? next() : session(req, res, next)));
  router.use(authRoutes(deps, ctx.env));
  router.use(userRoutes(deps));
  router.use(auditRoutes(deps.db));
  // Before reportRoutes: /api/reports/export.csv must not be taken for /api/reports/:id.
  router.use(statsRoutes(ctx));
  router.use(slaRoutes(ctx));
  router.use(reportRoutes(ctx, deps.control));
  router.use(attachmentRoutes(ctx));
  router.use(cannedRoutes(deps.db));
  router.use(catalogRoutes(deps.db));
  // Notices and subscriber imports (issue 6; docs/API.md "Notices").
  router.use(noticeRoutes(ctx));
  router.use(subscriptionRoutes(ctx));
  // Administrator settings: units, categories, routing rules.
  router.use(settingsRoutes(ctx, deps.control));
  router.use(alertRoutes(deps.db));
  return { router, deps, async close() { close(); } };
}
