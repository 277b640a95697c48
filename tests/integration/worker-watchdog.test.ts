/**
 * The workers' watchdog (workers/runtime.ts) replaces a worker that leaves
 * jobs waiting without taking any. What it counts as waiting: plain waiting
 * jobs and prioritised ones (BullMQ keeps those in their own set, and every
 * notice send is prioritised), never delayed jobs nor jobs a rate limiter
 * holds back.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsLeftWaiting } from '../../workers/runtime.js';
import { clearPrefix } from '../support/context.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `t${randomBytes(4).toString('hex')}`;
let queue: Queue;

beforeAll(async () => {
  queue = new Queue('watchdog', { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  await queue.waitUntilReady();
});
afterAll(async () => {
  await queue?.close();
  await clearPrefix(REDIS_URL, prefix);
});

describe('watchdog: jobs a worker should be taking', () => {
  it('counts prioritised jobs as well as plain waiting ones, not delayed ones', async () => {
    expect(await jobsLeftWaiting(queue)).toBe(0);
    await queue.add('later', {}, { delay: 60_000 });
    expect(await jobsLeftWaiting(queue)).toBe(0);
    await queue.addBulk([1, 2, 3].map((i) => ({ name: 'notice-send', data: { i }, opts: { priority: 10 } })));
    expect(await queue.getWaitingCount()).toBe(0); // what the watchdog used to look at
    expect(await jobsLeftWaiting(queue)).toBe(3);
    await queue.add('reply', {});
    expect(await jobsLeftWaiting(queue)).toBe(4);
  });

  it('does not count jobs held back by the rate limiter', async () => {
    await queue.rateLimit(30_000);
    expect(await jobsLeftWaiting(queue)).toBe(0);
    await queue.removeRateLimitKey();
    expect(await jobsLeftWaiting(queue)).toBe(4);
  });
});
