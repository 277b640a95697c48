/**
 * /api/canned-replies: list for everyone (filled for a report when asked),
 * create/update/delete for leaders and administrators of the unit.
 */
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf } from '../auth/auth.middleware.js';
import { createCanned, deleteCanned, listCanned, updateCanned } from './canned.service.js';
import { REPORT_MESSAGES, cannedCreateSchema, cannedQuerySchema, cannedUpdateSchema } from './reports.schemas.js';

export function cannedRoutes(db: Db): Router {
  const r = Router();
  r.use('/api/canned-replies', requireAuth, requireCsrf);
  const cannedId = (raw: unknown): number => {
    const id = idParam(raw);
    if (id === null) throw new NotFoundError('Không tìm thấy mẫu trả lời / Canned reply not found');
    return id;
  };

  r.get('/api/canned-replies', async (req, res) => {
    const q = parseInput(cannedQuerySchema, req.query, REPORT_MESSAGES);
    res.json(await listCanned(db, authOf(req).user, q));
  });
  r.post('/api/canned-replies', async (req, res) => {
    const input = parseInput(cannedCreateSchema, req.body, REPORT_MESSAGES);
    res.status(201).json(await createCanned(db, authOf(req).user, input));
  });
  r.patch('/api/canned-replies/:id', async (req, res) => {
    const id = cannedId(req.params.id);
    const patch = parseInput(cannedUpdateSchema, req.body, REPORT_MESSAGES);
    res.json(await updateCanned(db, authOf(req).user, id, patch));
  });
  r.delete('/api/canned-replies/:id', async (req, res) => {
    await deleteCanned(db, authOf(req).user, cannedId(req.params.id));
    res.status(204).end();
  });
  return r;
}
