/**
 * /api/stats/* (the dashboard) and /api/reports/export.{csv,xlsx}. Every user
 * may call them; the figures are limited to their scope (officers: their own
 * unit). Mounted before the report routes so "export.csv" is not taken for a
 * report id. docs/API.md "Statistics" and "Exports".
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { parseInput } from '../../http/validate.js';
import { logger } from '../../lib/logger.js';
import { authOf, requireAuth, requireCsrf } from '../auth/auth.middleware.js';
import { REPORT_MESSAGES, listQuerySchema } from '../reports/reports.schemas.js';
import { authorizeExport, streamCsv, streamXlsx, type ExportRequest } from './export.service.js';
import { periodicWorkbook, writeWorkbook } from './periodic.xlsx.js';
import { overdueList, summary } from './stats.service.js';

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const MESSAGES = { ...REPORT_MESSAGES, personal: { vi: 'Giá trị phải là true hoặc false.', en: 'Must be true or false.' } };
const periodSchema = listQuerySchema.pick({ from: true, to: true, unitId: true });
const overdueSchema = listQuerySchema.pick({ unitId: true }).extend({
  limit: z.preprocess(single, z.coerce.number({ error: 'limit' }).int('limit').min(1, 'limit').max(500, 'limit').default(100)),
});
const exportSchema = listQuerySchema.omit({ cursor: true, limit: true }).extend({
  personal: z.preprocess(single, z.enum(['true', 'false', '1', '0'], { error: 'personal' }).optional()).transform((v) => v === 'true' || v === '1'),
});

const stamp = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

function download(res: Response, type: string, name: string): void {
  res.set({ 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
}

/** A stream that fails after the headers went out can only be cut short; the client sees a truncated file. */
function failMidStream(res: Response, err: unknown): void {
  logger.warn({ err: (err as Error).message }, 'export failed while streaming');
  res.destroy();
}

export function statsRoutes(ctx: AppContext): Router {
  const r = Router();
  const db = ctx.database.db;
  r.use(['/api/stats', '/api/reports/export.csv', '/api/reports/export.xlsx'], requireAuth, requireCsrf);

  r.get('/api/stats/summary', async (req, res) => {
    const q = parseInput(periodSchema, req.query, MESSAGES);
    res.set('Cache-Control', 'no-store').json(await summary(ctx, authOf(req).user, q));
  });

  r.get('/api/stats/overdue', async (req, res) => {
    const q = parseInput(overdueSchema, req.query, MESSAGES);
    res.set('Cache-Control', 'no-store').json(await overdueList(ctx, authOf(req).user, q));
  });

  r.get('/api/stats/periodic.xlsx', async (req, res) => {
    const q = parseInput(periodSchema, req.query, MESSAGES);
    const wb = await periodicWorkbook(ctx, authOf(req).user, q);
    download(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `bao-cao-phan-anh-${stamp(new Date())}.xlsx`);
    await writeWorkbook(wb, res);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    r.get(`/api/reports/export.${format}`, async (req, res) => {
      const { personal, ...filters } = parseInput(exportSchema, req.query, MESSAGES);
      const user = authOf(req).user;
      const request: ExportRequest = { format, filters, personal };
      await authorizeExport(db, user, request);
      download(res, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `phan-anh-${stamp(new Date())}.${format}`);
      try {
        await (format === 'csv' ? streamCsv(db, user, request, res) : streamXlsx(db, user, request, res));
      } catch (err) {
        failMidStream(res, err);
      }
    });
  }
  return r;
}
