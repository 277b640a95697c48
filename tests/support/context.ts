/**
 * A complete, isolated hub for one test file: its own database (a clone of
 * the template on the server, or an in-memory PGlite), its own queue prefix on
 * the shared Redis (or a given one), the demo district seeded.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { parseEnv, type Env } from '../../src/config/env.js';
import { createContext, type AppContext } from '../../src/context.js';
import { openDatabase } from '../../src/db/client.js';
import { seedDemoDistrict, type DemoIds } from '../../src/db/seed.js';
import { cloneTemplate } from './pg.js';

export type DbMode = 'server' | 'embedded';
export const dbMode = (): DbMode => (process.env.TEST_DB === 'embedded' ? 'embedded' : 'server');

export interface TestHub {
  ctx: AppContext;
  env: Env;
  demo: DemoIds;
  /** Connection string of this file's database (server mode), for child processes. */
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface HubOptions {
  mode?: DbMode;
  /** Route the hub's database connection through something (a proxy that can be cut). */
  databaseUrlFor?: (url: string) => string;
}

export async function createTestHub(overrides: Partial<Record<keyof Env, string>> = {}, opts: HubOptions = {}): Promise<TestHub> {
  const mode = opts.mode ?? dbMode();
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-test-'));
  const cloned = mode === 'server' ? await cloneTemplate() : undefined;
  const env = parseEnv({
    NODE_ENV: 'test', QUEUE_PREFIX: prefix, DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:6379',
    RECONCILE_INTERVAL_S: '1', JOB_LOCK_MS: '4000', PUBLIC_RATE_LIMIT: '100000', LOG_LEVEL: 'silent',
    // Tests that exercise quiet hours set them and control the clock; the rest must not depend on the hour CI runs at.
    QUIET_HOURS: 'off',
    ...(cloned ? { DATABASE_URL: opts.databaseUrlFor ? opts.databaseUrlFor(cloned.url) : cloned.url } : {}),
    ...overrides,
  });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: mode === 'embedded' ? 'memory://' : dataDir, poolSize: 8 });
  const ctx = await createContext(env, { database });
  const demo = await seedDemoDistrict(database.db);
  return {
    ctx, env, demo, databaseUrl: cloned?.url,
    async close() {
      await ctx.close();
      await database.close();
      await clearPrefix(env.REDIS_URL, prefix).catch(() => undefined);
      await cloned?.drop().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Remove this test's keys from the shared Redis. */
export async function clearPrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  r.on('error', () => undefined);
  await r.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally { r.disconnect(); }
}
