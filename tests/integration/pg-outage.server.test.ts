/**
 * PostgreSQL goes away: submissions are spooled to local disk and still
 * acknowledged; when the database returns they are replayed and routed, none
 * lost, none doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, inArray } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { inboundEvents, reports } from '../../src/db/schema/index.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { validReport } from '../support/hub-helpers.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

let proxy: TcpProxy;
let hub: TestHub;
let built: BuiltApp;
let workers: WorkerRuntime;

beforeAll(async () => {
  proxy = await startTcpProxy(5432);
  hub = await createTestHub({}, {
    mode: 'server',
    databaseUrlFor: (url) => { const u = new URL(url); u.port = String(proxy.port); return u.toString(); },
  });
  built = buildApp(hub.ctx);
  workers = startWorkers(hub.ctx);
});
afterAll(async () => {
  await workers?.close();
  await built?.close();
  await hub?.close();
  await proxy?.close();
});

describe('a PostgreSQL outage', () => {
  it('spools submissions to disk, acknowledges them, and routes each exactly once when the database returns', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await request(built.app).post('/api/public/reports').send(validReport()).expect(201)).body.code);

    proxy.cut();
    for (let i = 0; i < 8; i++) {
      const res = await request(built.app).post('/api/public/reports')
        .send(validReport({ description: `Gửi khi mất kết nối cơ sở dữ liệu, lần ${i}`, submissionId: `outage-${i}-abcdef` })).expect(201);
      codes.push(res.body.code);
    }
    // The same submission retried by a citizen on a weak network while the database is away.
    await request(built.app).post('/api/public/reports').send(validReport({ description: 'Gửi khi mất kết nối cơ sở dữ liệu, lần 0', submissionId: 'outage-0-abcdef' })).expect(201);
    expect((await hub.ctx.inbox['spool']!.pending()).length).toBeGreaterThan(0);

    proxy.restore();
    const db = hub.ctx.database.db;
    await waitFor(async () => (await db.select({ code: reports.code }).from(reports).where(inArray(reports.code, codes))).length === codes.length,
      { timeout: 40_000, what: 'every acknowledged report routed' });
    const [events] = await db.select({ n: count() }).from(inboundEvents);
    expect(Number(events!.n)).toBe(codes.length);
    expect(await hub.ctx.inbox['spool']!.pending()).toHaveLength(0);
  });
});
