/**
 * Commands to sockets on every api instance, sent through the same Redis
 * channel as events (the socket.io adapter's request channel): disconnect a
 * revoked session or user, make every socket leave a report's room after the
 * report moves to another unit (they must subscribe again, passing the scope
 * check again).
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { logger } from '../lib/logger.js';
import { SOCKET_KEY } from './emitter.js';
import { reportRoom, userRoom } from './rooms.js';

/** Room of one login session: its Redis key's hash part, never the cookie value. */
export const sessionRoom = (sessionKey: string) => `session:${sessionKey.slice(sessionKey.lastIndexOf(':') + 1)}`;

export interface SocketControl {
  disconnectUser(userId: number): void;
  disconnectSession(sessionKey: string): void;
  leaveReportRoom(reportId: number): void;
}

export function createSocketControl(redis: Redis, prefix: string): SocketControl {
  const safeClient = {
    publish: (channel: string, msg: string | Buffer) =>
      redis.publish(channel, msg).catch((err: Error) => logger.warn({ err: err.message }, 'socket control publish dropped')),
  };
  const emitter = new Emitter(safeClient, { key: SOCKET_KEY(prefix) });
  const guard = (what: string, fn: () => void) => {
    try { fn(); } catch (err) { logger.warn({ what, err: (err as Error).message }, 'socket control failed'); }
  };
  return {
    disconnectUser: (userId) => guard('disconnectUser', () => emitter.in(userRoom(userId)).disconnectSockets(true)),
    disconnectSession: (key) => guard('disconnectSession', () => emitter.in(sessionRoom(key)).disconnectSockets(true)),
    leaveReportRoom: (reportId) => guard('leaveReportRoom', () => emitter.in(reportRoom(reportId)).socketsLeave(reportRoom(reportId))),
  };
}
