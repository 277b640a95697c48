/** Graceful shutdown on SIGTERM/SIGINT: run the closers once, in order, then exit. */
import { logger } from './logger.js';

export function onShutdown(closers: (() => Promise<unknown>)[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    for (const close of closers) await close().catch((err: Error) => logger.warn({ err: err.message }, 'close failed'));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** A stray rejection (a provider client, a dropped Redis command) must be logged, not crash the hub. */
export function guardProcess(): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: String((reason as Error)?.message ?? reason) }, 'unhandled rejection'));
}
