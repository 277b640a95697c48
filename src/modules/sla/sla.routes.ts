/**
 * SLA routes (docs/API.md "Deadlines and extensions", "SLA settings"):
 * a report's deadline state and its extensions for anyone who may see the
 * report; policies and the calendar for administrators.
 */
import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf, requireRole } from '../auth/auth.middleware.js';
import { reportIdOf } from '../reports/reports.routes.js';
import { decideExtension, listExtensions, requestExtension } from './extensions.service.js';
import { deleteCalendarDay, listCalendar, listPolicies, putCalendarDay, replacePolicies } from './sla-admin.service.js';
import { SLA_MESSAGES, calendarPostSchema, calendarQuerySchema, decisionSchema, extensionSchema, isRealDate, policiesPutSchema } from './sla.schemas.js';
import { slaView } from './sla-view.service.js';

function extIdOf(req: Request): number {
  const id = idParam(req.params.extId);
  if (id === null) throw new NotFoundError();
  return id;
}

export function slaRoutes(ctx: AppContext): Router {
  const r = Router();
  const db = ctx.database.db;
  const signedIn = [requireAuth, requireCsrf];
  const admin = [requireAuth, requireRole('admin'), requireCsrf];

  r.get('/api/reports/:id/sla', ...signedIn, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await slaView(ctx, authOf(req).user, reportIdOf(req)));
  });
  r.get('/api/reports/:id/extensions', ...signedIn, async (req, res) => {
    res.set('Cache-Control', 'no-store').json({ items: await listExtensions(ctx, authOf(req).user, reportIdOf(req)) });
  });
  r.post('/api/reports/:id/extensions', ...signedIn, async (req, res) => {
    const id = reportIdOf(req);
    const input = parseInput(extensionSchema, req.body, SLA_MESSAGES);
    res.status(201).json(await requestExtension(ctx, authOf(req).user, id, input));
  });
  for (const [action, approve] of [['approve', true], ['reject', false]] as const) {
    r.post(`/api/reports/:id/extensions/:extId/${action}`, ...signedIn, async (req, res) => {
      const id = reportIdOf(req);
      const { note } = parseInput(decisionSchema, req.body, SLA_MESSAGES);
      res.json(await decideExtension(ctx, authOf(req).user, id, extIdOf(req), { approve, note }));
    });
  }

  r.get('/api/admin/sla-policies', ...admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listPolicies(db));
  });
  r.put('/api/admin/sla-policies', ...admin, async (req, res) => {
    const { items } = parseInput(policiesPutSchema, req.body, SLA_MESSAGES);
    res.json(await replacePolicies(db, authOf(req).user, items));
  });
  r.get('/api/admin/calendar', ...admin, async (req, res) => {
    const { year } = parseInput(calendarQuerySchema, req.query, SLA_MESSAGES);
    res.set('Cache-Control', 'no-store').json(await listCalendar(db, year ?? new Date().getUTCFullYear()));
  });
  r.post('/api/admin/calendar', ...admin, async (req, res) => {
    const input = parseInput(calendarPostSchema, req.body, SLA_MESSAGES);
    res.status(201).json(await putCalendarDay(db, authOf(req).user, input));
  });
  r.delete('/api/admin/calendar/:date', ...admin, async (req, res) => {
    const date = String(req.params.date);
    if (!isRealDate(date)) throw new NotFoundError();
    await deleteCalendarDay(db, authOf(req).user, date);
    res.status(204).end();
  });
  return r;
}
