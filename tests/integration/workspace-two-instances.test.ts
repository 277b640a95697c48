/**
 * Two api instances on different ports with one database and one Redis prefix,
 * as behind a load balancer: events and socket commands made on one reach
 * sockets connected to the other, through the socket.io Redis adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../src/api.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { waitFor } from '../support/wait.js';
import { addUser, connectSocket, makeReport, signIn, type Session, type TestSocket } from '../support/workspace.js';

let hub: TestHub;
let a: RunningApi;
let b: RunningApi;
let portB: number;
let phuOnA: Session;
let binhOnA: Session;

beforeAll(async () => {
  hub = await createTestHub();
  await addUser(hub.ctx.database.db, { username: 'xa.traphu', role: 'officer', unitId: hub.demo.units.TRAPHU! });
  await addUser(hub.ctx.database.db, { username: 'xa.trabinh', role: 'officer', unitId: hub.demo.units.TRABINH! });
  a = await startApi(hub.ctx, 0);
  b = await startApi(hub.ctx, 0);
  portB = (b.server.address() as { port: number }).port;
  expect((a.server.address() as { port: number }).port).not.toBe(portB);
  phuOnA = await signIn(a.server as never, 'xa.traphu');
  binhOnA = await signIn(a.server as never, 'xa.trabinh');
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await hub?.close();
});

const got = (s: TestSocket, event: string, pred: (d: Record<string, unknown>) => boolean) =>
  waitFor(() => s.events.find((e) => e.event === event && pred(e.data)), { what: event });

describe('two api instances', () => {
  it('a reply made on one instance reaches a socket connected to the other', async () => {
    // The session was made on instance A; the socket connects to B: sessions live in Redis.
    const onB = await connectSocket(portB, phuOnA.cookie);
    try {
      const r = await makeReport(hub, { unitCode: 'TRAPHU' });
      await got(onB, 'report.created', (d) => d.reportId === r.id); // published by the intake side
      const res = await phuOnA.agent.post(`/api/reports/${r.id}/replies`).set('X-CSRF-Token', phuOnA.csrf).send({ text: 'Đã nhận' }).expect(201);
      await got(onB, 'message.created', (d) => d.messageId === res.body.message.id);
    } finally { onB.close(); }
  });

  it('a transfer made on one instance is seen live by the receiving unit on the other, and the giver’s report room is left there too', async () => {
    const receiverOnB = await connectSocket(portB, binhOnA.cookie);
    const giverOnB = await connectSocket(portB, phuOnA.cookie);
    try {
      const r = await makeReport(hub, { unitCode: 'TRAPHU' });
      const other = await makeReport(hub, { unitCode: 'TRAPHU' });
      expect((await giverOnB.subscribe(r.id)).ok).toBe(true);
      await phuOnA.agent.post(`/api/reports/${r.id}/transfer`).set('X-CSRF-Token', phuOnA.csrf)
        .send({ unitId: hub.demo.units.TRABINH, reason: 'Thuộc Trà Bình' }).expect(200);
      await got(receiverOnB, 'report.transferred', (d) => d.reportId === r.id);
      await got(giverOnB, 'report.transferred', (d) => d.reportId === r.id);
      await binhOnA.agent.post(`/api/reports/${r.id}/notes`).set('X-CSRF-Token', binhOnA.csrf).send({ text: 'Đã nhận' }).expect(201);
      await phuOnA.agent.post(`/api/reports/${other.id}/notes`).set('X-CSRF-Token', phuOnA.csrf).send({ text: 'Ghi chú' }).expect(201);
      await got(receiverOnB, 'message.created', (d) => d.reportId === r.id);
      await got(giverOnB, 'message.created', (d) => d.reportId === other.id);
      expect(giverOnB.events.some((e) => e.event === 'message.created' && e.data.reportId === r.id)).toBe(false);
    } finally { receiverOnB.close(); giverOnB.close(); }
  });

  it('signing out on one instance disconnects the session’s socket on the other', async () => {
    const s = await signIn(a.server as never, 'xa.traphu');
    const onB = await connectSocket(portB, s.cookie);
    await s.agent.post('/api/auth/logout').set('X-CSRF-Token', s.csrf).expect(204);
    await waitFor(() => !onB.socket.connected, { what: 'socket on B disconnected' });
  });
});
