/**
 * The role × unit matrix: officer, leader (commune and district) and admin
 * against reports in their unit, a sibling unit, a child unit and another
 * district — for list, counts, search, detail, reply, attachment, socket
 * subscription and live events. Nothing outside the scope may show anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { startApi, type RunningApi } from '../../src/api.js';
import { attachments, messages } from '../../src/db/schema/index.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { waitFor } from '../support/wait.js';
import { addUnit, addUser, connectSocket, makeReport, signIn, type Session, type TestSocket } from '../support/workspace.js';

type Where = 'own' | 'child' | 'sibling' | 'otherDistrict';
type Actor = 'officer' | 'communeLeader' | 'districtLeader' | 'admin';

const SEES: Record<Actor, Where[]> = {
  officer: ['own'],
  communeLeader: ['own', 'child'],
  districtLeader: ['own', 'child', 'sibling'],
  admin: ['own', 'child', 'sibling', 'otherDistrict'],
};
const ACTORS = Object.keys(SEES) as Actor[];
const PLACES: Where[] = ['own', 'child', 'sibling', 'otherDistrict'];

let hub: TestHub;
let api: RunningApi;
let port: number;
const sessions = {} as Record<Actor, Session>;
const reports = {} as Record<Where, { id: number; code: string; attachmentId: number }>;

beforeAll(async () => {
  hub = await createTestHub();
  const db = hub.ctx.database.db;
  const u = hub.demo.units;
  const child = await addUnit(db, { parentId: u.TRAPHU!, kind: 'department', name: 'Công an xã Trà Phú', smsCode: 'CATRAPHU' });
  const district2 = await addUnit(db, { parentId: hub.demo.provinceId, kind: 'district', name: 'Huyện Sơn Tây', smsCode: 'SONTAY' });
  await addUnit(db, { parentId: district2.id, kind: 'commune', name: 'Xã Sơn Dung', smsCode: 'SONDUNG' });
  await addUser(db, { username: 'officer', role: 'officer', unitId: u.TRAPHU! });
  await addUser(db, { username: 'communeleader', role: 'leader', unitId: u.TRAPHU! });
  await addUser(db, { username: 'districtleader', role: 'leader', unitId: hub.demo.districtId });
  await addUser(db, { username: 'admin', role: 'admin', unitId: hub.demo.districtId });
  expect(child.path.startsWith('/')).toBe(true);
  const codes: Record<Where, string> = { own: 'TRAPHU', child: 'CATRAPHU', sibling: 'TRABINH', otherDistrict: 'SONDUNG' };
  for (const where of PLACES) {
    const r = await makeReport(hub, { unitCode: codes[where], text: `Cống thoát nước bị tắc ở thôn Mười (${where})`, photo: true });
    const [a] = await db.select({ id: attachments.id }).from(attachments).where(eq(attachments.reportId, r.id));
    reports[where] = { ...r, attachmentId: a!.id };
  }
  api = await startApi(hub.ctx, 0);
  port = (api.server.address() as { port: number }).port;
  const names: Record<Actor, string> = { officer: 'officer', communeLeader: 'communeleader', districtLeader: 'districtleader', admin: 'admin' };
  for (const a of ACTORS) sessions[a] = await signIn(api.server as never, names[a]);
});
afterAll(async () => {
  await api?.close();
  await hub?.close();
});

const matrixIds = (ids: number[]) => PLACES.filter((w) => ids.includes(reports[w].id)).sort();
const seen = (a: Actor) => [...SEES[a]].sort();

async function listAll(s: Session, query: Record<string, string> = {}): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await s.agent.get('/api/reports').query({ ...query, limit: '2', ...(cursor ? { cursor } : {}) }).expect(200);
    ids.push(...res.body.items.map((i: { id: number }) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

describe.each(ACTORS)('%s', (actor) => {
  it('lists exactly the reports in scope', async () => {
    expect(matrixIds(await listAll(sessions[actor]))).toEqual(seen(actor));
  });

  it('finds by search, ignoring case and diacritics, only within scope — and counts the same', async () => {
    const ids = await listAll(sessions[actor], { q: 'CONG THOAT NUOC bi tac' });
    expect(matrixIds(ids)).toEqual(seen(actor));
    expect(ids).toHaveLength(SEES[actor].length);
    const counts = await sessions[actor].agent.get('/api/reports/counts').query({ q: 'cống thoát nước' }).expect(200);
    expect(counts.body.total).toBe(SEES[actor].length);
    expect(Object.values(counts.body.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(SEES[actor].length);
  });

  it('filtering by a unit outside the scope shows nothing', async () => {
    const ids = await listAll(sessions[actor], { unitId: String(hub.demo.units.TRABINH) });
    expect(matrixIds(ids)).toEqual(SEES[actor].includes('sibling') ? ['sibling'] : []);
  });

  it.each(PLACES)('detail of the report in %s: 200 in scope, 404 outside (same as a missing id)', async (where) => {
    const res = await sessions[actor].agent.get(`/api/reports/${reports[where].id}`);
    if (SEES[actor].includes(where)) {
      expect(res.status).toBe(200);
      expect(res.body.report.code).toBe(reports[where].code);
    } else {
      const missing = await sessions[actor].agent.get('/api/reports/987654321').expect(404);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(missing.body);
    }
  });

  it.each(PLACES)('reply to the report in %s: accepted in scope, 404 and nothing stored outside', async (where) => {
    const s = sessions[actor];
    const before = await hub.ctx.database.db.select().from(messages).where(eq(messages.reportId, reports[where].id));
    const res = await s.agent.post(`/api/reports/${reports[where].id}/replies`).set('X-CSRF-Token', s.csrf).send({ text: `Trả lời từ ${actor}` });
    const after = await hub.ctx.database.db.select().from(messages).where(eq(messages.reportId, reports[where].id));
    if (SEES[actor].includes(where)) {
      expect(res.status).toBe(201);
      expect(after).toHaveLength(before.length + 1);
    } else {
      expect(res.status).toBe(404);
      expect(after).toHaveLength(before.length);
    }
  });

  it.each(PLACES)('attachment of the report in %s: the photo in scope, 404 outside', async (where) => {
    const res = await sessions[actor].agent.get(`/api/attachments/${reports[where].attachmentId}`);
    if (SEES[actor].includes(where)) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-security-policy']).toContain('sandbox');
    } else {
      expect(res.status).toBe(404);
    }
  });

  it('socket subscription to each report succeeds only in scope', async () => {
    const sock = await connectSocket(port, sessions[actor].cookie);
    try {
      for (const where of PLACES) {
        const ack = await sock.subscribe(reports[where].id);
        expect(ack.ok, `${actor} → ${where}`).toBe(SEES[actor].includes(where));
      }
      expect((await sock.subscribe(-1)).ok).toBe(false);
    } finally { sock.close(); }
  });
});

describe('live events', () => {
  it('a new report reaches the sockets whose scope covers its unit, and no other', async () => {
    const socks = {} as Record<Actor, TestSocket>;
    for (const a of ACTORS) socks[a] = await connectSocket(port, sessions[a].cookie);
    try {
      const fresh = {} as Record<Where, number>;
      const codes: Record<Where, string> = { otherDistrict: 'SONDUNG', sibling: 'TRABINH', child: 'CATRAPHU', own: 'TRAPHU' };
      // Own unit last: every actor sees it, and events arrive in order, so once it is in,
      // every earlier event that was going to arrive has arrived.
      for (const where of ['otherDistrict', 'sibling', 'child', 'own'] as Where[]) fresh[where] = (await makeReport(hub, { unitCode: codes[where] })).id;
      for (const a of ACTORS) {
        await waitFor(() => socks[a].events.some((e) => e.event === 'report.created' && e.data.reportId === fresh.own), { what: `${a} sees the new report` });
        const got = socks[a].events.filter((e) => e.event === 'report.created').map((e) => e.data.reportId as number);
        expect(PLACES.filter((w) => got.includes(fresh[w])).sort(), a).toEqual(seen(a));
        expect(JSON.stringify(socks[a].events)).not.toMatch(/Phản ánh thử nghiệm/);
      }
    } finally { for (const a of ACTORS) socks[a].close(); }
  });

  it('a socket without a valid session is refused at the handshake', async () => {
    await expect(connectSocket(port, undefined)).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(port, 'caunoi.sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).rejects.toThrow(/unauthorized/);
  });

  it('a browser socket from another site is refused', async () => {
    const res = await request(api.server).get('/socket.io/').query({ EIO: '4', transport: 'polling' })
      .set('Origin', 'https://evil.example').set('Cookie', sessions.admin.cookie);
    expect(res.status).toBe(403);
  });
});
