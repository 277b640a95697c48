/**
 * SLA timers live in Redis only as pointers: when Redis loses every key, the
 * sweeper re-arms them from report_sla. Runs its own redis-server so it can
 * FLUSHALL without touching other tests.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { slaJobs } from '../../src/jobs/definitions.js';
import { startLocalRedis } from '../../src/lib/local-redis.js';
import { armDueTimers } from '../../src/modules/sla/timers.js';
import { startWorkers } from '../../workers/runtime.js';
import { createTestHub } from '../support/context.js';
import { DAY, eventTypes, reportAt, slaRow } from '../support/sla.js';
import { waitFor } from '../support/wait.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

describe('Redis loses every key', () => {
  it('the sweeper re-arms the lost timers, delayed ones with their delay, and the overdue one fires', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-redis-'));
    const redis = await startLocalRedis({ dir, appendOnly: false });
    cleanups.push(async () => { await redis.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
    const hub = await createTestHub({ REDIS_URL: redis.url });
    cleanups.push(() => hub.close());
    const raw = new Redis(redis.url);
    cleanups.push(async () => raw.disconnect());
    const queue = hub.ctx.queues.queue('sla');
    // The producer connects lazily; an enqueue before it is ready is left to the next sweep.
    await waitFor(() => hub.ctx.queues.connection.status === 'ready', { what: 'redis connection' });

    const overdue = await reportAt(hub, { unitCode: 'TRAPHU', category: 'thien-tai', receivedAt: new Date(Date.now() - 3 * DAY) });
    const later = await reportAt(hub, { unitCode: 'TRABINH', category: 'khac', receivedAt: new Date() });
    const laterDue = (await slaRow(hub, later.id)).dueAt!;
    // An injected clock 5 minutes before the later report's deadline: its breach timer is within the lookahead.
    const clock = new Date(laterDue.getTime() - 5 * 60_000);
    const overdueJob = slaJobs.breach.jobId({ reportId: overdue.id, version: 1 });
    const laterJob = slaJobs.breach.jobId({ reportId: later.id, version: 1 });

    expect(await armDueTimers(hub.ctx, clock)).toBeGreaterThanOrEqual(2);
    expect(await (await queue.getJob(laterJob))?.getState()).toBe('delayed');
    expect(await queue.getJob(overdueJob)).toBeTruthy();

    await raw.flushall();
    expect(await queue.getJob(laterJob)).toBeUndefined();
    expect(await queue.getJob(overdueJob)).toBeUndefined();

    await armDueTimers(hub.ctx, clock);
    const rearmed = await queue.getJob(laterJob);
    expect(await rearmed?.getState()).toBe('delayed');
    expect(rearmed?.opts.delay).toBe(5 * 60_000);

    await raw.flushall();
    // The workers' reconciler runs the same sweep on the real clock: the overdue report's timer is re-armed and fires.
    const workers = startWorkers(hub.ctx);
    cleanups.push(() => workers.close());
    await waitFor(async () => (await eventTypes(hub, overdue.id)).includes('sla_breached'), { timeout: 30_000, what: 'breach after the flush' });
    expect(await eventTypes(hub, later.id)).not.toContain('sla_breached');
  });
});
