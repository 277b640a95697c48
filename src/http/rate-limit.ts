/**
 * Per-client rate limits shared by every api instance through Redis. If Redis
 * is unreachable the limiter lets requests through: refusing citizens because
 * a counter is down would be worse than a burst.
 */
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Redis } from 'ioredis';
import { logger } from '../lib/logger.js';

export function limiter(args: { redis: Redis; prefix: string; name: string; limit: number; windowMs: number }): RateLimitRequestHandler {
  return rateLimit({
    windowMs: args.windowMs,
    limit: args.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    // Redis outages are logged once by the connection (src/lib/redis.ts); per-request store errors only at debug.
    logger: { warn: (...a: unknown[]) => logger.debug({ detail: String(a[1] ?? a[0]) }, 'rate limiter'), error: (...a: unknown[]) => logger.debug({ detail: String(a[1] ?? a[0]) }, 'rate limiter store error') },
    store: new RedisStore({
      prefix: `${args.prefix}:rl:${args.name}:`,
      // While Redis is away (reconnecting), fail at once and pass the request instead
      // of holding it for the command timeout; the first connection may be waited for.
      sendCommand: (command: string, ...rest: string[]) => (args.redis.status === 'reconnecting' || args.redis.status === 'end'
        ? Promise.reject(new Error('redis not ready'))
        : args.redis.call(command, ...rest) as Promise<RedisReply>),
    }),
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'rate_limited', message: 'Bạn gửi quá nhiều, vui lòng thử lại sau ít phút / Too many requests, please try again in a few minutes' } });
    },
  });
}
