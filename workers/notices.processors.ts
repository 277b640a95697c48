/**
 * The notices' job processors (src/modules/notices/), registered by
 * workers/processors.ts: the fan-out on 'notices' (which hands recipients to
 * the outbound send queues), ZNS sends on 'notices-zns' behind its rate limiter. Importing this
 * also registers the Zalo subscription interpreter and the outbound status hook.
 */
import type { AppContext } from '../src/context.js';
import { noticeFanoutJob, noticeZnsJob } from '../src/jobs/definitions.js';
import { emptyFanoutStats, runFanout } from '../src/modules/notices/fanout.service.js';
import { registerNoticeHooks } from '../src/modules/notices/hooks.js';
import { markNoticeDirty } from '../src/modules/notices/progress.js';
import { sendZnsDelivery } from '../src/modules/notices/zns.service.js';
// `DK <code>` / a unit code / `HUY` in the Zalo OA chat: registers itself as the 'zalo' interpreter.
import '../src/modules/subscriptions/zalo-subscribe.js';
import type { registerProcessor } from './processors.js';

export function registerNoticeProcessors(register: typeof registerProcessor): void {
  registerNoticeHooks();
  register('notices', async (ctx, job) => {
    const { noticeId, round } = noticeFanoutJob.payload.parse(job.data);
    const stats = emptyFanoutStats();
    const outcome = await runFanout(ctx, noticeId, round, stats);
    // Phase times in the job's return value (the benchmark reads them from the queue's events).
    return { outcome, ...Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, Math.round(v)])) };
  });
  register('notices-zns', async (ctx, job) => {
    const { deliveryId } = noticeZnsJob.payload.parse(job.data);
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return { outcome: await sendZnsDelivery(ctx, deliveryId, { finalAttempt }) };
  }, (ctx) => ({ limiter: { max: ctx.env.ZNS_RATE_LIMIT_MAX, duration: ctx.env.ZNS_RATE_LIMIT_WINDOW_MS } }));
}

/** After an intake transaction: publish the progress of notices whose deliveries a receipt moved. */
export function publishNoticeEffects(ctx: AppContext, noticeIds: number[] | undefined): void {
  for (const id of new Set(noticeIds ?? [])) markNoticeDirty(ctx, id);
}
