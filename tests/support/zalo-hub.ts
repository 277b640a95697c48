/**
 * A hub wired to the fake Zalo for webhook tests: the app listening on
 * 127.0.0.1 (the fake POSTs webhooks to it as Zalo would) and the workers.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { contactIdentities, inboundEvents, messages, reports } from '../../src/db/schema/index.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { createTestHub, type TestHub } from './context.js';
import { waitFor } from './wait.js';
import { FakeZalo } from '../fakes/zalo.js';

export interface ZaloHub {
  hub: TestHub;
  fake: FakeZalo;
  /** Base URL of our api, e.g. http://127.0.0.1:40123 */
  url: string;
  close(): Promise<void>;
}

export async function startZaloHub(env: Record<string, string> = {}): Promise<ZaloHub> {
  const fake = await FakeZalo.start();
  // Quiet hours would hold acknowledgements at night (Asia/Ho_Chi_Minh): these tests must not depend on the clock.
  const hub = await createTestHub({ ...fake.env(), ZALO_SIGNATURE_MAX_SKEW_S: '600', QUIET_HOURS: 'off', ...env });
  const built: BuiltApp = buildApp(hub.ctx);
  const server: Server = await new Promise((resolve) => { const s = built.app.listen(0, '127.0.0.1', () => resolve(s)); });
  const workers: WorkerRuntime = startWorkers(hub.ctx);
  return {
    hub, fake, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await workers.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await built.close();
      await hub.close();
      await fake.close();
    },
  };
}

/** The report opened by a Zalo user's message, once intake has run. */
export async function waitForZaloReport(z: ZaloHub, userId: string) {
  const db = z.hub.ctx.database.db;
  return waitFor(async () => {
    const [row] = await db.select({ report: reports }).from(reports)
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, reports.contactId))
      .where(and(eq(contactIdentities.channel, 'zalo'), eq(contactIdentities.externalId, userId)));
    return row?.report;
  }, { what: `report of zalo user ${userId}` });
}

export async function waitForMessage(z: ZaloHub, where: (m: typeof messages.$inferSelect) => boolean, what = 'message') {
  const db = z.hub.ctx.database.db;
  return waitFor(async () => (await db.select().from(messages)).find(where), { what });
}

export async function eventRow(z: ZaloHub, providerEventId: string) {
  const [row] = await z.hub.ctx.database.db.select().from(inboundEvents)
    .where(and(eq(inboundEvents.channel, 'zalo'), eq(inboundEvents.providerEventId, providerEventId)));
  return row;
}

let userSeq = 0;
/** A fresh OA-scoped user id above 2^53, unique per call. */
export const newZaloUserId = () => `84173472859${String(61289123 + 7919 * userSeq++).padStart(8, '0')}`;
