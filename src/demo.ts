/**
 * `npm run demo`: migrate, seed the Trà Bồng district, and run api + workers in
 * one process. Embedded PostgreSQL unless DATABASE_URL is set; a private
 * redis-server if REDIS_URL does not answer.
 */
import path from 'node:path';
import argon2 from 'argon2';
import { parseEnv } from './config/env.js';
import { createContext } from './context.js';
import { startApi } from './api.js';
import { seedDemoAccounts, seedDemoDistrict } from './db/seed.js';
import { seedDemoHistory } from './modules/sla/demo-history.js';
import { seedDemoSubscribers } from './modules/notices/demo-subscribers.js';
import { hasRedisServer, redisAnswers, startLocalRedis, type LocalRedis } from './lib/local-redis.js';
import { guardProcess, onShutdown } from './lib/shutdown.js';
import { startWorkers } from '../workers/runtime.js';

async function main(): Promise<void> {
  guardProcess();
  process.env.DEMO_MODE = 'true';
  // A first visitor must see the whole loop at any hour: no quiet hours for acknowledgements in the demo.
  process.env.QUIET_HOURS ??= 'off';
  process.env.LOG_LEVEL ??= 'warn';
  let env = parseEnv(process.env);
  let localRedis: LocalRedis | undefined;
  if (!(await redisAnswers(env.REDIS_URL))) {
    if (!hasRedisServer()) {
      console.error(`Cầu Nối needs Redis: nothing answers at ${env.REDIS_URL} and redis-server is not installed — install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL.`);
      process.exit(1);
    }
    localRedis = await startLocalRedis({ dir: path.join(env.DATA_DIR, 'redis') });
    env = { ...env, REDIS_URL: localRedis.url };
    console.log(`Started a private redis-server on port ${localRedis.port} (data in ${path.join(env.DATA_DIR, 'redis')}).`);
  }
  const ctx = await createContext(env);
  const demo = await seedDemoDistrict(ctx.database.db);
  await seedDemoAccounts(ctx.database.db, demo, (pw) => argon2.hash(pw, { type: argon2.argon2id }));
  // A few SMS subscribers of Trà Phú, so a notice from `lanhdao` reaches the simulated gateway.
  await seedDemoSubscribers(ctx.database.db, demo.units.TRAPHU!);
  // Four months of past reports with full timelines (once), so the dashboard and /thong-ke show real figures.
  await seedDemoHistory(ctx.database.db, demo);
  const workers = startWorkers(ctx);
  const api = await startApi(ctx, env.PORT);
  const base = `http://localhost:${env.PORT}`;
  console.log([
    '',
    `Cầu Nối demo is running (${ctx.database.kind === 'embedded' ? `embedded PostgreSQL in ${path.resolve(env.DATA_DIR, 'pg')}` : 'PostgreSQL server'}).`,
    `  Citizen page:   ${base}/`,
    `  Track a report: ${base}/tra-cuu`,
    `  Demo phone:     ${base}/demo/phone  (play the citizen by SMS)`,
    `  Officer panel:  ${base}/admin  (accounts below)`,
    `  Notices:        ${base}/thong-bao/TRAPHU  (public board; subscribe: ${base}/thong-bao/TRAPHU/dang-ky)`,
    `  Scorecards:     ${base}/thong-ke  (public response-time figures per commune)`,
    `  Health:         ${base}/readyz`,
    '  Demo accounts (password caunoi-demo): admin, lanhdao, xa.traphu, xa.trabinh, phong.tnmt',
    'Press Ctrl+C to stop.',
  ].join('\n'));
  onShutdown([() => api.close(), () => workers.close(), () => ctx.close(), async () => localRedis?.stop()]);
}

main().catch((err: Error) => {
  console.error(`Demo failed to start: ${err.message}`);
  process.exit(1);
});
