/**
 * Login throttling in Redis, shared by every api instance. Failures are
 * counted per client IP and per username (whether or not the account exists,
 * so a lockout answer does not reveal which usernames are real). Keys hold a
 * hash, not the IP or the username.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export const LOGIN_WINDOW_S = 15 * 60;
/** Failures for one username within the window before it is locked. */
export const MAX_USER_FAILURES = 5;
/** Failures from one IP within the window (an office NAT shares one IP). */
export const MAX_IP_FAILURES = 30;
export const LOCK_MINUTES = LOGIN_WINDOW_S / 60;

export type ThrottleVerdict = 'ok' | 'ip_limited' | 'locked';

export interface LoginThrottle {
  check(args: { ip: string; username: string }): Promise<ThrottleVerdict>;
  /** Count a failure; returns the username's failure count in the window. */
  fail(args: { ip: string; username: string }): Promise<number>;
  clear(username: string): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export function createLoginThrottle(args: { redis: Redis; prefix: string }): LoginThrottle {
  const { redis } = args;
  const ipKey = (ip: string) => `${args.prefix}:login:ip:${digest(ip)}`;
  const userKey = (u: string) => `${args.prefix}:login:user:${digest(u.toLowerCase())}`;
  const bump = async (key: string): Promise<number> => {
    const res = await redis.multi().incr(key).expire(key, LOGIN_WINDOW_S, 'NX').exec();
    const n = res?.[0]?.[1];
    return typeof n === 'number' ? n : 0;
  };
  return {
    async check({ ip, username }) {
      const [ipCount, userCount] = await redis.mget(ipKey(ip), userKey(username));
      if (Number(ipCount ?? 0) >= MAX_IP_FAILURES) return 'ip_limited';
      if (Number(userCount ?? 0) >= MAX_USER_FAILURES) return 'locked';
      return 'ok';
    },
    async fail({ ip, username }) {
      const [, n] = await Promise.all([bump(ipKey(ip)), bump(userKey(username))]);
      return n;
    },
    async clear(username) {
      await redis.del(userKey(username));
    },
  };
}
