/**
 * GET /api/admin/audit — the audit log for administrators: reveals of
 * personal data, account changes, lockouts. Newest first, cursor-paged.
 */
import { Router } from 'express';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, users } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { parseInput } from '../../http/validate.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import { REPORT_MESSAGES, auditQuerySchema } from '../reports/reports.schemas.js';

export function auditRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/admin/audit', requireAuth, requireRole('admin'), async (req, res) => {
    const q = parseInput(auditQuerySchema, req.query, { ...REPORT_MESSAGES, action: { vi: 'Hành động không hợp lệ.', en: 'Invalid action.' } });
    const cursor = decodeCursor(q.cursor);
    const c: SQL[] = [];
    if (q.userId !== undefined) c.push(eq(auditLog.userId, q.userId));
    if (q.action !== undefined) c.push(eq(auditLog.action, q.action));
    if (q.from) c.push(gte(auditLog.at, q.from));
    if (q.to) c.push(lt(auditLog.at, q.to));
    if (cursor) c.push(sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.t}::timestamptz, ${cursor.i})`);
    const rows = await db.select({
      id: auditLog.id, at: auditLog.at, atText: sql<string>`${auditLog.at}::text`, action: auditLog.action, targetType: auditLog.targetType,
      targetId: auditLog.targetId, data: auditLog.data, userId: auditLog.userId, username: users.username, displayName: users.displayName,
    }).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId))
      .where(c.length ? and(...c) : undefined).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    res.set('Cache-Control', 'no-store').json({
      items: page.map((x) => ({
        id: x.id, at: x.at.toISOString(), action: x.action, targetType: x.targetType, targetId: x.targetId, data: x.data ?? {},
        user: x.userId !== null ? { id: x.userId, username: x.username ?? '', displayName: x.displayName ?? '' } : null,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.atText, i: last.id }) : null,
    });
  });
  return r;
}
