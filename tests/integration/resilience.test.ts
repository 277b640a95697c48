/**
 * Nothing acknowledged is lost when Redis loses its keys or goes away: every
 * submission answered 2xx ends as a routed report. These tests run their own
 * redis-server so they can wipe and kill it without touching other tests.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { reports } from '../../src/db/schema/index.js';
import { startLocalRedis, type LocalRedis } from '../../src/lib/local-redis.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { validReport } from '../support/hub-helpers.js';
import { waitFor } from '../support/wait.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

async function privateRedis(port?: number): Promise<LocalRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-redis-'));
  const r = await startLocalRedis({ dir, port, appendOnly: false });
  cleanups.push(async () => { await r.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
  return r;
}

async function hubOn(redisUrl: string): Promise<{ hub: TestHub; built: BuiltApp }> {
  const hub = await createTestHub({ REDIS_URL: redisUrl });
  const built = buildApp(hub.ctx);
  cleanups.push(() => hub.close(), () => built.close());
  return { hub, built };
}

async function routedCount(hub: TestHub, codes: string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const rows = await hub.ctx.database.db.select({ code: reports.code }).from(reports).where(inArray(reports.code, codes));
  return rows.length;
}

describe('Redis loses every key', () => {
  it('after FLUSHALL with events still pending, the reconciler finishes them all', async () => {
    const redis = await privateRedis();
    const { hub, built } = await hubOn(redis.url);
    const codes: string[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await request(built.app).post('/api/public/reports').send(validReport({ description: `Phản ánh số ${i}: cống thoát nước bị tắc` })).expect(201);
      codes.push(res.body.code);
    }
    const raw = new Redis(redis.url);
    cleanups.push(async () => raw.disconnect());
    // Jobs are in Redis (the enqueue after commit may still be landing for some; the reconciler covers those too).
    await waitFor(async () => (await hub.ctx.queues.queue('intake').getWaitingCount()) > 0, { timeout: 30_000, what: 'waiting jobs' });
    await raw.flushall();
    expect(await hub.ctx.queues.queue('intake').getWaitingCount()).toBe(0);

    const workers: WorkerRuntime = startWorkers(hub.ctx);
    cleanups.push(() => workers.close());
    await waitFor(async () => (await routedCount(hub, codes)) === 15, { timeout: 45_000, what: 'all reports routed' });
  });
});

describe('Redis is killed and restarted while reports keep arriving', () => {
  it('keeps accepting, the workers recover by themselves, and every accepted report is routed', async () => {
    const redis = await privateRedis();
    const { hub, built } = await hubOn(redis.url);
    const workers = startWorkers(hub.ctx);
    cleanups.push(() => workers.close());

    const codes: string[] = [];
    const statuses: number[] = [];
    let stop = false;
    const sender = (async () => {
      for (let i = 0; !stop && i < 400; i++) {
        const res = await request(built.app).post('/api/public/reports').send(validReport({ description: `Báo cáo liên tục số ${i} về đường hỏng` }));
        statuses.push(res.status);
        if (res.status === 201) codes.push(res.body.code);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    await waitFor(async () => (await routedCount(hub, codes)) >= 5, { what: 'first reports routed' });
    redis.process.kill('SIGKILL');
    await waitFor(() => redis.process.exitCode !== null || redis.process.signalCode !== null, { what: 'redis down' });
    const sentDuringOutage = codes.length;
    await waitFor(() => codes.length >= sentDuringOutage + 10, { what: 'submissions accepted while Redis is down' });
    // Same port, nothing persisted: Redis comes back empty.
    const again = await startLocalRedis({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-redis-')), port: redis.port, appendOnly: false });
    cleanups.push(() => again.stop());
    const restartedAt = codes.length;
    await waitFor(() => codes.length >= restartedAt + 10, { what: 'submissions after restart' });
    stop = true;
    await sender;

    expect(statuses.every((s) => s === 201)).toBe(true);
    await waitFor(async () => (await routedCount(hub, codes)) === codes.length, { timeout: 30_000, what: 'every accepted report routed' });
  });
});

describe('rate limit', () => {
  it('refuses a client that submits too often with a clear message', async () => {
    const hub = await createTestHub({ PUBLIC_RATE_LIMIT: '3' });
    const built = buildApp(hub.ctx);
    cleanups.push(() => hub.close(), () => built.close());
    for (let i = 0; i < 3; i++) await request(built.app).post('/api/public/reports').send(validReport()).expect(201);
    const res = await request(built.app).post('/api/public/reports').send(validReport()).expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.body.error.message).toContain('vui lòng thử lại');
  });
});
