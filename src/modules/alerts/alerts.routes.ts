/**
 * /api/admin/alerts and /api/admin/channels (administrators only): open alerts,
 * resolving one, the Zalo OA token state, and replacing the token pair.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { idParam, parseInput } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf, requireRole } from '../auth/auth.middleware.js';
import { listAlerts, replaceZaloTokens, resolveAlert, zaloCredentials } from './alerts.service.js';

const MESSAGES = {
  refreshToken: { vi: 'Vui lòng nhập refresh token mới của Zalo OA (10–2000 ký tự).', en: 'Please enter the Zalo OA’s new refresh token (10–2000 characters).' },
  accessToken: { vi: 'Access token không hợp lệ (10–2000 ký tự).', en: 'The access token is not valid (10–2000 characters).' },
  accessExpiresInS: { vi: 'Thời hạn access token tính bằng giây, từ 60 đến 90000.', en: 'Access token lifetime in seconds, 60 to 90000.' },
};

const token = (msg: string) => z.string(msg).trim().min(10, msg).max(2000, msg).regex(/^\S+$/, msg);
const tokensSchema = z.object({
  refreshToken: token('refreshToken'),
  accessToken: token('accessToken').optional(),
  accessExpiresInS: z.number('accessExpiresInS').int('accessExpiresInS').min(60, 'accessExpiresInS').max(90_000, 'accessExpiresInS').optional(),
}).strict();

export function alertRoutes(db: Db): Router {
  const r = Router();
  const admin = [requireAuth, requireRole('admin'), requireCsrf];

  r.get('/api/admin/alerts', ...admin, async (req, res) => {
    const includeResolved = req.query.all === '1' || req.query.all === 'true';
    res.json({ items: await listAlerts(db, { includeResolved, limit: includeResolved ? 100 : 50 }) });
  });

  r.post('/api/admin/alerts/:id/resolve', ...admin, async (req, res) => {
    const id = idParam(req.params.id);
    if (id === null) throw new NotFoundError('Không tìm thấy cảnh báo / Alert not found');
    await resolveAlert(db, id, authOf(req).user.id);
    res.status(204).end();
  });

  r.get('/api/admin/channels/zalo', ...admin, async (_req, res) => {
    res.json(await zaloCredentials(db));
  });

  r.put('/api/admin/channels/zalo/tokens', ...admin, async (req, res) => {
    const input = parseInput(tokensSchema, req.body, MESSAGES);
    res.json(await replaceZaloTokens(db, input, authOf(req).user.id));
  });

  return r;
}
