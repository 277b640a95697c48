/**
 * The inbox side of the workspace: cursor paging, filters and counts, unread
 * markers, canned replies, and the unit and category lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import { eq, inArray } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { reports } from '../../src/db/schema/index.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { addUser, makeReport, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
let officer: Session;
let leader: Session;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  const db = hub.ctx.database.db;
  const u = hub.demo.units;
  await addUser(db, { username: 'xa.traphu', role: 'officer', unitId: u.TRAPHU!, displayName: 'Cán bộ Trà Phú' });
  await addUser(db, { username: 'lanhdao', role: 'leader', unitId: hub.demo.districtId });
  officer = await signIn(built.app, 'xa.traphu');
  leader = await signIn(built.app, 'lanhdao');
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

const db = () => hub.ctx.database.db;
const post = (s: Session, path: string, body: object) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
const patch = (s: Session, path: string, body: object) => s.agent.patch(path).set('X-CSRF-Token', s.csrf).send(body);
let phoneSeq = 100;
/** SMS from one number continues its open report, so each SMS report gets its own number. */
const nextPhone = () => `+8491234${String(++phoneSeq).padStart(4, '0')}`;

describe('list', () => {
  it('pages with a cursor and returns every report exactly once, newest first, even with equal times', async () => {
    await addUser(db(), { username: 'xa.trabui', role: 'officer', unitId: hub.demo.units.TRABUI! });
    const s = await signIn(built.app, 'xa.trabui');
    const made: number[] = [];
    for (let i = 0; i < 23; i++) made.push((await makeReport(hub, { unitCode: 'TRABUI' })).id);
    // Eight reports share one received time, down to the microsecond.
    await db().execute(`update reports set received_at = '2026-03-02 09:00:00.123456+07' where id in (${made.slice(5, 13).join(',')})`);
    const seen: number[] = [];
    const times: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await s.agent.get('/api/reports').query({ limit: '5', ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...res.body.items.map((x: { id: number }) => x.id));
      times.push(...res.body.items.map((x: { receivedAt: string }) => x.receivedAt));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(made.length);
    expect(new Set(seen)).toEqual(new Set(made));
    expect([...times].sort().reverse()).toEqual(times);
    await s.agent.get('/api/reports').query({ cursor: 'not-a-cursor' }).expect(422);
  });

  it('filters by status, channel, category, overdue, triage and date range', async () => {
    await addUser(db(), { username: 'xa.tragiang', role: 'officer', unitId: hub.demo.units.TRAGIANG! });
    const s = await signIn(built.app, 'xa.tragiang');
    const a = await makeReport(hub, { unitCode: 'TRAGIANG', category: 'moi-truong' });
    const b = await makeReport(hub, { unitCode: 'TRAGIANG', channel: 'sms', phone: nextPhone(), category: 'giao-thong' });
    const c = await makeReport(hub, { unitCode: 'TRAGIANG', channel: 'zalo' });
    await db().update(reports).set({ dueAt: new Date(Date.now() - 3600_000) }).where(inArray(reports.id, [a.id, b.id]));
    await db().update(reports).set({ status: 'answered' }).where(eq(reports.id, b.id));
    await db().update(reports).set({ receivedAt: new Date('2026-01-15T03:00:00Z') }).where(eq(reports.id, c.id));
    const ids = async (q: Record<string, string>) => (await s.agent.get('/api/reports').query(q).expect(200)).body.items.map((x: { id: number }) => x.id).sort();
    expect(await ids({ status: 'answered' })).toEqual([b.id]);
    expect(await ids({ status: 'received,answered' })).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ channel: 'sms' })).toEqual([b.id]);
    expect(await ids({ category: 'moi-truong' })).toEqual([a.id]);
    expect(await ids({ overdue: 'true' })).toEqual([a.id]); // b is overdue by date but answered
    expect(await ids({ from: '2026-01-15', to: '2026-01-15' })).toEqual([c.id]);
    expect(await ids({ to: '2026-01-14' })).toEqual([]);
    expect(await ids({ triage: 'true' })).toEqual([]);
    expect(await ids({ q: c.code })).toEqual([c.id]); // a tracking code finds its report
    expect(await ids({ q: '100%_' })).toEqual([]); // LIKE wildcards are literal
    const counts = await s.agent.get('/api/reports/counts').expect(200);
    expect(counts.body).toEqual({ total: 3, byStatus: { received: 2, in_progress: 0, answered: 1, closed: 0 }, overdue: 1 });
    const bad = await s.agent.get('/api/reports').query({ status: 'open', channel: 'fax', from: 'yesterday', limit: '500' }).expect(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['channel', 'from', 'limit', 'status']);
    expect(bad.body.error.fields.limit.vi).toBeTruthy();
  });

  it('marks reports unread until opened, and again after new activity', async () => {
    await addUser(db(), { username: 'xa.trahiep', role: 'officer', unitId: hub.demo.units.TRAHIEP! });
    const s = await signIn(built.app, 'xa.trahiep');
    const r = await makeReport(hub, { unitCode: 'TRAHIEP' });
    const unread = async () => (await s.agent.get('/api/reports').expect(200)).body.items.find((x: { id: number }) => x.id === r.id).unread;
    expect(await unread()).toBe(true);
    await s.agent.get(`/api/reports/${r.id}`).expect(200);
    expect(await unread()).toBe(false);
    await db().update(reports).set({ lastActivityAt: new Date(Date.now() + 1000) }).where(eq(reports.id, r.id));
    expect(await unread()).toBe(true);
  });
});

describe('canned replies', () => {
  it('leaders write them for their units; officers read them filled for a report', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    await post(officer, '/api/canned-replies', { unitId: hub.demo.units.TRAPHU, title: 'Tiếp nhận', body: 'x' }).expect(403);
    const made = await post(leader, '/api/canned-replies', {
      unitId: hub.demo.units.TRAPHU, title: 'Tiếp nhận', body: 'Phản ánh {ma_so} tại {xa} đã được {don_vi} tiếp nhận.',
    }).expect(201);
    await post(leader, '/api/canned-replies', { unitId: hub.demo.districtId, title: 'Chung của huyện', body: 'Huyện đã nhận {ma_so}.' }).expect(201);
    await post(leader, '/api/canned-replies', { unitId: hub.demo.units.TRABINH, title: 'Của Trà Bình', body: 'Không dành cho Trà Phú.' }).expect(201);
    const list = await officer.agent.get('/api/canned-replies').query({ reportId: String(r.id) }).expect(200);
    const titles = list.body.items.map((x: { title: string }) => x.title).sort();
    expect(titles).toEqual(['Chung của huyện', 'Tiếp nhận']);
    const item = list.body.items.find((x: { id: number }) => x.id === made.body.id);
    const code = `${r.code.slice(0, 3)}-${r.code.slice(3, 6)}-${r.code.slice(6)}`;
    expect(item.rendered).toBe(`Phản ánh ${code} tại Xã Trà Phú đã được Xã Trà Phú tiếp nhận.`);
    expect(item.canEdit).toBe(false);
    await patch(officer, `/api/canned-replies/${made.body.id}`, { title: 'Sửa' }).expect(403);
    await patch(leader, `/api/canned-replies/${made.body.id}`, { title: 'Đã tiếp nhận' }).expect(200);
    const err = await post(leader, '/api/canned-replies', { unitId: hub.demo.units.TRAPHU, title: '', body: '' }).expect(422);
    expect(Object.keys(err.body.error.fields).sort()).toEqual(['body', 'title']);
    await leader.agent.delete(`/api/canned-replies/${made.body.id}`).set('X-CSRF-Token', leader.csrf).expect(204);
  });
});

describe('reference data', () => {
  it('lists the unit tree, flagged by scope, and the categories', async () => {
    const units = await officer.agent.get('/api/units').expect(200);
    const phu = units.body.items.find((x: { id: number }) => x.id === hub.demo.units.TRAPHU);
    const binh = units.body.items.find((x: { id: number }) => x.id === hub.demo.units.TRABINH);
    expect(phu).toMatchObject({ name: 'Xã Trà Phú', kind: 'commune', inScope: true, depth: 2, parentId: hub.demo.districtId });
    expect(binh.inScope).toBe(false);
    const cats = await officer.agent.get('/api/categories').expect(200);
    expect(cats.body.items.map((c: { code: string }) => c.code)).toContain('dat-dai');
  });
});
