/**
 * The SLA part of the reconciler (workers/reconciler.ts calls it on every
 * sweep): (re-)arm the timers due soon — which also re-creates any timer lost
 * with Redis — compute metrics a path stamped without computing, and, at most
 * once a minute, flag stuck reports. Safe in every worker process at once.
 */
import type { AppContext } from '../../context.js';
import { logger } from '../../lib/logger.js';
import { fillMissingMetrics } from './metrics.service.js';
import { flagStuckReports } from './stuck.js';
import { armDueTimers } from './timers.js';

const STUCK_EVERY_MS = 60_000;
const lastStuckSweep = new WeakMap<AppContext, number>();

export async function sweepSla(ctx: AppContext, now: Date = new Date()): Promise<{ armed: number; metrics: number; stuck: number }> {
  const armed = await armDueTimers(ctx, now);
  const metrics = await fillMissingMetrics(ctx.database.db);
  let stuck = 0;
  const last = lastStuckSweep.get(ctx) ?? 0;
  if (now.getTime() - last >= STUCK_EVERY_MS) {
    lastStuckSweep.set(ctx, now.getTime());
    stuck = await flagStuckReports(ctx, now);
  }
  if (armed + metrics + stuck > 0) logger.debug({ armed, metrics, stuck }, 'sla swept');
  return { armed, metrics, stuck };
}
