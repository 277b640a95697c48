/**
 * GET /api/reports/export.csv and .xlsx: one row per report, same filters and
 * scope as GET /api/reports, streamed — rows are read in keyset batches of
 * 2000 (received_at, id) and written as they come, waiting for the socket to
 * drain, so memory stays flat whatever the number of rows. Reporter name,
 * phone and text are included only with `personal=true` by a user allowed to
 * reveal personal data. Every export is written to the audit log first.
 */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, categories, contacts, reportSla, reports, units } from '../../db/schema/index.js';
import { AppError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportConditions } from '../reports/reports.repo.js';
import type { ReportFilters } from '../reports/reports.schemas.js';
import { BASE_COLUMNS, PERSONAL_COLUMNS, csvLine, xlsxValues, type ExportRow } from './export.columns.js';
import { openSql, outcomeSql } from './stats.sql.js';

export const BATCH = 2000;
const assigned = alias(units, 'assigned_unit');
const located = alias(units, 'location_unit');

function rowQuery(db: DbOrTx, where: ReturnType<typeof reportConditions>, personal: boolean, limit: number) {
  return db.select({
    id: reports.id, code: reports.code, status: reports.status, priority: reports.priority, channel: reports.originChannel,
    categoryCode: categories.code, categoryName: categories.nameVi, assignedUnit: assigned.name, locationUnit: located.name, triage: reports.triage,
    receivedAt: reports.receivedAt, receivedAtText: sql<string>`${reports.receivedAt}::text`, ackDueAt: reports.ackDueAt,
    firstResponseAt: reports.firstResponseAt, firstResponseMs: reports.firstResponseMs, firstResponseWorkMs: reports.firstResponseWorkMs,
    answeredAt: reports.answeredAt, resolutionMs: reports.resolutionMs, resolutionWorkMs: reports.resolutionWorkMs, closedAt: reports.closedAt,
    policyDueAt: reportSla.policyDueAt, dueAt: reports.dueAt, outcome: outcomeSql,
    overdue: sql<boolean>`(${openSql} and ${reports.dueAt} < now())`,
    transfers: sql<number>`(select count(*) from report_events e where e.report_id = ${reports.id} and e.type = 'transferred')`,
    reopens: sql<number>`(select count(*) from report_events e where e.report_id = ${reports.id} and e.type = 'reopened')`,
    rating: reports.rating, ratedAt: reports.ratedAt,
    ...(personal ? {
      reporterName: sql<string | null>`case when ${contacts.deidentifiedAt} is null then ${contacts.displayName} end`,
      reporterPhone: sql<string | null>`case when ${contacts.deidentifiedAt} is null then ${contacts.phone} end`,
      description: reports.description,
    } : {}),
  }).from(reports)
    .leftJoin(categories, eq(categories.id, reports.categoryId))
    .leftJoin(assigned, eq(assigned.id, reports.assignedUnitId))
    .leftJoin(located, eq(located.id, reports.locationUnitId))
    .leftJoin(reportSla, eq(reportSla.reportId, reports.id))
    .leftJoin(contacts, personal ? eq(contacts.id, reports.contactId) : sql`false`)
    .where(where).orderBy(asc(reports.receivedAt), asc(reports.id)).limit(limit);
}

/** The rows in batches, oldest first; each batch is a fresh query after the last row of the previous one. */
export async function* exportBatches(db: DbOrTx, user: AuthUser, f: ReportFilters, personal: boolean, batch = BATCH): AsyncGenerator<ExportRow[]> {
  let after: { t: string; id: number } | null = null;
  for (;;) {
    const base = reportConditions(user, f);
    const where = after ? and(base, sql`(${reports.receivedAt}, ${reports.id}) > (${after.t}::timestamptz, ${after.id})`)! : base;
    const rows = await rowQuery(db, where, personal, batch);
    if (rows.length === 0) return;
    yield rows.map((r) => ({ ...r, transfers: Number(r.transfers), reopens: Number(r.reopens), overdue: Boolean(r.overdue) }));
    const last = rows[rows.length - 1]!;
    after = { t: last.receivedAtText, id: last.id };
    if (rows.length < batch) return;
  }
}

export interface ExportRequest { format: 'csv' | 'xlsx'; filters: ReportFilters; personal: boolean }

/** Refuse personal columns to users who may not reveal, then write the audit entry. */
export async function authorizeExport(db: DbOrTx, user: AuthUser, req: ExportRequest): Promise<void> {
  if (req.personal && !user.canReveal) {
    throw new AppError(403, 'reveal_forbidden', 'Tài khoản của bạn không được xuất thông tin cá nhân của người phản ánh / Your account may not export reporters\' personal data');
  }
  const given = Object.fromEntries(Object.entries(req.filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
  await db.insert(auditLog).values({ userId: user.id, action: 'report.export', targetType: 'reports', data: { format: req.format, personal: req.personal, filters: given } });
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function streamCsv(db: DbOrTx, user: AuthUser, req: ExportRequest, out: Writable): Promise<number> {
  const cols = req.personal ? [...BASE_COLUMNS, ...PERSONAL_COLUMNS] : BASE_COLUMNS;
  // A byte-order mark, so spreadsheet programs read the Vietnamese text as UTF-8.
  await write(out, '\uFEFF' + cols.map((c) => c.key).join(',') + '\r\n');
  let n = 0;
  for await (const rows of exportBatches(db, user, req.filters, req.personal)) {
    await write(out, rows.map((r) => csvLine(cols, r)).join(''));
    n += rows.length;
  }
  out.end();
  return n;
}

export async function streamXlsx(db: DbOrTx, user: AuthUser, req: ExportRequest, out: Writable): Promise<number> {
  const cols = req.personal ? [...BASE_COLUMNS, ...PERSONAL_COLUMNS] : BASE_COLUMNS;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Phản ánh', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({
    header: c.vi, key: c.key, width: c.kind === 'date' ? 17 : c.kind === 'text' ? 22 : 12,
    ...(c.kind === 'date' ? { style: { numFmt: 'dd/mm/yyyy hh:mm' } } : c.kind === 'hours' ? { style: { numFmt: '0.00' } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for await (const rows of exportBatches(db, user, req.filters, req.personal)) {
    for (const r of rows) ws.addRow(xlsxValues(cols, r)).commit();
    n += rows.length;
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  ws.commit();
  await wb.commit();
  return n;
}
