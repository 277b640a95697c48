/**
 * Thin job processors: validate the payload, call the service, then carry out
 * the effects that must follow the commit (enqueue, realtime). Channel work
 * (outbound sends, downloads) registers itself here through `registerProcessor`.
 */
import type { Job, WorkerOptions } from 'bullmq';
import type { AppContext } from '../src/context.js';
import { attachmentJob, intakeJob, outboundJob, outboundSendJobs, slaJobs, type QueueName } from '../src/jobs/definitions.js';
import { channelsFor } from '../src/channels/registry.js';
import { scheduleOutbound, sendOutbound } from '../src/modules/outbound/outbound.service.js';
import { downloadAttachment } from '../src/modules/attachments/attachments.service.js';
import { processInboundEvent } from '../src/modules/intake/intake.service.js';
import { runSlaTimer } from '../src/modules/sla/timers.js';
import type { IntakeEffects } from '../src/modules/intake/intake.types.js';
import { publishNoticeEffects, registerNoticeProcessors } from './notices.processors.js';
// Channel handlers of non-message events register themselves with intake on import.
import '../src/modules/intake/zalo-handlers.js';
// The SMS grammar (PA/TC/DK/HUY/ratings) registers itself as the 'sms' interpreter.
import '../src/modules/intake/sms-interpreter.js';

export type Processor = (ctx: AppContext, job: Job) => Promise<unknown>;

/** Worker settings a queue needs beyond the defaults (the outbound queues' rate limiters). */
export type WorkerSettings = (ctx: AppContext) => Pick<WorkerOptions, 'limiter'>;

const processors = new Map<QueueName, Processor>();
const settings = new Map<QueueName, WorkerSettings>();

export function registerProcessor(queue: QueueName, fn: Processor, workerSettings?: WorkerSettings): void {
  processors.set(queue, fn);
  if (workerSettings) settings.set(queue, workerSettings);
}

export function workerOptionsFor(ctx: AppContext, queue: QueueName): Pick<WorkerOptions, 'limiter'> {
  return settings.get(queue)?.(ctx) ?? {};
}

export function processorFor(queue: QueueName): Processor | undefined {
  return processors.get(queue);
}

/** Enqueue and publish what a committed transaction produced. */
export async function applyEffects(ctx: AppContext, effects: IntakeEffects): Promise<void> {
  await ctx.queues.enqueue(outboundJob, effects.outboundMessageIds.map((messageId) => ({ messageId })));
  await ctx.queues.enqueue(attachmentJob, effects.attachmentDownloads.map((attachmentId) => ({ attachmentId })));
  ctx.publisher.publish(effects.realtime);
  publishNoticeEffects(ctx, effects.noticeIds);
}

registerProcessor('intake', async (ctx, job) => {
  const { eventId } = intakeJob.payload.parse(job.data);
  const effects = await processInboundEvent(ctx.database.db, eventId);
  await applyEffects(ctx, effects);
  return { reportId: effects.reportId };
});

registerProcessor('attachments', async (ctx, job) => {
  const { attachmentId } = attachmentJob.payload.parse(job.data);
  // The last attempt marks the attachment failed instead of throwing, so officers see it.
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return { outcome: await downloadAttachment(ctx, attachmentId, { finalAttempt }) };
});

/** Outbound, step 1: quiet hours, then hand the message to its channel's send queue. */
registerProcessor('outbound', async (ctx, job) => {
  const { messageId } = outboundJob.payload.parse(job.data);
  return { outcome: await scheduleOutbound(ctx, messageId) };
});

/** Outbound, step 2: the provider send, one queue per channel, rate-limited per provider. */
for (const channel of ['sms', 'zalo'] as const) {
  const def = outboundSendJobs[channel];
  registerProcessor(def.queue, async (ctx, job) => {
    const { messageId } = def.payload.parse(job.data);
    // The last attempt marks the message failed instead of throwing, so officers see it.
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return { outcome: await sendOutbound(ctx, messageId, { finalAttempt }) };
  }, (ctx) => {
    const rate = channelsFor(ctx).rateLimit(channel);
    return { limiter: { max: rate.max, duration: rate.windowMs } };
  });
}

/** SLA timers (src/modules/sla/timers.ts): warn at warn_at, mark the breach at due_at; stale versions do nothing. */
registerProcessor('sla', async (ctx, job) => {
  const kind = job.name === slaJobs.breach.name ? 'breach' : 'warn';
  const outcome = await runSlaTimer(ctx, kind, slaJobs[kind].payload.parse(job.data));
  // Fired before its instant (clock skew): fail so BullMQ retries after its backoff.
  if (outcome === 'early') throw new Error('sla timer fired early');
  return { outcome };
});

// Notices (issue 6): fan-out, deliveries, ZNS sends (workers/notices.processors.ts).
registerNoticeProcessors(registerProcessor);
