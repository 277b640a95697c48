/**
 * A hub wired to one fake SMS gateway: the app listening on 127.0.0.1 with
 * PUBLIC_BASE_URL set to that address (so eSMS delivery reports and Twilio
 * status callbacks come back to it, and Twilio signatures are computed over the
 * URL the fake was given), and the workers running.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq } from 'drizzle-orm';
import type { Express } from 'express';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { contactIdentities, messages, reports } from '../../src/db/schema/index.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { createTestHub, type TestHub } from './context.js';
import { waitFor } from './wait.js';
import type { FakeEsms, FakeSpeedSms, FakeTwilio, SentSms } from '../fakes/sms-gateways.js';

export type AnyFakeSms = FakeEsms | FakeSpeedSms | FakeTwilio;

export interface SmsHub<F extends AnyFakeSms | null> {
  hub: TestHub;
  fake: F;
  app: Express;
  /** Our api, e.g. http://127.0.0.1:40123 */
  url: string;
  token: string;
  close(): Promise<void>;
}

export const WEBHOOK_TOKEN = 'test-webhook-token-7f3a9c';

export async function startSmsHub<F extends AnyFakeSms | null>(fake: F, env: Record<string, string> = {}): Promise<SmsHub<F>> {
  let handler: http.RequestListener = (_req, res) => { res.writeHead(503).end(); };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Quiet hours off unless a test turns them on with its own clock: the suite must not depend on the time of day.
  const hub = await createTestHub({ PUBLIC_BASE_URL: url, SMS_WEBHOOK_TOKEN: WEBHOOK_TOKEN, QUIET_HOURS: 'off', ...(fake ? fake.env() : {}), ...env });
  const built: BuiltApp = buildApp(hub.ctx);
  handler = built.app;
  const workers: WorkerRuntime = startWorkers(hub.ctx);
  return {
    hub, fake, app: built.app, url, token: WEBHOOK_TOKEN,
    async close() {
      await workers.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await built.close();
      await hub.close();
      await fake?.close();
    },
  };
}

let seq = 0;
/** A fresh Vietnamese mobile number per call: { e164, national (0…), intl (84…) }. */
export function newPhone() {
  const nsn = `91${String(Math.floor(Math.random() * 90_000) * 100 + (seq++ % 100)).padStart(7, '0')}`;
  return { e164: `+84${nsn}`, national: `0${nsn}`, intl: `84${nsn}` };
}

/** The newest report of the contact behind this SMS number, once intake has run. */
export async function waitForSmsReport(hub: TestHub, e164: string, opts: { not?: number[] } = {}) {
  const db = hub.ctx.database.db;
  return waitFor(async () => {
    const rows = await db.select({ report: reports }).from(reports)
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, reports.contactId))
      .where(and(eq(contactIdentities.channel, 'sms'), eq(contactIdentities.externalId, e164)))
      .orderBy(desc(reports.id));
    return rows.map((r) => r.report).find((r) => !(opts.not ?? []).includes(r.id));
  }, { what: `report from ${e164}` });
}

/** Outbound SMS rows of a report (or of a contact's number when it has none). */
export async function outboundOf(hub: TestHub, reportId: number) {
  return hub.ctx.database.db.select().from(messages)
    .where(and(eq(messages.reportId, reportId), eq(messages.direction, 'out'))).orderBy(messages.id);
}

/** The first SMS the fake accepted for this recipient (as the gateway saw the number). */
export function waitForSms(fake: AnyFakeSms, to: string, what = `SMS to ${to}`, nth = 0): Promise<SentSms> {
  return waitFor(() => fake.sent.filter((s) => s.to === to)[nth], { what });
}

export async function waitForMessageStatus(hub: TestHub, id: number, status: string) {
  return waitFor(async () => {
    const [m] = await hub.ctx.database.db.select().from(messages).where(eq(messages.id, id));
    return m?.status === status ? m : undefined;
  }, { what: `message ${id} ${status}` });
}
