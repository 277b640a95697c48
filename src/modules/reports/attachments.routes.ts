/**
 * GET /api/attachments/:id — a report's photo or file, for users whose scope
 * covers the report (404 otherwise, as for the report itself). Served with a
 * sandboxing CSP so a file that is not what it claims cannot run script.
 */
import { Router } from 'express';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { attachments, reports } from '../../db/schema/index.js';
import { idParam } from '../../http/validate.js';
import { NotFoundError } from '../../lib/errors.js';
import { authOf, requireAuth } from '../auth/auth.middleware.js';
import { reportScope } from '../auth/scope.js';

/** Shown inline; anything else is downloaded. */
const INLINE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export function attachmentRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/api/attachments/:id', requireAuth, async (req, res) => {
    const id = idParam(req.params.id);
    const notFound = new NotFoundError('Không tìm thấy tệp / File not found');
    if (id === null) throw notFound;
    const [row] = await ctx.database.db.select({ storageKey: attachments.storageKey, mime: attachments.mime, status: attachments.status })
      .from(attachments).innerJoin(reports, eq(reports.id, attachments.reportId))
      .where(and(eq(attachments.id, id), reportScope(authOf(req).user))).limit(1);
    if (!row || row.status !== 'stored' || !row.storageKey || !(await ctx.files.exists(row.storageKey))) throw notFound;
    const inline = row.mime !== null && INLINE.has(row.mime);
    res.set({
      'Content-Type': inline ? row.mime! : 'application/octet-stream',
      'Content-Disposition': inline ? 'inline' : `attachment; filename="tep-${id}"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=300',
    });
    const stream = ctx.files.open(row.storageKey);
    stream.on('error', () => { if (!res.headersSent) res.status(404).end(); else res.destroy(); });
    stream.pipe(res);
  });
  return r;
}
