/**
 * Runs the BullMQ workers of this process, the reconciler loop and a watchdog.
 *
 * The watchdog exists because a BullMQ worker can stay stuck after a Redis
 * outage (the blocking connection never resumes fetching). It pings Redis on
 * its own connection; after any outage it replaces every worker with a fresh
 * one, and at any time it replaces a worker that leaves jobs waiting without
 * taking any for a while.
 */
import { Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../src/context.js';
import { QUEUE_NAMES, type QueueName } from '../src/jobs/definitions.js';
import { createRedis } from '../src/lib/redis.js';
import { logger } from '../src/lib/logger.js';
import { processorFor, workerOptionsFor } from './processors.js';
import { refreshAllRollups } from '../src/modules/stats/rollup.js';
import { reconcileOnce } from './reconciler.js';

export interface WorkerRuntime {
  close(): Promise<void>;
  /** How many times the watchdog replaced workers (for tests and /metrics). */
  restarts(): number;
}

const CONCURRENCY: Record<QueueName, number> = { intake: 8, outbound: 8, attachments: 4, 'outbound-sms': 4, 'outbound-zalo': 8, sla: 4, notices: 8, 'notices-zns': 4 };
const WATCH_MS = 2000;
const STUCK_MS = 15_000;

interface Slot { name: QueueName; worker: Worker; conn: Redis; lastActivity: number; running: number }

/**
 * Jobs that a worker of this queue should be taking now: waiting ones, and
 * prioritised ones — BullMQ keeps those in a separate set that its waiting
 * count leaves out, and the notices' sends are all prioritised. None while a
 * rate limiter holds the queue back (the outbound queues wait on purpose), nor
 * for delayed jobs.
 */
export async function jobsLeftWaiting(queue: Queue): Promise<number> {
  const waiting = await queue.getJobCountByTypes('waiting', 'prioritized');
  if (waiting === 0) return 0;
  return (await queue.getRateLimitTtl()) > 0 ? 0 : waiting;
}

export function startWorkers(ctx: AppContext, opts: { queues?: QueueName[] } = {}): WorkerRuntime {
  const names = (opts.queues ?? [...QUEUE_NAMES]).filter((n) => processorFor(n));
  const slots = new Map<QueueName, Slot>();
  let restartCount = 0;
  let closed = false;

  const spawn = (name: QueueName): Slot => {
    const conn = createRedis(ctx.env.REDIS_URL, 'worker', `worker-${name}`);
    const processor = processorFor(name)!;
    const slot: Slot = { name, conn, lastActivity: Date.now(), running: 0, worker: undefined as unknown as Worker };
    slot.worker = new Worker(name, async (job: Job) => {
      slot.lastActivity = Date.now();
      slot.running++;
      try { return await processor(ctx, job); } finally { slot.running--; }
    }, {
      connection: conn, prefix: ctx.env.QUEUE_PREFIX, concurrency: CONCURRENCY[name],
      lockDuration: ctx.env.JOB_LOCK_MS, stalledInterval: Math.max(1000, Math.floor(ctx.env.JOB_LOCK_MS / 2)),
      maxStalledCount: 5,
      ...workerOptionsFor(ctx, name),
    });
    slot.worker.on('error', (err) => logger.warn({ queue: name, err: err.message }, 'worker error'));
    slot.worker.on('failed', (job, err) => logger.warn({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
    slot.worker.on('completed', () => { slot.lastActivity = Date.now(); });
    return slot;
  };
  for (const n of names) slots.set(n, spawn(n));

  const replace = async (name: QueueName, why: string) => {
    const old = slots.get(name);
    if (!old || closed) return;
    logger.warn({ queue: name, why }, 'replacing worker');
    restartCount++;
    slots.set(name, spawn(name));
    await Promise.race([old.worker.close(true).catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
    old.conn.disconnect();
  };

  const pinger = createRedis(ctx.env.REDIS_URL, 'producer', 'watchdog');
  let redisWasDown = false;
  const watch = async () => {
    let up = false;
    try { up = (await pinger.ping()) === 'PONG'; } catch { up = false; }
    if (!up) { redisWasDown = true; return; }
    if (redisWasDown) {
      redisWasDown = false;
      for (const n of names) await replace(n, 'redis recovered');
      return;
    }
    for (const n of names) {
      const slot = slots.get(n)!;
      if (Date.now() - slot.lastActivity < STUCK_MS) continue;
      // Every slot busy with a slow job (a provider taking its time) is not a worker that takes none.
      if (slot.running >= CONCURRENCY[n]) continue;
      const waiting = await jobsLeftWaiting(ctx.queues.queue(n)).catch(() => 0);
      if (waiting > 0) await replace(n, 'jobs waiting but none taken');
      else slot.lastActivity = Date.now();
    }
  };

  let reconciling = false;
  const reconcile = async () => {
    if (reconciling) return;
    reconciling = true;
    try { await reconcileOnce(ctx); } catch (err) { logger.warn({ err: (err as Error).message }, 'reconcile failed'); } finally { reconciling = false; }
  };
  void reconcile();
  // Statistics rollups: recompute the (week, unit) pairs changed since the last round; a bounded slice
  // of work per round, so a first build over years of reports never holds the worker for long.
  let refreshing = false;
  const refresh = async () => {
    if (refreshing || closed) return;
    refreshing = true;
    try { await refreshAllRollups(ctx.database, 10_000); } catch (err) { logger.warn({ err: (err as Error).message }, 'statistics rollup refresh failed'); } finally { refreshing = false; }
  };
  const timers = [
    setInterval(() => void refresh(), ctx.env.ROLLUP_INTERVAL_S * 1000),
    setInterval(() => void watch().catch(() => undefined), WATCH_MS),
    setInterval(() => void reconcile(), ctx.env.RECONCILE_INTERVAL_S * 1000),
  ];

  return {
    restarts: () => restartCount,
    async close() {
      closed = true;
      for (const t of timers) clearInterval(t);
      // A worker whose Redis is gone can wait forever for its blocking call: bound the wait, then force.
      await Promise.allSettled([...slots.values()].map(async (s) => {
        await Promise.race([s.worker.close(), new Promise((r) => setTimeout(r, 5000))]);
        s.conn.disconnect();
      }));
      pinger.disconnect();
    },
  };
}
