/**
 * Exports: the per-report CSV and XLSX (same filters and scope as the list,
 * personal columns only for users allowed to reveal, every export audited)
 * and the periodic workbook. Files are parsed back (exceljs for XLSX).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { auditLog } from '../../src/db/schema/index.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { DAY, reply, reportAt } from '../support/sla.js';
import { addUnit, addUser, makeReport, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
type Who = 'officer' | 'districtLeader' | 'admin' | 'otherLeader';
const s = {} as Record<Who, Session>;
const codes = {} as Record<'phu1' | 'phu2' | 'binh' | 'other', string>;
const PHONE = '+84912000777';

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  const db = hub.ctx.database.db;
  const other = await addUnit(db, { parentId: hub.demo.provinceId, kind: 'district', name: 'Huyện Sơn Tây', smsCode: 'SONTAY' });
  await addUnit(db, { parentId: other.id, kind: 'commune', name: 'Xã Sơn Dung', smsCode: 'SONDUNG' });
  await addUser(db, { username: 'officer', role: 'officer', unitId: hub.demo.units.TRAPHU! });
  await addUser(db, { username: 'districtleader', role: 'leader', unitId: hub.demo.districtId });
  await addUser(db, { username: 'admin', role: 'admin', unitId: hub.demo.districtId });
  await addUser(db, { username: 'otherleader', role: 'leader', unitId: other.id });
  for (const [k, v] of [['officer', 'officer'], ['districtLeader', 'districtleader'], ['admin', 'admin'], ['otherLeader', 'otherleader']] as const) {
    s[k] = await signIn(built.app, v);
  }
  const phu1 = await makeReport(hub, { unitCode: 'TRAPHU', name: 'Nguyễn Văn An', phone: PHONE, text: '=HYPERLINK("http://x") đường hỏng' });
  codes.phu1 = phu1.code;
  const phu2 = await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: new Date(Date.now() - 2 * DAY) });
  codes.phu2 = phu2.code;
  await reply(s.officer, phu2.id, true);
  codes.binh = (await reportAt(hub, { unitCode: 'TRABINH', receivedAt: new Date(Date.now() - DAY) })).code;
  codes.other = (await reportAt(hub, { unitCode: 'SONDUNG', receivedAt: new Date() })).code;
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function csv(who: Who, query: Record<string, string> = {}): Promise<{ header: string[]; rows: Record<string, string>[]; raw: string }> {
  const res = await s[who].agent.get('/api/reports/export.csv').query(query).buffer(true).parse(binary).expect(200);
  expect(res.headers['content-type']).toContain('text/csv');
  expect(res.headers['content-disposition']).toMatch(/attachment; filename="phan-anh-\d{8}-\d{4}\.csv"/);
  const raw = (res.body as Buffer).toString('utf8');
  expect(raw.startsWith('\uFEFF')).toBe(true);
  const lines = raw.slice(1).split('\r\n').filter(Boolean);
  const header = lines[0]!.split(',');
  // No value here contains a comma or a quote except the personal text, which tests read from `raw`.
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
  return { header, rows, raw };
}

async function xlsx(who: Who, url: string, query: Record<string, string> = {}): Promise<ExcelJS.Workbook> {
  const res = await s[who].agent.get(url).query(query).buffer(true).parse(binary).expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  const buf = res.body as Buffer;
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  return wb;
}

describe('CSV export', () => {
  it("an officer gets their unit's reports, one row each, with every timestamp and duration, no personal data", async () => {
    const { header, rows } = await csv('officer');
    expect(rows.map((r) => r.code).sort()).toEqual([codes.phu1, codes.phu2].sort());
    expect(header).toEqual(expect.arrayContaining(['received_at', 'first_response_at', 'first_response_hours', 'first_response_work_hours',
      'answered_at', 'resolution_hours', 'resolution_work_hours', 'policy_due_at', 'due_at', 'on_time', 'rating']));
    expect(header).not.toContain('reporter_phone');
    const answered = rows.find((r) => r.code === codes.phu2)!;
    expect(answered).toMatchObject({ status: 'answered', on_time: 'on_time', assigned_unit: 'Xã Trà Phú' });
    expect(answered.received_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Number(answered.resolution_hours)).toBeGreaterThan(40);
  });

  it('takes the same filters as the list', async () => {
    expect((await csv('officer', { status: 'answered' })).rows.map((r) => r.code)).toEqual([codes.phu2]);
    expect((await csv('districtLeader', { unitId: String(hub.demo.units.TRABINH) })).rows.map((r) => r.code)).toEqual([codes.binh]);
    expect((await csv('districtLeader', { outcome: 'on_time' })).rows.map((r) => r.code)).toEqual([codes.phu2]);
  });

  it('is scoped: a district leader gets the district, another district gets its own, the admin everything', async () => {
    expect((await csv('districtLeader')).rows).toHaveLength(3);
    expect((await csv('otherLeader')).rows.map((r) => r.code)).toEqual([codes.other]);
    expect((await csv('admin')).rows).toHaveLength(4);
  });

  it('personal columns only for users allowed to reveal, defused against formula injection, and audited', async () => {
    const refused = await s.officer.agent.get('/api/reports/export.csv').query({ personal: 'true' }).expect(403);
    expect(refused.body.error.code).toBe('reveal_forbidden');
    const { header, raw } = await csv('districtLeader', { personal: 'true' });
    expect(header).toEqual(expect.arrayContaining(['reporter_name', 'reporter_phone', 'description']));
    expect(raw).toContain(PHONE);
    expect(raw).toContain('Nguyễn Văn An');
    expect(raw).toContain(`"'=HYPERLINK(""http://x"") đường hỏng"`);
    const audits = await hub.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'report.export'));
    expect(audits.some((a) => a.data?.personal === true && a.data?.format === 'csv')).toBe(true);
    expect(audits.length).toBeGreaterThanOrEqual(8);
  });
});

describe('XLSX export', () => {
  it('opens in exceljs with Vietnamese headings, real dates and one row per report in scope', async () => {
    const wb = await xlsx('districtLeader', '/api/reports/export.xlsx');
    const ws = wb.getWorksheet('Phản ánh')!;
    expect(ws.getRow(1).getCell(2).value).toBe('Mã tra cứu');
    expect(ws.actualRowCount).toBe(4);
    const codesInSheet = [2, 3, 4].map((i) => String(ws.getRow(i).getCell(2).value)).sort();
    expect(codesInSheet).toEqual([codes.phu1, codes.phu2, codes.binh].sort());
    expect(ws.getRow(2).getCell(11).value).toBeInstanceOf(Date);
    expect((await xlsx('officer', '/api/reports/export.xlsx')).getWorksheet('Phản ánh')!.actualRowCount).toBe(3);
  });
});

describe('periodic report', () => {
  it('is a workbook with the summary, the breakdowns and the late cases, for the leader\'s district', async () => {
    const wb = await xlsx('districtLeader', '/api/stats/periodic.xlsx', { from: new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10) });
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo kênh', 'Theo lĩnh vực', 'Theo đơn vị', 'Theo xã', 'Trễ hạn đáng chú ý']);
    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(String(summary.getCell('A1').value)).toContain('BÁO CÁO KẾT QUẢ TIẾP NHẬN');
    expect(String(summary.getCell('A2').value)).toBe('Đơn vị: Huyện Trà Bồng');
    expect(String(summary.getCell('A3').value)).toMatch(/^Kỳ báo cáo: từ ngày \d{2}\/\d{2}\/\d{4} đến ngày \d{2}\/\d{2}\/\d{4}$/);
    const received = summary.getRows(1, 30)!.find((r) => r.getCell(2).value === 'Tổng số phản ánh, kiến nghị tiếp nhận');
    expect(received?.getCell(3).value).toBe(3);
    const units = wb.getWorksheet('Theo đơn vị')!;
    const phu = units.getRows(2, units.actualRowCount)!.find((r) => String(r.getCell(2).value).trim() === 'Xã Trà Phú');
    expect(phu?.getCell(3).value).toBe(2);
    const audits = await hub.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'stats.periodic_export'));
    expect(audits).toHaveLength(1);
  });

  it("another district's leader cannot ask for this district", async () => {
    const res = await s.otherLeader.agent.get('/api/stats/periodic.xlsx').query({ unitId: String(hub.demo.districtId) }).expect(404);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body.error.code).toBe('not_found');
  });
});
