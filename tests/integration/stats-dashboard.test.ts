/**
 * The dashboard on a hand-built set of reports whose figures are counted by
 * hand: headline, per-unit rows, the drill-down filter behind each number,
 * the overdue list, and the scope (officer / commune leader / district leader
 * / admin / another district's leader).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { computeReportMetrics } from '../../src/domain/metrics.js';
import { loadWorkCalendar } from '../../src/modules/sla/sla-config.repo.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { DAY, HOUR, reply, reportAt, reportRow, timeline } from '../support/sla.js';
import { addUnit, addUser, makeReport, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
type Who = 'officer' | 'communeLeader' | 'districtLeader' | 'admin' | 'otherLeader';
const s = {} as Record<Who, Session>;
const r = {} as Record<string, number>;
let otherDistrictId: number;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  const db = hub.ctx.database.db;
  const u = hub.demo.units;
  const other = await addUnit(db, { parentId: hub.demo.provinceId, kind: 'district', name: 'Huyện Sơn Tây', smsCode: 'SONTAY' });
  otherDistrictId = other.id;
  await addUnit(db, { parentId: other.id, kind: 'commune', name: 'Xã Sơn Dung', smsCode: 'SONDUNG' });
  await addUser(db, { username: 'officer', role: 'officer', unitId: u.TRAPHU! });
  await addUser(db, { username: 'traphuleader', role: 'leader', unitId: u.TRAPHU! });
  await addUser(db, { username: 'trabinhofficer', role: 'officer', unitId: u.TRABINH! });
  await addUser(db, { username: 'districtleader', role: 'leader', unitId: hub.demo.districtId });
  await addUser(db, { username: 'admin', role: 'admin', unitId: hub.demo.districtId });
  await addUser(db, { username: 'otherleader', role: 'leader', unitId: other.id });
  const names: Record<Who, string> = { officer: 'officer', communeLeader: 'traphuleader', districtLeader: 'districtleader', admin: 'admin', otherLeader: 'otherleader' };
  for (const [k, v] of Object.entries(names)) s[k as Who] = await signIn(built.app, v);
  const binh = await signIn(built.app, 'trabinhofficer');
  const ago = (ms: number) => new Date(Date.now() - ms);

  r.onTime = (await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: ago(HOUR) })).id;
  await reply(s.officer, r.onTime, true);
  r.openLate = (await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: ago(10 * DAY) })).id;
  r.answeredLate = (await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: ago(12 * DAY) })).id;
  await s.officer.agent.patch(`/api/reports/${r.answeredLate}`).set('X-CSRF-Token', s.officer.csrf).send({ status: 'answered' }).expect(200);
  r.respondedOnly = (await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: ago(DAY) })).id;
  await reply(s.officer, r.respondedOnly, false);
  const rated5 = await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: ago(HOUR) });
  r.rated5 = rated5.id;
  await reply(s.officer, r.rated5, true);
  await request(built.app).post(`/api/public/reports/${rated5.code}/rating`).send({ score: 5 }).expect(200);

  r.extended = (await reportAt(hub, { unitCode: 'TRABINH', receivedAt: ago(10 * DAY) })).id;
  const ext = await binh.agent.post(`/api/reports/${r.extended}/extensions`).set('X-CSRF-Token', binh.csrf)
    .send({ dueAt: new Date(Date.now() + 3 * DAY).toISOString(), reason: 'Chờ khảo sát' }).expect(201);
  await s.districtLeader.agent.post(`/api/reports/${r.extended}/extensions/${ext.body.id}/approve`).set('X-CSRF-Token', s.districtLeader.csrf).send({}).expect(200);
  await reply(binh, r.extended, true);
  const rated1 = await reportAt(hub, { unitCode: 'TRABINH', receivedAt: ago(HOUR) });
  r.rated1 = rated1.id;
  await reply(binh, r.rated1, true);
  await request(built.app).post(`/api/public/reports/${rated1.code}/rating`).send({ score: 1 }).expect(200);

  r.otherDistrict = (await reportAt(hub, { unitCode: 'SONDUNG', receivedAt: ago(HOUR) })).id;
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

const summaryOf = async (who: Who, query: Record<string, string | number> = {}) => (await s[who].agent.get('/api/stats/summary').query(query).expect(200)).body;
const countOf = async (who: Who, query: Record<string, string | number>) => (await s[who].agent.get('/api/reports/counts').query(query).expect(200)).body.total as number;

describe('headline figures (district leader, last 30 days)', () => {
  it('match the hand count', async () => {
    const b = await summaryOf('districtLeader');
    expect(b.unit).toMatchObject({ id: hub.demo.districtId });
    expect(b.headline).toMatchObject({
      received: 7, answered: 4, responded: 5,
      onTime: { decided: 5, onTime: 2, lateExtended: 1, late: 2, rate: 0.4 },
      satisfaction: { count: 2, average: 3, distribution: { 1: 1, 5: 1 } },
      backlog: { open: 3, overdue: 1 },
    });
    expect(b.headline.firstResponse.medianMs).toBeGreaterThan(0);
    expect(b.headline.firstResponse.p90WorkMs).toBeGreaterThanOrEqual(b.headline.firstResponse.medianWorkMs);
    expect(b.period.bucket).toBe('day');
    expect(b.trend.reduce((n: number, p: { received: number }) => n + p.received, 0)).toBe(7);
    expect(b.trend.every((p: { start: string }) => /^\d{4}-\d{2}-\d{2}$/.test(p.start))).toBe(true);
    expect(b.volumes.byChannel).toEqual([{ channel: 'web', count: 7 }]);
    const traphu = b.units.find((x: { unit: { id: number } }) => x.unit.id === hub.demo.units.TRAPHU);
    expect(traphu).toMatchObject({ received: 5, answered: 3, onTime: { onTime: 2, late: 2, rate: 0.5 }, backlog: { open: 2, overdue: 1 } });
    expect(traphu.charged.reports).toBe(3);
  });

  it('each figure has a report-list filter that lists the reports behind it', async () => {
    const b = await summaryOf('districtLeader');
    const base = { from: b.period.from, to: b.period.to, unitId: hub.demo.districtId };
    expect(await countOf('districtLeader', base)).toBe(b.headline.received);
    expect(await countOf('districtLeader', { ...base, answered: 'true' })).toBe(b.headline.answered);
    expect(await countOf('districtLeader', { ...base, responded: 'true' })).toBe(b.headline.firstResponse.count);
    expect(await countOf('districtLeader', { ...base, outcome: 'on_time' })).toBe(b.headline.onTime.onTime);
    expect(await countOf('districtLeader', { ...base, outcome: 'late_extended' })).toBe(b.headline.onTime.lateExtended);
    expect(await countOf('districtLeader', { ...base, outcome: 'late' })).toBe(b.headline.onTime.late);
    expect(await countOf('districtLeader', { ...base, rating: '1,2,3,4,5' })).toBe(b.headline.satisfaction.count);
    expect(await countOf('districtLeader', { unitId: hub.demo.districtId, status: 'received,in_progress' })).toBe(b.headline.backlog.open);
    expect(await countOf('districtLeader', { unitId: hub.demo.districtId, overdue: 'true' })).toBe(b.headline.backlog.overdue);
    const row = b.units.find((x: { unit: { id: number } }) => x.unit.id === hub.demo.units.TRABINH);
    expect(await countOf('districtLeader', { from: base.from, to: base.to, assignedUnitId: hub.demo.units.TRABINH! })).toBe(row.received);
  });

  it('the overdue list has the open report past its deadline, with its working-time lateness', async () => {
    const b = (await s.districtLeader.agent.get('/api/stats/overdue').expect(200)).body;
    expect(b.total).toBe(1);
    expect(b.items[0]).toMatchObject({ id: r.openLate, assignedUnit: { id: hub.demo.units.TRAPHU }, extended: false, pendingExtension: false });
    expect(b.items[0].overdueWorkMs).toBeGreaterThan(0);
    expect(b.items[0].overdueMs).toBeGreaterThanOrEqual(b.items[0].overdueWorkMs);
  });
});

describe('scope', () => {
  it('an officer sees their own unit only; another unit is 404', async () => {
    const b = await summaryOf('officer');
    expect(b.unit.id).toBe(hub.demo.units.TRAPHU);
    expect(b.headline).toMatchObject({ received: 5, onTime: { onTime: 2, late: 2, rate: 0.5 } });
    expect(b.units.map((x: { unit: { id: number } }) => x.unit.id)).toEqual([hub.demo.units.TRAPHU]);
    await s.officer.agent.get('/api/stats/summary').query({ unitId: hub.demo.units.TRABINH! }).expect(404);
    await s.officer.agent.get('/api/stats/summary').query({ unitId: hub.demo.districtId }).expect(404);
  });

  it("a commune leader sees their commune; a district leader every unit of the district; the admin everything", async () => {
    expect((await summaryOf('communeLeader')).headline.received).toBe(5);
    await s.communeLeader.agent.get('/api/stats/overdue').query({ unitId: hub.demo.units.TRABINH! }).expect(404);
    expect((await summaryOf('districtLeader', { unitId: hub.demo.units.TRABINH! })).headline.received).toBe(2);
    const admin = await summaryOf('admin');
    expect(admin.unit).toBeNull();
    expect(admin.headline.received).toBe(8);
  });

  it("another district's leader sees none of it", async () => {
    const b = await summaryOf('otherLeader');
    expect(b.unit.id).toBe(otherDistrictId);
    expect(b.headline.received).toBe(1);
    await s.otherLeader.agent.get('/api/stats/summary').query({ unitId: hub.demo.districtId }).expect(404);
    expect((await s.otherLeader.agent.get('/api/stats/overdue').expect(200)).body.total).toBe(0);
  });

  it('needs a session', async () => {
    await request(built.app).get('/api/stats/summary').expect(401);
  });
});

describe('stored metrics follow the definitions', () => {
  it('equal the pure computation over each timeline (transfer, reopen, acknowledgement only)', async () => {
    const sms = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: '+84912345001' });
    const moved = (await reportAt(hub, { unitCode: 'TRAPHU', receivedAt: new Date(Date.now() - 2 * HOUR) })).id;
    await s.officer.agent.post(`/api/reports/${moved}/transfer`).set('X-CSRF-Token', s.officer.csrf).send({ unitId: hub.demo.units.TRABINH, reason: 'Sai địa bàn' }).expect(200);
    await reply(s.districtLeader, moved, true);
    const cal = await loadWorkCalendar(hub.ctx.database.db);
    for (const id of [sms.id, moved, r.rated1!, r.extended!, r.onTime!]) {
      const row = await reportRow(hub, id);
      const m = computeReportMetrics(await timeline(hub, id), cal, new Date());
      expect({ fr: row.firstResponseMs, res: row.resolutionMs, st: row.onTimeStatus, rating: row.rating })
        .toEqual({ fr: m.firstResponseMs, res: m.resolutionMs, st: m.onTimeStatus, rating: m.rating });
    }
    expect((await reportRow(hub, sms.id)).firstResponseMs).toBeNull(); // the automatic acknowledgement is no response
    expect((await reportRow(hub, r.rated1!)).resolutionMs).toBeNull(); // reopened by the low rating
    const view = (await s.districtLeader.agent.get(`/api/reports/${moved}/sla`).expect(200)).body;
    expect(view.charges.map((c: { unit: { id: number } }) => c.unit.id)).toEqual([hub.demo.units.TRAPHU, hub.demo.units.TRABINH]);
    expect(view.metrics.transferCount).toBe(1);
  });
});
