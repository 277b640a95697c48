/**
 * Server-side sessions in Redis (DESIGN.md: cookie `caunoi.sid`). The cookie
 * carries 32 random bytes; Redis is keyed by an HMAC of it, so a copy of Redis
 * does not hold usable cookies. The value is ids only — user id, CSRF token,
 * epoch — never personal data. Idle expiry slides on every use (GETEX); an
 * absolute age bounds a session that is used all day, every day.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { SessionData } from './auth.types.js';

export const SESSION_COOKIE = 'caunoi.sid';
/** Idle lifetime: a working day with a long lunch. */
export const SESSION_IDLE_S = 10 * 3600;
/** Absolute lifetime, whatever the activity. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

const sessionSchema = z.object({
  userId: z.number().int().positive(),
  csrf: z.string().min(32),
  epoch: z.number().int().min(0),
  createdAt: z.number().int().positive(),
});

export interface SessionStore {
  /** New session for a user; returns the cookie value and the stored data. */
  create(args: { userId: number; epoch: number }): Promise<{ sid: string; key: string; data: SessionData }>;
  /** Session for a cookie value, refreshing its idle expiry; null if absent, malformed or too old. */
  get(sid: string): Promise<{ key: string; data: SessionData } | null>;
  /** Session by its key without refreshing it (sockets re-check sessions; an open tab is not activity). */
  peek(key: string): Promise<SessionData | null>;
  destroy(key: string): Promise<void>;
  keyOf(sid: string): string;
}

const SID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createSessionStore(args: { redis: Redis; prefix: string; secret?: string }): SessionStore {
  const { redis } = args;
  const keyOf = (sid: string) => `${args.prefix}:sess:${createHmac('sha256', args.secret ?? 'caunoi-session').update(sid).digest('hex')}`;
  const check = async (key: string, raw: string | null): Promise<SessionData | null> => {
    if (!raw) return null;
    const parsed = sessionSchema.safeParse(safeJson(raw));
    if (!parsed.success || Date.now() - parsed.data.createdAt > SESSION_MAX_AGE_MS) {
      await redis.del(key);
      return null;
    }
    return parsed.data;
  };
  return {
    keyOf,
    async create({ userId, epoch }) {
      const sid = randomBytes(32).toString('base64url');
      const data: SessionData = { userId, epoch, csrf: randomBytes(32).toString('base64url'), createdAt: Date.now() };
      const key = keyOf(sid);
      await redis.set(key, JSON.stringify(data), 'EX', SESSION_IDLE_S);
      return { sid, key, data };
    },
    async get(sid) {
      if (!SID_PATTERN.test(sid)) return null;
      const key = keyOf(sid);
      const data = await check(key, await redis.getex(key, 'EX', SESSION_IDLE_S));
      return data ? { key, data } : null;
    },
    async peek(key) {
      return check(key, await redis.get(key));
    },
    async destroy(key) {
      await redis.del(key);
    },
  };
}

function safeJson(raw: string): unknown {
  try { return JSON.parse(raw); } catch { return null; }
}
