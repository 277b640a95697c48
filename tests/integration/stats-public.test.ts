/**
 * Public scorecards and the citizen's web rating: the scorecard's on-time
 * rate equals the dashboard's for the same unit and period; the pages carry
 * no personal data; a rating is accepted once per answer, and 1–2 reopens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { DAY, HOUR, eventTypes, reply, reportAt, reportRow } from '../support/sla.js';
import { addUser, makeReport, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
let officer: Session;
let admin: Session;
const NAME = 'Trần Thị Bình';

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  const db = hub.ctx.database.db;
  await addUser(db, { username: 'officer', role: 'officer', unitId: hub.demo.units.TRAPHU! });
  await addUser(db, { username: 'admin', role: 'admin', unitId: hub.demo.districtId });
  officer = await signIn(built.app, 'officer');
  admin = await signIn(built.app, 'admin');
  const ago = (ms: number) => new Date(Date.now() - ms);
  // On time, late (answered after the deadline), late (still open), pending — spread over the three windows.
  for (const [days, answer] of [[0.05, true], [12, true], [40, true], [45, false], [100, true], [200, false], [1, false]] as const) {
    const r = await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: ago(days * DAY) });
    if (answer) await reply(officer, r.id, true);
  }
  await makeReport(hub, { unitCode: 'TRAPHU', name: NAME, phone: '+84912000888' });
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

describe('public scorecard', () => {
  it("the on-time rate equals the dashboard's for the same unit and period, in every window", async () => {
    const card = (await request(built.app).get('/api/public/stats').query({ unit: 'traphu' }).expect(200)).body;
    expect(card.unit).toEqual({ name: 'Xã Trà Phú', smsCode: 'TRAPHU', kind: 'commune' });
    expect(card.windows.map((w: { days: number }) => w.days)).toEqual([30, 90, 365]);
    expect(card.windows[2].onTime.decided).toBeGreaterThan(card.windows[0].onTime.decided);
    for (const w of card.windows) {
      const dash = (await admin.agent.get('/api/stats/summary').query({ unitId: hub.demo.units.TRAPHU!, from: w.from, to: w.to }).expect(200)).body;
      expect(w.onTime).toEqual(dash.headline.onTime);
      expect(w.received).toBe(dash.headline.received);
      expect(w.firstResponseMedianWorkMs).toBe(dash.headline.firstResponse.medianWorkMs);
    }
    expect(card.method.vi).toContain('Tỷ lệ đúng hạn');
  });

  it('the whole hub too, with a row per unit', async () => {
    const card = (await request(built.app).get('/api/public/stats').expect(200)).body;
    expect(card.unit).toBeNull();
    const w = card.windows[1];
    const dash = (await admin.agent.get('/api/stats/summary').query({ from: w.from, to: w.to }).expect(200)).body;
    expect(w.onTime).toEqual(dash.headline.onTime);
    const phu = card.units.find((u: { unit: { smsCode: string } }) => u.unit.smsCode === 'TRAPHU');
    expect(phu.onTime).toEqual(w.onTime); // every report of this hub is Trà Phú's
    await request(built.app).get('/api/public/stats').query({ unit: 'KHONGCO' }).expect(404);
  });

  it('pages show the figures and the method, in Vietnamese or English, and no personal data', async () => {
    const hubPage = await request(built.app).get('/thong-ke').expect(200);
    expect(hubPage.text).toContain('Kết quả trả lời phản ánh của người dân');
    expect(hubPage.text).toContain('href="/thong-ke/TRAPHU?lang=vi"');
    const page = await request(built.app).get('/thong-ke/TRAPHU').expect(200);
    expect(page.text).toContain('Kết quả trả lời phản ánh — Xã Trà Phú');
    expect(page.text).toContain('Cách tính');
    expect(page.text).toMatch(/\d+%/);
    for (const secret of [NAME, '0912000888', '+84912000888']) expect(page.text + hubPage.text).not.toContain(secret);
    const en = await request(built.app).get('/thong-ke/TRAPHU?lang=en').expect(200);
    expect(en.text).toContain('Answered on time');
    await request(built.app).get('/thong-ke/KHONGCO').expect(404);
  });
});

describe('web rating', () => {
  it('the lookup page offers 1–5 buttons once the report is answered, and takes one rating per answer', async () => {
    const r = await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: new Date(Date.now() - HOUR) });
    expect((await request(built.app).get(`/tra-cuu/${r.code}`).expect(200)).text).not.toContain('danh-gia');
    await request(built.app).post(`/api/public/reports/${r.code}/rating`).send({ score: 4 }).expect(409);
    await reply(officer, r.id, true);
    const page = await request(built.app).get(`/tra-cuu/${r.code}`).expect(200);
    expect(page.text).toContain(`action="/tra-cuu/${r.code}/danh-gia?lang=vi"`);
    expect(page.text.match(/name="score" value="\d"/g)).toHaveLength(5);

    const posted = await request(built.app).post(`/tra-cuu/${r.code}/danh-gia?lang=vi`).type('form').send({ score: '4' }).expect(303);
    expect(posted.headers.location).toBe(`/tra-cuu/${r.code}?lang=vi&danhgia=cam-on`);
    const after = await request(built.app).get(posted.headers.location!).expect(200);
    expect(after.text).toContain('Cảm ơn bạn đã đánh giá.');
    expect(after.text).toContain('4/5');
    const again = await request(built.app).post(`/tra-cuu/${r.code}/danh-gia`).type('form').send({ score: '5' }).expect(303);
    expect(again.headers.location).toContain('danhgia=khong');
    expect((await request(built.app).post(`/api/public/reports/${r.code}/rating`).send({ score: 5 }).expect(409)).body.error.code).toBe('not_ratable');
    expect((await reportRow(hub, r.id)).rating).toBe(4);
  });

  it('a rating of 1 or 2 reopens the report for the unit, and the new answer can be rated again', async () => {
    const r = await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: new Date(Date.now() - HOUR) });
    await reply(officer, r.id, true);
    await request(built.app).post(`/api/public/reports/${r.code}/rating`).send({ score: 0 }).expect(422);
    const res = await request(built.app).post(`/api/public/reports/${r.code}/rating`).send({ score: 2 }).expect(200);
    expect(res.body).toMatchObject({ score: 2, reopened: true, status: 'in_progress' });
    const row = await reportRow(hub, r.id);
    expect(row).toMatchObject({ status: 'in_progress', answeredAt: null, resolutionMs: null, rating: 2 });
    expect(await eventTypes(hub, r.id)).toEqual(expect.arrayContaining(['rated', 'reopened']));
    await reply(officer, r.id, true);
    await request(built.app).post(`/api/public/reports/${r.code}/rating`).send({ score: 5 }).expect(200);
    expect((await reportRow(hub, r.id)).rating).toBe(5);
    await request(built.app).post('/api/public/reports/000000000/rating').send({ score: 5 }).expect(404);
  });
});
