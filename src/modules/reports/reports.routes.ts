/**
 * /api/reports: the officer workspace's report API (docs/API.md). Every route
 * is behind a session; state-changing ones need the CSRF token. Scope is
 * enforced in the services (a report outside it is 404).
 */
import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import type { SocketControl } from '../../realtime/control.js';
import { authOf, requireAuth, requireCsrf } from '../auth/auth.middleware.js';
import { createNote, createReply, previewForReport } from './replies.service.js';
import {
  REPORT_MESSAGES, listQuerySchema, noteSchema, previewSchema, replySchema, statusSchema, transferSchema,
} from './reports.schemas.js';
import { changeStatus, countsForUser, detailForUser, listForUser, revealReporter } from './reports.service.js';
import { transferReport } from './transfer.service.js';

export function reportIdOf(req: Request): number {
  const id = idParam(req.params.id);
  if (id === null) throw new NotFoundError('Không tìm thấy phản ánh / Report not found');
  return id;
}

export function reportRoutes(ctx: AppContext, control: SocketControl): Router {
  const r = Router();
  const db = ctx.database.db;
  r.use('/api/reports', requireAuth, requireCsrf);

  r.get('/api/reports', async (req, res) => {
    const q = parseInput(listQuerySchema, req.query, REPORT_MESSAGES);
    res.set('Cache-Control', 'no-store').json(await listForUser(db, authOf(req).user, q));
  });

  r.get('/api/reports/counts', async (req, res) => {
    const { cursor: _c, limit: _l, ...filters } = parseInput(listQuerySchema, req.query, REPORT_MESSAGES);
    res.set('Cache-Control', 'no-store').json(await countsForUser(db, authOf(req).user, filters));
  });

  r.get('/api/reports/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await detailForUser(db, authOf(req).user, reportIdOf(req)));
  });

  r.post('/api/reports/:id/reveal', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await revealReporter(db, authOf(req).user, reportIdOf(req)));
  });

  r.post('/api/reports/:id/replies/preview', async (req, res) => {
    const { text } = parseInput(previewSchema, req.body, REPORT_MESSAGES);
    res.json(await previewForReport(ctx, authOf(req).user, reportIdOf(req), text));
  });

  r.post('/api/reports/:id/replies', async (req, res) => {
    const id = reportIdOf(req);
    const input = parseInput(replySchema, req.body, REPORT_MESSAGES);
    res.status(201).json(await createReply(ctx, authOf(req).user, id, input));
  });

  r.post('/api/reports/:id/notes', async (req, res) => {
    const id = reportIdOf(req);
    const { text } = parseInput(noteSchema, req.body, REPORT_MESSAGES);
    res.status(201).json(await createNote(ctx, authOf(req).user, id, text));
  });

  r.post('/api/reports/:id/transfer', async (req, res) => {
    const id = reportIdOf(req);
    const input = parseInput(transferSchema, req.body, REPORT_MESSAGES);
    res.json(await transferReport(ctx, control, authOf(req).user, id, input));
  });

  r.patch('/api/reports/:id', async (req, res) => {
    const id = reportIdOf(req);
    const { status } = parseInput(statusSchema, req.body, REPORT_MESSAGES);
    res.json(await changeStatus(ctx, authOf(req).user, id, status));
  });

  return r;
}
