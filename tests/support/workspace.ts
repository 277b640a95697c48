/**
 * Helpers for the officer-workspace tests: units and accounts of the test's
 * own, signing in over HTTP, and reports made through the real intake path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { messages, units } from '../../src/db/schema/index.js';
import type { Media } from '../../src/channels/types.js';
import type { Role } from '../../src/modules/auth/auth.types.js';
import { createAccount } from '../../src/modules/auth/users.service.js';
import { processInboundEvent } from '../../src/modules/intake/intake.service.js';
import type { TestHub } from './context.js';
import { waitFor } from './wait.js';

export const PASSWORD = 'mat-khau-thu-nghiem';

export async function addUnit(db: Db, u: { parentId: number; kind: 'district' | 'commune' | 'department'; name: string; smsCode: string }): Promise<{ id: number; path: string }> {
  const [parent] = await db.select({ path: units.path }).from(units).where(eq(units.id, u.parentId));
  const [row] = await db.insert(units).values({ ...u, path: '' }).returning({ id: units.id });
  const p = `${parent!.path}${row!.id}/`;
  await db.update(units).set({ path: p }).where(eq(units.id, row!.id));
  return { id: row!.id, path: p };
}

export async function addUser(db: Db, a: { username: string; role: Role; unitId: number; canReveal?: boolean; displayName?: string }): Promise<number> {
  const acc = await createAccount(db, {
    username: a.username, displayName: a.displayName ?? a.username, password: PASSWORD, role: a.role, unitId: a.unitId, canReveal: a.canReveal ?? false,
  }, null);
  return acc.id;
}

export interface Session {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  /** "caunoi.sid=…" for socket handshakes. */
  cookie: string;
  userId: number;
}

export async function signIn(app: Express, username: string, password = PASSWORD): Promise<Session> {
  const agent = request.agent(app);
  const res = await agent.post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('caunoi.sid='))!;
  return { agent, csrf: res.body.csrfToken as string, cookie, userId: res.body.user.id as number };
}

const PIXEL = fs.readFileSync(path.resolve('tests/fixtures/web/pixel.png'));

export interface ReportSpec {
  unitCode: string;
  text?: string;
  channel?: 'web' | 'sms' | 'zalo';
  phone?: string;
  name?: string;
  photo?: boolean;
  category?: string;
}

/** A citizen report through the durable inbox and the intake service, as a worker would process it. */
export async function makeReport(hub: TestHub, spec: ReportSpec): Promise<{ id: number; code: string }> {
  const channel = spec.channel ?? 'web';
  const media: Media[] = [];
  if (spec.photo) {
    const stored = await hub.ctx.files.put(PIXEL, 'png');
    media.push({ kind: 'image', storageKey: stored.key, mime: 'image/png', size: stored.size, sha256: stored.sha256 });
  }
  const externalId = channel === 'zalo' ? `zalo-${randomUUID()}` : spec.phone;
  const accepted = await hub.ctx.inbox.accept({
    channel, provider: channel, withTrackingCode: true,
    event: {
      type: 'message', externalId: randomUUID(), from: { externalId, phone: spec.phone, name: spec.name },
      text: spec.text ?? `Phản ánh thử nghiệm ${randomUUID()}`, media, receivedAt: new Date().toISOString(),
      unitCode: spec.unitCode, categoryCode: spec.category ?? 'khac',
      ...(channel === 'web' ? { consent: { at: new Date().toISOString(), version: '2026-01' } } : {}),
    },
  });
  const reportId = await intakeNow(hub, accepted.eventId);
  return { id: reportId, code: accepted.trackingCode ?? '' };
}

export interface TestSocket {
  socket: ClientSocket;
  /** Every event received, in order. */
  events: { event: string; data: Record<string, unknown> }[];
  subscribe(reportId: number): Promise<{ ok: boolean; error?: string }>;
  close(): void;
}

/** A socket.io client signed in with `cookie`; resolves once the server has joined its rooms. */
export async function connectSocket(port: number, cookie: string | undefined): Promise<TestSocket> {
  const socket = connectClient(`http://127.0.0.1:${port}`, {
    transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: cookie ? { cookie } : {},
  });
  const events: TestSocket['events'] = [];
  socket.onAny((event: string, data: Record<string, unknown>) => events.push({ event, data }));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', (err: Error) => reject(err));
  });
  return {
    socket, events,
    subscribe: (reportId) => socket.timeout(10_000).emitWithAck('subscribe:report', reportId),
    close: () => { socket.disconnect(); },
  };
}

/**
 * Run intake for an accepted event now and give its report. In a hub whose workers run, the
 * intake job may have taken the event first (and published its events): then use its report.
 */
export async function intakeNow(hub: TestHub, eventId: number, opts: { publish?: boolean } = {}): Promise<number> {
  const effects = await processInboundEvent(hub.ctx.database.db, eventId);
  if (effects.reportId) {
    if (opts.publish !== false) hub.ctx.publisher.publish(effects.realtime);
    return effects.reportId;
  }
  return waitFor(async () => {
    const [m] = await hub.ctx.database.db.select({ reportId: messages.reportId }).from(messages).where(eq(messages.inboundEventId, eventId));
    return m?.reportId ?? null;
  }, { what: 'the report intake made' });
}
