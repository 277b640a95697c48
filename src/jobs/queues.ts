/**
 * Producer side of BullMQ. One Queue per name, sharing one fail-fast connection.
 * `enqueue` never throws into a request: losing Redis must not lose an
 * acknowledged event, because the reconciler re-enqueues from PostgreSQL.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../lib/redis.js';
import { logger } from '../lib/logger.js';
import { QUEUE_NAMES, type JobDefinition, type QueueName } from './definitions.js';

export class Queues {
  readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(readonly redisUrl: string, readonly prefix: string) {
    this.connection = createRedis(redisUrl, 'producer', 'queues');
    for (const name of QUEUE_NAMES) this.queues.set(name, this.open(name));
  }

  private open(name: QueueName): Queue {
    const queue = new Queue(name, { connection: this.connection, prefix: this.prefix, skipWaitingForReady: true });
    // Connection errors are logged once by the connection itself; without a listener BullMQ prints each one.
    queue.on('error', () => undefined);
    return queue;
  }

  /**
   * BullMQ keeps the outcome of a Queue's initialisation (its INFO version check):
   * if that timed out — Redis unreachable, or the event loop blocked at start-up —
   * every later call fails with the same error, for ever. Replace such a queue
   * (the connection is shared and stays open).
   */
  private async renewIfBroken(name: QueueName): Promise<boolean> {
    const q = this.queues.get(name);
    if (!q) return false;
    const broken = await q.waitUntilReady().then(() => false, () => true);
    if (!broken) return false;
    if (this.queues.get(name) === q) {
      this.queues.set(name, this.open(name));
      void q.close().catch(() => undefined);
    }
    return true;
  }

  queue(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`unknown queue ${name}`);
    return q;
  }

  /**
   * Add jobs; returns false (and logs) when Redis cannot take them now.
   * `priority` (BullMQ: lower first, and jobs without one before any prioritised
   * job): notices send with one so that replies to citizens are not stuck behind them.
   */
  async enqueue<P>(def: JobDefinition<P>, payloads: readonly P[], opts: { delay?: number; priority?: number } = {}): Promise<boolean> {
    if (payloads.length === 0) return true;
    // While reconnecting after an outage, fail at once; a first connection still being made may be waited for.
    if (this.connection.status === 'reconnecting' || this.connection.status === 'end' || this.connection.status === 'close') {
      logger.warn({ queue: def.queue, count: payloads.length }, 'redis not ready; reconciler will enqueue');
      return false;
    }
    const jobs = payloads.map((p) => ({
      name: def.name,
      data: def.payload.parse(p),
      opts: { ...def.options, ...opts, jobId: def.jobId(p) },
    }));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.queue(def.queue).addBulk(jobs);
        return true;
      } catch (err) {
        // A queue broken by a failed start-up check is replaced, and the add tried once more on it.
        const renewed = await this.renewIfBroken(def.queue);
        if (renewed && attempt === 0) continue;
        logger.warn({ queue: def.queue, count: payloads.length, err: (err as Error).message }, 'enqueue failed; reconciler will retry');
        return false;
      }
    }
  }

  async close(): Promise<void> {
    await Promise.race([
      Promise.allSettled([...this.queues.values()].map((q) => q.close())),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
    this.connection.disconnect();
  }
}
