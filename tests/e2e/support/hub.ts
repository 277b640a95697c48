/**
 * A real hub for the browser: an isolated database and queue prefix
 * (createTestHub), the demo accounts with real argon2id hashes, the workers,
 * and the api (HTTP + socket.io) on a free port of 127.0.0.1.
 */
import { startApi, type RunningApi } from '../../../src/api.js';
import type { Env } from '../../../src/config/env.js';
import { seedDemoAccounts } from '../../../src/db/seed.js';
import { hashPassword } from '../../../src/modules/auth/password.js';
import { startWorkers, type WorkerRuntime } from '../../../workers/runtime.js';
import { createTestHub, type TestHub } from '../../support/context.js';

export const DEMO_PASSWORD = 'caunoi-demo';

export interface BrowserHub {
  hub: TestHub;
  baseUrl: string;
  /** Stops the api as a deploy would (the server closes every socket); the workers keep running. */
  stopApi(): Promise<void>;
  /** Starts the api again on the same port. */
  resumeApi(): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserHub(overrides: Partial<Record<keyof Env, string>> = {}): Promise<BrowserHub> {
  // Quiet hours would hold SMS replies overnight; the journey must not depend on the hour.
  const hub = await createTestHub({ QUIET_HOURS: 'off', ...overrides });
  let workers: WorkerRuntime | undefined;
  let api: RunningApi | undefined;
  try {
    await seedDemoAccounts(hub.ctx.database.db, hub.demo, hashPassword);
    workers = startWorkers(hub.ctx);
    api = await startApi(hub.ctx, 0);
  } catch (err) {
    await workers?.close();
    await hub.close();
    throw err;
  }
  const port = (api.server.address() as { port: number }).port;
  return {
    hub,
    baseUrl: `http://127.0.0.1:${port}`,
    async stopApi() {
      const running = api;
      api = undefined;
      if (!running) return;
      const closing = running.close();
      // The browser's keep-alive connections would hold the close for keepAliveTimeout (65 s): cut them, as a crash or deploy would.
      const cut = setInterval(() => running.server.closeAllConnections(), 100);
      running.server.closeAllConnections();
      try { await closing; } finally { clearInterval(cut); }
    },
    async resumeApi() {
      api ??= await startApi(hub.ctx, port);
    },
    async close() {
      await api?.close();
      await workers?.close();
      await hub.close();
    },
  };
}
