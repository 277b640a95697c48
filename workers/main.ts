/**
 * Entry point of the production worker process (`npm run worker`).
 */
import { env } from '../src/config/env.js';
import { createContext } from '../src/context.js';
import { logger } from '../src/lib/logger.js';
import { guardProcess, onShutdown } from '../src/lib/shutdown.js';
import { startWorkers } from './runtime.js';

async function main(): Promise<void> {
  guardProcess();
  const ctx = await createContext(env());
  const workers = startWorkers(ctx);
  logger.info({ database: ctx.database.kind }, 'workers started');
  onShutdown([() => workers.close(), () => ctx.close()]);
}

main().catch((err: Error) => { logger.fatal({ err: err.message }, 'worker failed to start'); process.exit(1); });
