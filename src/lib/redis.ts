/**
 * Redis connections. Workers use `maxRetriesPerRequest: null` (BullMQ's
 * production guide) so blocking commands survive reconnects; producers on the
 * request path fail fast instead (one retry, a command timeout), because a
 * webhook is acknowledged once PostgreSQL has it and the reconciler enqueues later.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { logger } from './logger.js';

export type RedisRole = 'worker' | 'producer' | 'general';

export function createRedis(url: string, role: RedisRole, name: string = role): Redis {
  const opts: RedisOptions = {
    connectionName: `caunoi-${name}`,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(200 + times * 200, 2000),
    reconnectOnError: () => true,
  };
  if (role === 'worker') opts.maxRetriesPerRequest = null;
  if (role === 'producer') {
    // Request-path clients (enqueue, rate limits, realtime): wait briefly for a
    // reconnect, then give up rather than hold a citizen's request.
    opts.maxRetriesPerRequest = 1;
    opts.commandTimeout = 1500;
  }
  const client = new Redis(url, opts);
  let warned = false;
  client.on('error', (err: Error) => {
    if (!warned) logger.warn({ role: name, err: err.message }, 'redis connection error');
    warned = true;
  });
  client.on('ready', () => {
    if (warned) logger.info({ role: name }, 'redis connection restored');
    warned = false;
  });
  return client;
}
