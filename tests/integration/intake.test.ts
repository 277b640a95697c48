import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { inboundEvents, reportEvents, reports } from '../../src/db/schema/index.js';
import { processInboundEvent } from '../../src/modules/intake/intake.service.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { countRows, validReport, waitForReport } from '../support/hub-helpers.js';

let hub: TestHub;
let built: BuiltApp;
let workers: WorkerRuntime;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  workers = startWorkers(hub.ctx);
});
afterAll(async () => {
  await workers?.close();
  await built?.close();
  await hub?.close();
});

const post = (body: unknown) => request(built.app).post('/api/public/reports').send(body as object);

describe('web intake', () => {
  it('routes a submitted web report to the chosen commune and gives it a tracking code', async () => {
    const res = await post(validReport()).expect(201);
    expect(res.body.code).toMatch(/^\d{9}$/);
    expect(res.body.status).toBe('received');
    const report = await waitForReport(hub.ctx.database.db, res.body.code);
    expect(report.assignedUnitId).toBe(hub.demo.units.TRAPHU);
    expect(report.locationUnitId).toBe(hub.demo.units.TRAPHU);
    expect(report.routeReason).toBe('explicit_commune');
    const events = await hub.ctx.database.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['received', 'routed', 'acknowledged']));
  });

  it('sends a land report to Tài nguyên và Môi trường, keeping the commune as its location', async () => {
    const res = await post(validReport({ category: 'dat-dai', description: 'Hàng xóm lấn chiếm đất vườn nhà tôi ở thôn 2' })).expect(201);
    const report = await waitForReport(hub.ctx.database.db, res.body.code);
    expect(report.assignedUnitId).toBe(hub.demo.units.TNMT);
    expect(report.locationUnitId).toBe(hub.demo.units.TRAPHU);
    expect(report.routeReason).toBe('rule');
  });

  it('puts a report with no commune in the district triage queue', async () => {
    const res = await post(validReport({ commune: undefined, category: 'khac', description: 'Có người lạ hay tụ tập gần trường học' })).expect(201);
    const report = await waitForReport(hub.ctx.database.db, res.body.code);
    expect(report.assignedUnitId).toBe(hub.demo.units.VANPHONG);
    expect(report.triage).toBe(1);
    expect(report.routeReason).toBe('triage');
  });

  it('matches keyword rules without regard to case or diacritics', async () => {
    const res = await post(validReport({ commune: '-', category: 'khac', description: 'Nha toi bi TRANH CHAP DAT voi nha ben canh' })).expect(201);
    const report = await waitForReport(hub.ctx.database.db, res.body.code);
    expect(report.assignedUnitId).toBe(hub.demo.units.TNMT);
  });

  it('a duplicate submission (same submission id) makes one report and returns the same code', async () => {
    const body = validReport({ submissionId: 'retry-on-weak-3g-0001' });
    const first = await post(body).expect(201);
    const second = await post(body).expect(200);
    expect(second.body.code).toBe(first.body.code);
    await waitForReport(hub.ctx.database.db, first.body.code);
    const rows = await hub.ctx.database.db.select().from(inboundEvents).where(eq(inboundEvents.providerEventId, 'retry-on-weak-3g-0001'));
    expect(rows).toHaveLength(1);
  });

  it('processing the same inbound event twice creates one report', async () => {
    const accepted = await hub.ctx.inbox.accept({
      channel: 'web', provider: 'web', withTrackingCode: true,
      event: { type: 'message', externalId: 'twice-1', from: {}, text: 'Đèn đường hỏng ở ngã ba', media: [], receivedAt: new Date().toISOString(), unitCode: 'TRABINH', categoryCode: 'dien-nuoc' },
    });
    const [a, b] = await Promise.all([
      processInboundEvent(hub.ctx.database.db, accepted.eventId),
      processInboundEvent(hub.ctx.database.db, accepted.eventId),
    ]);
    expect([a.reportId, b.reportId].filter((x) => x !== null)).toHaveLength(1);
    const rows = await hub.ctx.database.db.select().from(reports).where(eq(reports.code, accepted.trackingCode!));
    expect(rows).toHaveLength(1);
  });

  it('marks a poison event failed instead of retrying it', async () => {
    const [ev] = await hub.ctx.database.db.insert(inboundEvents).values({ channel: 'web', provider: 'web', providerEventId: 'poison-1', payload: { event: { type: 'message' } } }).returning();
    await processInboundEvent(hub.ctx.database.db, ev!.id);
    const [after] = await hub.ctx.database.db.select().from(inboundEvents).where(eq(inboundEvents.id, ev!.id));
    expect(after!.status).toBe('failed');
  });

  it('accepts photos checked by content and stores them with the report', async () => {
    const res = await request(built.app).post('/api/public/reports')
      .field('commune', 'TRAPHU').field('category', 'moi-truong').field('description', 'Rác thải đổ trộm bên bờ suối').field('consent', 'true')
      .attach('photos', path.resolve('tests/fixtures/web/pixel.png'), { filename: 'rac.png', contentType: 'image/png' })
      .expect(201);
    const report = await waitForReport(hub.ctx.database.db, res.body.code);
    const { attachments } = await import('../../src/db/schema/index.js');
    const files = await hub.ctx.database.db.select().from(attachments).where(eq(attachments.reportId, report.id));
    expect(files).toHaveLength(1);
    expect(files[0]!.mime).toBe('image/png');
    expect(await hub.ctx.files.exists(files[0]!.storageKey!)).toBe(true);
  });
});

describe('public lookup', () => {
  it('shows status, timeline and no personal data', async () => {
    const res = await post(validReport({ name: 'Nguyễn Văn Bình', phone: '0912 345 678' })).expect(201);
    await waitForReport(hub.ctx.database.db, res.body.code);
    const look = await request(built.app).get(`/api/public/reports/${res.body.code}`).expect(200);
    expect(look.body.status).toBe('received');
    expect(look.body.unit.name).toBe('Xã Trà Phú');
    expect(look.body.timeline.map((e: { type: string }) => e.type)).toContain('routed');
    const text = JSON.stringify(look.body);
    expect(text).not.toContain('Bình');
    expect(text).not.toContain('912');
    const page = await request(built.app).get(`/tra-cuu/${res.body.code}`).expect(200);
    expect(page.text).toContain('Đã tiếp nhận');
    expect(page.text).not.toContain('Nguyễn Văn Bình');
  });

  it('refuses a code with a bad check digit and says why', async () => {
    const res = await request(built.app).get('/api/public/reports/123456789').expect(422);
    expect(res.body.error.fields.code.vi).toMatch(/9 chữ số/);
  });
});

describe('bad input stores nothing', () => {
  const cases: [string, () => request.Test, number, string][] = [
    ['malformed JSON', () => request(built.app).post('/api/public/reports').set('content-type', 'application/json').send('{"commune": "TRAPHU",'), 400, 'invalid_json'],
    ['a 50 kB description', () => post(validReport({ description: 'Đường hỏng '.repeat(4600) })), 422, 'description'],
    ['an invalid phone', () => post(validReport({ phone: '12345' })), 422, 'phone'],
    ['an unknown commune', () => post(validReport({ commune: 'HANOI' })), 422, 'commune'],
    ['missing consent', () => post(validReport({ consent: false })), 422, 'consent'],
    ['an executable named .jpg', () => request(built.app).post('/api/public/reports')
      .field('commune', 'TRAPHU').field('category', 'khac').field('description', 'Ảnh đính kèm hiện trường').field('consent', 'true')
      .attach('photos', path.resolve('tests/fixtures/web/not-a-photo.jpg'), { filename: 'anh.jpg', contentType: 'image/jpeg' }), 422, 'photos'],
    ['an oversize photo', () => request(built.app).post('/api/public/reports')
      .field('commune', 'TRAPHU').field('category', 'khac').field('description', 'Ảnh đính kèm hiện trường').field('consent', 'true')
      .attach('photos', Buffer.concat([fs.readFileSync('tests/fixtures/web/pixel.png'), Buffer.alloc(5 * 1024 * 1024 + 10)]), { filename: 'big.png', contentType: 'image/png' }), 422, 'photos'],
    ['six photos', () => {
      let r = request(built.app).post('/api/public/reports').field('commune', 'TRAPHU').field('category', 'khac').field('description', 'Nhiều ảnh hiện trường').field('consent', 'true');
      for (let i = 0; i < 6; i++) r = r.attach('photos', path.resolve('tests/fixtures/web/pixel.png'), { filename: `p${i}.png`, contentType: 'image/png' });
      return r;
    }, 422, 'photos'],
  ];

  it.each(cases)('%s gets a 4xx with field messages and stores nothing', async (_name, send, status, field) => {
    const before = await countRows(hub.ctx.database.db, inboundEvents);
    const filesBefore = fs.existsSync(hub.ctx.files.root) ? fs.readdirSync(hub.ctx.files.root, { recursive: true }).length : 0;
    const res = await send().expect(status);
    if (status === 422) {
      expect(res.body.error.fields[field].vi).toBeTruthy();
      expect(res.body.error.fields[field].en).toBeTruthy();
    } else {
      expect(res.body.error.code).toBe(field);
    }
    expect(await countRows(hub.ctx.database.db, inboundEvents)).toBe(before);
    const filesAfter = fs.existsSync(hub.ctx.files.root) ? fs.readdirSync(hub.ctx.files.root, { recursive: true }).length : 0;
    expect(filesAfter).toBe(filesBefore);
  });

  it('the HTML form shows every problem in Vietnamese and keeps what was typed', async () => {
    const res = await request(built.app).post('/gui').type('form')
      .send({ commune: '', category: 'khac', description: 'ngắn', phone: 'abc', submissionId: 'form-1234567890' }).expect(422);
    expect(res.text).toContain('Vui lòng chọn xã, thị trấn.');
    expect(res.text).toContain('Số điện thoại không hợp lệ');
    expect(res.text).toContain('Vui lòng đồng ý');
    expect(res.text).toContain('>ngắn</textarea>');
  });

  it('the HTML form escapes what the citizen typed', async () => {
    const res = await request(built.app).post('/gui').type('form')
      .send({ commune: 'TRAPHU', category: 'khac', description: '<script>alert(1)</script>', submissionId: 'form-xss-123456' }).expect(422);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
