/**
 * /api/notices (docs/API.md "Notices"): leaders and administrators, within
 * their units; officers get 403. State-changing routes need the CSRF token.
 * A notice outside the caller's scope is 404, as for reports.
 */
import express, { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf, requireRole } from '../auth/auth.middleware.js';
import { createNoticeSchema, listQuerySchema, NOTICE_MESSAGES, previewSchema } from './notices.schemas.js';
import { previewNotice } from './notices.preview.js';
import { approveNotice, cancelNotice, createNotice, retryFailed } from './notices.service.js';
import { listNotices, noticeView } from './notices.view.js';

function noticeId(req: Request): number {
  const id = idParam(req.params.id);
  if (id === null) throw new NotFoundError('Không tìm thấy thông báo / Notice not found');
  return id;
}

export function noticeRoutes(ctx: AppContext): Router {
  const r = Router();
  const db = ctx.database.db;
  r.use('/api/notices', express.json({ limit: '64kb' }), requireAuth, requireCsrf, requireRole('leader', 'admin'));

  r.get('/api/notices', async (req, res) => {
    const q = parseInput(listQuerySchema, req.query, NOTICE_MESSAGES);
    res.set('Cache-Control', 'no-store').json(await listNotices(db, authOf(req).user, q));
  });

  r.post('/api/notices/preview', async (req, res) => {
    res.json(await previewNotice(ctx, authOf(req).user, parseInput(previewSchema, req.body, NOTICE_MESSAGES)));
  });

  r.post('/api/notices', async (req, res) => {
    res.status(201).json(await createNotice(ctx, authOf(req).user, parseInput(createNoticeSchema, req.body, NOTICE_MESSAGES)));
  });

  r.get('/api/notices/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await noticeView(db, authOf(req).user, noticeId(req)));
  });

  r.post('/api/notices/:id/approve', async (req, res) => {
    res.json(await approveNotice(ctx, authOf(req).user, noticeId(req)));
  });

  r.post('/api/notices/:id/cancel', async (req, res) => {
    res.json(await cancelNotice(ctx, authOf(req).user, noticeId(req)));
  });

  r.post('/api/notices/:id/retry-failed', async (req, res) => {
    res.json(await retryFailed(ctx, authOf(req).user, noticeId(req)));
  });
  return r;
}
