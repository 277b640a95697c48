/**
 * Entry point of the production api process (`npm start`).
 */
import { env } from './config/env.js';
import { createContext } from './context.js';
import { startApi } from './api.js';
import { logger } from './lib/logger.js';
import { guardProcess, onShutdown } from './lib/shutdown.js';

async function main(): Promise<void> {
  guardProcess();
  const ctx = await createContext(env());
  const api = await startApi(ctx, ctx.env.PORT);
  logger.info({ port: ctx.env.PORT, database: ctx.database.kind }, 'api listening');
  onShutdown([() => api.close(), () => ctx.close()]);
}

main().catch((err: Error) => { logger.fatal({ err: err.message }, 'api failed to start'); process.exit(1); });
