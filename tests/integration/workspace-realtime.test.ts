import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startApi, type RunningApi } from '../../src/api.js';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { attachRealtime, type Realtime } from '../../src/realtime/socket.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { waitFor } from '../support/wait.js';
import { addUser, connectSocket, makeReport, signIn, type Session, type TestSocket } from '../support/workspace.js';

let hub: TestHub;
let api: RunningApi;
let port: number;
let redis: Redis;
let phu: Session;
let binh: Session;

beforeAll(async () => {
  hub = await createTestHub();
  const db = hub.ctx.database.db;
  await addUser(db, { username: 'xa.traphu', role: 'officer', unitId: hub.demo.units.TRAPHU! });
  await addUser(db, { username: 'xa.trabinh', role: 'officer', unitId: hub.demo.units.TRABINH! });
  for (const n of ['dang.xuat', 'moi.noi', 'bi.tat', 'het.han']) await addUser(db, { username: n, role: 'officer', unitId: hub.demo.units.TRAPHU! });
  await addUser(db, { username: 'quantri', role: 'admin', unitId: hub.demo.districtId });
  api = await startApi(hub.ctx, 0);
  port = (api.server.address() as { port: number }).port;
  redis = new Redis(hub.env.REDIS_URL);
  phu = await signIn(api.server as never, 'xa.traphu');
  binh = await signIn(api.server as never, 'xa.trabinh');
});
afterAll(async () => {
  redis?.disconnect();
  await api?.close();
  await hub?.close();
});

const post = (s: Session, path: string, body: object) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
const got = (s: TestSocket, event: string, pred: (d: Record<string, unknown>) => boolean = () => true) =>
  waitFor(() => s.events.find((e) => e.event === event && pred(e.data)), { what: event });
const disconnected = (s: TestSocket) => waitFor(() => !s.socket.connected, { what: 'socket disconnected' });

describe('live workspace events', () => {
  it('a transfer is seen live by the receiving unit, which may then follow the report', async () => {
    const receiving = await connectSocket(port, binh.cookie);
    try {
      const r = await makeReport(hub, { unitCode: 'TRAPHU' });
      expect((await receiving.subscribe(r.id)).ok).toBe(false);
      await post(phu, `/api/reports/${r.id}/transfer`, { unitId: hub.demo.units.TRABINH, reason: 'Thuộc địa bàn Trà Bình' }).expect(200);
      const ev = await got(receiving, 'report.transferred', (d) => d.reportId === r.id);
      expect(ev.data).toMatchObject({ fromUnitId: hub.demo.units.TRAPHU, toUnitId: hub.demo.units.TRABINH, code: r.code });
      expect((await receiving.subscribe(r.id)).ok).toBe(true);
    } finally { receiving.close(); }
  });

  it('after a transfer the giving unit’s sockets no longer hear about the report', async () => {
    const giving = await connectSocket(port, phu.cookie);
    try {
      const moved = await makeReport(hub, { unitCode: 'TRAPHU' });
      const stays = await makeReport(hub, { unitCode: 'TRAPHU' });
      expect((await giving.subscribe(moved.id)).ok).toBe(true);
      await post(phu, `/api/reports/${moved.id}/transfer`, { unitId: hub.demo.units.TRABINH, reason: 'Sai địa bàn' }).expect(200);
      await got(giving, 'report.transferred', (d) => d.reportId === moved.id);
      await post(binh, `/api/reports/${moved.id}/notes`, { text: 'Trà Bình nhận xử lý' }).expect(201);
      await post(phu, `/api/reports/${stays.id}/notes`, { text: 'Việc của Trà Phú' }).expect(201);
      // Events arrive in order: once the later one is in, the earlier one would have been too.
      await got(giving, 'message.created', (d) => d.reportId === stays.id);
      expect(giving.events.some((e) => e.event === 'message.created' && e.data.reportId === moved.id)).toBe(false);
    } finally { giving.close(); }
  });

  it('a reply and a status change reach the unit’s sockets', async () => {
    const s = await connectSocket(port, phu.cookie);
    try {
      const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: '+84912000111' });
      const res = await post(phu, `/api/reports/${r.id}/replies`, { text: 'Đã tiếp nhận, đang xử lý' }).expect(201);
      const m = await got(s, 'message.created', (d) => d.reportId === r.id);
      expect(m.data).toMatchObject({ messageId: res.body.message.id, direction: 'out', status: 'queued' });
      await got(s, 'report.status', (d) => d.reportId === r.id && d.status === 'in_progress');
      await phu.agent.patch(`/api/reports/${r.id}`).set('X-CSRF-Token', phu.csrf).send({ status: 'answered' }).expect(200);
      await got(s, 'report.status', (d) => d.reportId === r.id && d.status === 'answered');
      expect(JSON.stringify(s.events)).not.toContain('Đã tiếp nhận, đang xử lý');
    } finally { s.close(); }
  });
});

describe('revoked sessions lose their sockets', () => {
  it('signing out disconnects that session’s sockets only', async () => {
    const a = await signIn(api.server as never, 'dang.xuat');
    const b = await signIn(api.server as never, 'dang.xuat');
    const sa = await connectSocket(port, a.cookie);
    const sb = await connectSocket(port, b.cookie);
    await post(a, '/api/auth/logout', {}).expect(204);
    await disconnected(sa);
    expect((await sb.subscribe(1)).ok).toBe(false); // still connected and answering
    expect(sb.socket.connected).toBe(true);
    sb.close();
    await expect(connectSocket(port, a.cookie)).rejects.toThrow(/unauthorized/);
  });

  it('signing out everywhere disconnects every socket of the user', async () => {
    const a = await signIn(api.server as never, 'moi.noi');
    const b = await signIn(api.server as never, 'moi.noi');
    const sa = await connectSocket(port, a.cookie);
    const sb = await connectSocket(port, b.cookie);
    await post(a, '/api/auth/logout-all', {}).expect(204);
    await disconnected(sa);
    await disconnected(sb);
  });

  it('disabling an account disconnects its sockets', async () => {
    const admin = await signIn(api.server as never, 'quantri');
    const v = await signIn(api.server as never, 'bi.tat');
    const s = await connectSocket(port, v.cookie);
    await admin.agent.patch(`/api/admin/users/${v.userId}`).set('X-CSRF-Token', admin.csrf).send({ disabled: true }).expect(200);
    await disconnected(s);
  });

  it('a session that expired is dropped at the socket’s next event', async () => {
    const v = await signIn(api.server as never, 'het.han');
    const s = await connectSocket(port, v.cookie);
    const keys = await redis.keys(`${hub.env.QUEUE_PREFIX}:sess:*`);
    for (const k of keys) if (JSON.parse((await redis.get(k))!).userId === v.userId) await redis.del(k);
    s.socket.emit('subscribe:report', 1);
    await disconnected(s);
  });
});

describe('periodic session check', () => {
  let server: http.Server;
  let built: BuiltApp;
  let realtime: Realtime;
  beforeAll(async () => {
    built = buildApp(hub.ctx);
    server = http.createServer(built.app);
    realtime = attachRealtime(hub.ctx, server, { recheckMs: 100 });
    await new Promise<void>((r) => server.listen(0, () => r()));
  });
  afterAll(async () => {
    await realtime?.close();
    await built?.close();
  });

  it('drops an idle socket whose session died without any event', async () => {
    const v = await signIn(built.app, 'xa.traphu');
    const s = await connectSocket((server.address() as { port: number }).port, v.cookie);
    const keys = await redis.keys(`${hub.env.QUEUE_PREFIX}:sess:*`);
    for (const k of keys) {
      const data = JSON.parse((await redis.get(k))!);
      if (data.csrf === v.csrf) await redis.del(k);
    }
    await disconnected(s);
  });
});
