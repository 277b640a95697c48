/**
 * GET /api/stats/periodic.xlsx: the periodic report a district office files
 * (e.g. its twice-yearly report on grassroots information work): counts by
 * channel, category, unit and commune, timings, on-time rate, satisfaction
 * and the notable late cases — Vietnamese headings, dd/mm/yyyy dates, no
 * personal data (tracking codes only).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { auditLog, reports } from '../../db/schema/index.js';
import { workingDays, workingMsBetween } from '../../domain/working-time.js';
import type { AuthUser } from '../auth/auth.types.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { loadWorkCalendar } from '../sla/sla-config.repo.js';
import { localDate } from './export.columns.js';
import { focusUnit, overdueList, statsWhere, summary, unitIdsFor, type PeriodInput, type StatsSummary } from './stats.service.js';

const HOUR = 3_600_000;
const CHANNEL_VI: Record<string, string> = { web: 'Trang thông tin điện tử', sms: 'Tin nhắn SMS', zalo: 'Zalo' };
const DATE = 'dd/mm/yyyy';
const h = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);
const pct = (part: number, total: number) => (total > 0 ? Math.round((part / total) * 1000) / 10 : null);
const dmy = (d: Date) => { const l = localDate(d); return `${String(l.getUTCDate()).padStart(2, '0')}/${String(l.getUTCMonth() + 1).padStart(2, '0')}/${l.getUTCFullYear()}`; };

export const METHOD_VI = 'Số liệu tính trên các phản ánh tiếp nhận trong kỳ. Thời gian phản hồi đầu tiên: từ khi tiếp nhận đến khi câu trả lời đầu tiên của cán bộ được gửi tới người dân (tin nhắn xác nhận tự động không tính). '
  + 'Thời gian giải quyết: từ khi tiếp nhận đến khi phản ánh được trả lời. Giờ làm việc: thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00, trừ ngày lễ, Tết và ngày nghỉ do cơ quan công bố. '
  + 'Tỷ lệ đúng hạn = số trả lời đúng hạn / (đúng hạn + trễ hạn có gia hạn + trễ hạn); phản ánh chưa trả lời đã quá hạn được tính là trễ hạn.';

function sheet(wb: ExcelJS.Workbook, name: string, headers: string[], widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(headers).font = { bold: true };
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

function summarySheet(wb: ExcelJS.Workbook, s: StatsSummary, now: Date): void {
  const ws = wb.addWorksheet('Tổng hợp');
  ws.columns = [{ width: 6 }, { width: 62 }, { width: 16 }, { width: 30 }];
  ws.addRow(['BÁO CÁO KẾT QUẢ TIẾP NHẬN, TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ CỦA NGƯỜI DÂN']).font = { bold: true, size: 13 };
  ws.mergeCells('A1:D1');
  ws.addRow([`Đơn vị: ${s.unit?.name ?? 'Toàn hệ thống'}`]);
  ws.addRow([`Kỳ báo cáo: từ ngày ${dmy(new Date(s.period.from))} đến ngày ${dmy(new Date(new Date(s.period.to).getTime() - 1))}`]);
  ws.addRow(['Ngày lập:', null, localDate(now)]).getCell(3).numFmt = 'dd/mm/yyyy hh:mm';
  ws.addRow([]);
  ws.addRow(['STT', 'Chỉ tiêu', 'Giá trị', 'Ghi chú']).font = { bold: true };
  const hd = s.headline;
  const lines: [string, number | null, string][] = [
    ['Tổng số phản ánh, kiến nghị tiếp nhận', hd.received, ''],
    ['Đã trả lời', hd.answered, ''],
    ['Chưa trả lời (đang xử lý)', hd.stillOpen, ''],
    ['Trả lời đúng hạn', hd.onTime.onTime, ''],
    ['Trễ hạn nhưng trong thời hạn được gia hạn', hd.onTime.lateExtended, ''],
    ['Trễ hạn', hd.onTime.late, 'gồm cả phản ánh chưa trả lời đã quá hạn'],
    ['Tỷ lệ trả lời đúng hạn (%)', hd.onTime.rate === null ? null : Math.round(hd.onTime.rate * 1000) / 10, ''],
    ['Thời gian phản hồi đầu tiên — trung vị (giờ làm việc)', h(hd.firstResponse.medianWorkMs), `${hd.firstResponse.count} phản ánh có phản hồi`],
    ['Thời gian phản hồi đầu tiên — 90% phản ánh trong vòng (giờ làm việc)', h(hd.firstResponse.p90WorkMs), ''],
    ['Thời gian giải quyết — trung vị (ngày làm việc)', hd.resolution.medianWorkMs === null ? null : Math.round((hd.resolution.medianWorkMs / workingDays(1)) * 10) / 10, ''],
    ['Số lượt người dân đánh giá', hd.satisfaction.count, ''],
    ['Mức độ hài lòng bình quân (điểm/5)', hd.satisfaction.average, ''],
    ['Tồn đọng tại thời điểm lập báo cáo', hd.backlog.open, ''],
    ['Trong đó quá hạn', hd.backlog.overdue, ''],
  ];
  lines.forEach(([label, value, note], i) => ws.addRow([i + 1, label, value, note]));
  ws.addRow([]);
  const m = ws.addRow(['Phương pháp:', METHOD_VI]);
  m.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  m.height = 90;
}

function countSheet(wb: ExcelJS.Workbook, name: string, label: string, rows: { name: string; count: number }[], total: number): void {
  const ws = sheet(wb, name, ['STT', label, 'Số lượng', 'Tỷ lệ (%)'], [6, 48, 12, 12]);
  rows.forEach((r, i) => ws.addRow([i + 1, r.name, r.count, pct(r.count, total)]));
  ws.addRow([null, 'Tổng cộng', total, total > 0 ? 100 : null]).font = { bold: true };
}

function unitSheet(wb: ExcelJS.Workbook, s: StatsSummary): void {
  const ws = sheet(wb, 'Theo đơn vị', ['STT', 'Đơn vị', 'Tiếp nhận', 'Đã trả lời', 'Đúng hạn', 'Trễ hạn có gia hạn', 'Trễ hạn', 'Tỷ lệ đúng hạn (%)',
    'Phản hồi đầu tiên, trung vị (giờ LV)', 'Giải quyết, trung vị (giờ LV)', 'Hài lòng (điểm/5)', 'Tồn đọng', 'Quá hạn', 'Thời gian xử lý tính cho đơn vị (giờ LV)'],
  [6, 40, 11, 11, 11, 14, 11, 13, 16, 16, 12, 11, 11, 18]);
  s.units.forEach((u, i) => ws.addRow([
    i + 1, `${'   '.repeat(Math.max(0, u.unit.depth))}${u.unit.name}`, u.received, u.answered, u.onTime.onTime, u.onTime.lateExtended, u.onTime.late,
    u.onTime.rate === null ? null : Math.round(u.onTime.rate * 1000) / 10, h(u.firstResponseMedianWorkMs), h(u.resolutionMedianWorkMs),
    u.satisfaction.average, u.backlog.open, u.backlog.overdue, h(u.charged.workMs),
  ]));
}

interface LateCase { code: string; unit: string; category: string; receivedAt: Date; dueAt: Date; answeredAt: Date | null; lateWorkDays: number; state: string }

function lateSheet(wb: ExcelJS.Workbook, cases: LateCase[]): void {
  const ws = sheet(wb, 'Trễ hạn đáng chú ý', ['STT', 'Mã tra cứu', 'Đơn vị xử lý', 'Lĩnh vực', 'Ngày tiếp nhận', 'Hạn xử lý', 'Ngày trả lời', 'Trễ (ngày làm việc)', 'Tình trạng'],
    [6, 14, 36, 24, 14, 14, 14, 12, 22]);
  cases.forEach((c, i) => {
    const row = ws.addRow([i + 1, c.code, c.unit, c.category, localDate(c.receivedAt), localDate(c.dueAt), c.answeredAt ? localDate(c.answeredAt) : null, c.lateWorkDays, c.state]);
    for (const col of [5, 6, 7]) row.getCell(col).numFmt = DATE;
  });
}

/** Open overdue reports (most overdue first) and reports answered late in the period (latest first), 50 each. */
async function lateCases(ctx: AppContext, user: AuthUser, s: StatsSummary, now: Date): Promise<LateCase[]> {
  const db = ctx.database.db;
  const [catalog, cal, open] = await Promise.all([loadCatalog(db), loadWorkCalendar(db), overdueList(ctx, user, { unitId: s.unit?.id, limit: 50 }, now)]);
  const answered = await db.select({ code: reports.code, unitId: reports.assignedUnitId, categoryId: reports.categoryId, receivedAt: reports.receivedAt, dueAt: reports.dueAt, answeredAt: reports.answeredAt })
    .from(reports).where(and(statsWhere(await unitIdsFor(db, user, s.unit ? await focusUnit(db, user, s.unit.id) : null), { from: new Date(s.period.from), to: new Date(s.period.to) }), eq(reports.onTimeStatus, 'late')))
    .orderBy(desc(sql`${reports.answeredAt} - ${reports.dueAt}`)).limit(50);
  const day = workingDays(1, cal);
  const days = (from: Date, to: Date) => Math.round((workingMsBetween(cal, from, to) / day) * 10) / 10;
  const category = (id: number | null) => (id === null ? '' : catalog.categoriesById.get(id)?.nameVi ?? '');
  return [
    ...open.items.map((o) => ({
      code: o.code, unit: o.assignedUnit.name, category: o.category?.nameVi ?? '', receivedAt: new Date(o.receivedAt), dueAt: new Date(o.dueAt),
      answeredAt: null, lateWorkDays: days(new Date(o.dueAt), now), state: 'Chưa trả lời, đang quá hạn',
    })),
    ...answered.filter((a) => a.dueAt && a.answeredAt).map((a) => ({
      code: a.code, unit: catalog.units.get(a.unitId)?.name ?? '', category: category(a.categoryId), receivedAt: a.receivedAt, dueAt: a.dueAt!,
      answeredAt: a.answeredAt, lateWorkDays: days(a.dueAt!, a.answeredAt!), state: 'Đã trả lời trễ hạn',
    })),
  ];
}

/** The workbook, built (and audited) before anything is sent, so a refusal is still a plain JSON error. */
export async function periodicWorkbook(ctx: AppContext, user: AuthUser, q: PeriodInput, now: Date = new Date()): Promise<ExcelJS.Workbook> {
  const s = await summary(ctx, user, q, now);
  const cases = await lateCases(ctx, user, s, now);
  await ctx.database.db.insert(auditLog).values({
    userId: user.id, action: 'stats.periodic_export', targetType: 'unit', targetId: s.unit ? String(s.unit.id) : null, data: { from: s.period.from, to: s.period.to },
  });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cầu Nối';
  wb.created = now;
  summarySheet(wb, s, now);
  const total = s.headline.received;
  countSheet(wb, 'Theo kênh', 'Kênh tiếp nhận', s.volumes.byChannel.map((v) => ({ name: CHANNEL_VI[v.channel] ?? v.channel, count: v.count })), total);
  countSheet(wb, 'Theo lĩnh vực', 'Lĩnh vực', s.volumes.byCategory.map((v) => ({ name: v.category?.nameVi ?? 'Chưa phân loại', count: v.count })), total);
  unitSheet(wb, s);
  countSheet(wb, 'Theo xã', 'Xã, thị trấn nơi xảy ra', s.volumes.byCommune.map((v) => ({ name: v.unit?.name || 'Không rõ', count: v.count })), total);
  lateSheet(wb, cases);
  return wb;
}

export async function writeWorkbook(wb: ExcelJS.Workbook, out: Writable): Promise<void> {
  await wb.xlsx.write(out);
  out.end();
}
