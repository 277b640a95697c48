/**
 * Publishes realtime events from any process (api or worker) through Redis;
 * every api instance's socket.io Redis adapter relays them to its sockets.
 * Events carry ids and display-safe fields only: no phone numbers, no names.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { createRedis } from '../lib/redis.js';
import { logger } from '../lib/logger.js';
import { roomsFor, type RealtimeEvent } from './rooms.js';

export interface Publisher {
  publish(events: readonly RealtimeEvent[]): void;
  close(): Promise<void>;
}

export const SOCKET_KEY = (prefix: string) => `${prefix}-socket.io`;

export function createPublisher(redisUrl: string, prefix: string): Publisher {
  const redis: Redis = createRedis(redisUrl, 'producer', 'emitter');
  // The emitter fires publish() without awaiting it; a Redis outage must not
  // become an unhandled rejection, so hand it a client whose publish is caught.
  const safeClient = {
    publish: (channel: string, msg: string | Buffer) =>
      redis.publish(channel, msg).catch((err: Error) => logger.debug({ err: err.message }, 'realtime publish dropped')),
  };
  const emitter = new Emitter(safeClient, { key: SOCKET_KEY(prefix) });
  return {
    publish(events) {
      for (const e of events) {
        try {
          emitter.to(roomsFor(e)).emit(e.event, { reportId: e.reportId, ...e.data });
        } catch (err) {
          logger.warn({ event: e.event, err: (err as Error).message }, 'realtime publish failed');
        }
      }
    },
    async close() { redis.disconnect(); },
  };
}
