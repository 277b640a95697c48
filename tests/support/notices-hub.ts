/**
 * A hub for the notices tests: the app listening on 127.0.0.1 with socket.io,
 * the workers, a fake eSMS gateway and, when asked, the fake Zalo OA and ZNS.
 * Plus helpers to seed subscribers and sign in leaders.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Express } from 'express';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { attachRealtime, type Realtime } from '../../src/realtime/socket.js';
import type { Db } from '../../src/db/client.js';
import { contactIdentities, contacts, noticeDeliveries, noticeOptOuts, notices, subscriptions } from '../../src/db/schema/index.js';
import { deliveryCounts, type DeliveryCounts } from '../../src/modules/notices/notices.repo.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { FakeEsms } from '../fakes/sms-gateways.js';
import { FakeZalo } from '../fakes/zalo.js';
import { FakeZns } from '../fakes/zns.js';
import { createTestHub, type TestHub } from './context.js';
import { WEBHOOK_TOKEN } from './sms-hub.js';
import { waitFor } from './wait.js';
import { addUser, signIn, type Session } from './workspace.js';

export interface NoticesHub {
  hub: TestHub;
  db: Db;
  esms: FakeEsms;
  zalo: FakeZalo | null;
  zns: FakeZns | null;
  app: Express;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startNoticesHub(opts: { zalo?: boolean; zns?: boolean; env?: Record<string, string>; workers?: boolean } = {}): Promise<NoticesHub> {
  const esms = await FakeEsms.start();
  const zalo = opts.zalo || opts.zns ? await FakeZalo.start() : null;
  const zns = opts.zns && zalo ? await FakeZns.start(zalo) : null;
  let handler: http.RequestListener = (_req, res) => { res.writeHead(503).end(); };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const hub = await createTestHub({
    PUBLIC_BASE_URL: url, SMS_WEBHOOK_TOKEN: WEBHOOK_TOKEN, SMS_PROVIDER: 'esms', QUIET_HOURS: 'off', ...esms.env(),
    ...(zalo ? { ...zalo.env(), ZALO_SIGNATURE_MAX_SKEW_S: '600' } : {}), ...(zns ? zns.env() : {}), ...opts.env,
  });
  const built: BuiltApp = buildApp(hub.ctx);
  handler = built.app;
  const realtime: Realtime = attachRealtime(hub.ctx, server);
  const workers: WorkerRuntime | null = opts.workers === false ? null : startWorkers(hub.ctx);
  return {
    hub, db: hub.ctx.database.db, esms, zalo, zns, app: built.app, url, port,
    async close() {
      await workers?.close();
      await realtime.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await built.close();
      await hub.close();
      await Promise.all([esms.close(), zalo?.close(), zns?.close()]);
    },
  };
}

let seq = 0;
export function phoneNo() {
  const nsn = `98${String(1_000_000 + Math.floor(Math.random() * 8_000_000) + (seq++ % 1000)).padStart(7, '0')}`;
  return { e164: `+84${nsn}`, national: `0${nsn}`, intl: `84${nsn}` };
}

export interface SubscriberSpec {
  unitId: number;
  phone?: string;
  zaloUserId?: string;
  zaloLastInboundAt?: Date | null;
  followed?: boolean;
  active?: boolean;
  optedOut?: boolean;
}

/** A citizen subscribed to a unit, as the channels would have left them. */
export async function addSubscriber(db: Db, s: SubscriberSpec): Promise<number> {
  const [c] = await db.insert(contacts).values({ phone: s.phone ?? null }).returning({ id: contacts.id });
  const contactId = c!.id;
  if (s.phone) await db.insert(contactIdentities).values({ contactId, channel: 'sms', externalId: s.phone });
  if (s.zaloUserId) {
    await db.insert(contactIdentities).values({
      contactId, channel: 'zalo', externalId: s.zaloUserId, lastInboundAt: s.zaloLastInboundAt ?? null,
      profile: s.followed === undefined ? null : { followed: s.followed },
    });
  }
  await db.insert(subscriptions).values({
    contactId, unitId: s.unitId, channel: s.zaloUserId && !s.phone ? 'zalo' : 'sms', active: s.active ?? true, consentAt: new Date(), consentSource: 'test',
  });
  if (s.optedOut) await db.insert(noticeOptOuts).values({ contactId, source: 'sms:HUY' });
  return contactId;
}

/** A leader of the district (or `unitId`), signed in. */
export async function leader(h: NoticesHub, name: string, unitId?: number): Promise<Session> {
  await addUser(h.db, { username: name, role: 'leader', unitId: unitId ?? h.hub.demo.districtId });
  return signIn(h.app, name);
}

export const post = (s: Session, path: string, body: object = {}) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);

/** Wait until the notice's live counts satisfy `pred`. */
export async function waitForCounts(h: { db: Db }, id: number, pred: (c: DeliveryCounts) => boolean, what = `notice ${id} counts`): Promise<DeliveryCounts> {
  return waitFor(async () => { const c = await deliveryCounts(h.db, id); return pred(c) ? c : undefined; }, { what, timeout: 30_000 });
}

export async function noticeRow(h: NoticesHub, id: number) {
  const [n] = await h.db.select().from(notices).where(eq(notices.id, id));
  return n!;
}

export async function deliveriesOf(h: NoticesHub, id: number) {
  return h.db.select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, id)).orderBy(noticeDeliveries.contactId);
}
