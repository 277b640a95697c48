/**
 * Job definitions: name, payload schema, job id rule, options. Payloads carry
 * ids only (DESIGN.md invariant 1); the job id makes a repeated enqueue of the
 * same work a no-op while the job exists, and processors are idempotent for the
 * times it does not.
 */
import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

export interface JobDefinition<P> {
  queue: QueueName;
  name: string;
  payload: z.ZodType<P>;
  jobId: (payload: P) => string;
  options: JobsOptions;
}

export const QUEUE_NAMES = ['intake', 'outbound', 'attachments', 'outbound-sms', 'outbound-zalo', 'sla', 'notices', 'notices-zns'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const keep = { removeOnComplete: { age: 3600, count: 5000 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const intakeJob: JobDefinition<{ eventId: number }> = {
  queue: 'intake',
  name: 'intake.process',
  payload: z.object({ eventId: z.number().int().positive() }),
  jobId: (p) => `ev-${p.eventId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, ...keep },
};

export const outboundJob: JobDefinition<{ messageId: number }> = {
  queue: 'outbound',
  name: 'outbound.send',
  payload: z.object({ messageId: z.number().int().positive() }),
  jobId: (p) => `msg-${p.messageId}`,
  options: { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, ...keep },
};

/** Download an inbound attachment (Zalo CDN link) into the file store. */
export const attachmentJob: JobDefinition<{ attachmentId: number }> = {
  queue: 'attachments',
  name: 'attachments.download',
  payload: z.object({ attachmentId: z.number().int().positive() }),
  jobId: (p) => `att-${p.attachmentId}`,
  options: { attempts: 8, backoff: { type: 'exponential', delay: 3000 }, ...keep },
};

/**
 * The provider send of one outbound message, on a queue per channel so that each
 * queue's BullMQ limiter is its provider's rate limit. `outbound.send` above
 * only schedules (quiet hours) and hands the message to this queue.
 */
const sendJob = (channel: 'sms' | 'zalo'): JobDefinition<{ messageId: number }> => ({
  queue: `outbound-${channel}`,
  name: `outbound.send.${channel}`,
  payload: z.object({ messageId: z.number().int().positive() }),
  jobId: (p) => `send-${p.messageId}`,
  options: { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, ...keep },
});
export const outboundSendJobs = { sms: sendJob('sms'), zalo: sendJob('zalo') } as const;

/**
 * SLA timers (src/modules/sla/timers.ts): a delayed job per report, kind and
 * deadline version. A moved deadline gets a new version, hence a new job id;
 * the old job still fires but finds its version stale and does nothing.
 */
export interface SlaTimerPayload { reportId: number; version: number }
const slaJob = (kind: 'warn' | 'breach'): JobDefinition<SlaTimerPayload> => ({
  queue: 'sla',
  name: `sla.${kind}`,
  payload: z.object({ reportId: z.number().int().positive(), version: z.number().int().positive() }),
  jobId: (p) => `sla-${kind}-${p.reportId}-v${p.version}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 5000 }, ...keep },
});
export const slaJobs = { warn: slaJob('warn'), breach: slaJob('breach') } as const;

/**
 * Notices (src/modules/notices/). `notices.fanout` pages through a notice's
 * audience in batches, hands each recipient to a channel, and bulk-enqueues one
 * send job per recipient (ids only): `outbound.send.sms|zalo` for a message,
 * `notices.send.zns` on 'notices-zns' (rate-limited there) for ZNS. `round` and
 * `attempt` change on "retry failed", so retried work gets new job ids.
 */
export interface NoticeFanoutPayload { noticeId: number; round: number }
export const noticeFanoutJob: JobDefinition<NoticeFanoutPayload> = {
  queue: 'notices',
  name: 'notices.fanout',
  payload: z.object({ noticeId: z.number().int().positive(), round: z.number().int().min(0) }),
  jobId: (p) => `fanout-${p.noticeId}-r${p.round}`,
  // Removed once done, so the reconciler can start a fan-out again for a notice that still needs one.
  options: { attempts: 20, backoff: { type: 'exponential', delay: 2000 }, ...keep, removeOnComplete: true },
};
export interface NoticeDeliveryPayload { noticeId: number; deliveryId: number; attempt: number }
export const noticeZnsJob: JobDefinition<NoticeDeliveryPayload> = {
  queue: 'notices-zns',
  name: 'notices.send.zns',
  payload: z.object({ noticeId: z.number().int().positive(), deliveryId: z.number().int().positive(), attempt: z.number().int().min(0) }),
  jobId: (p) => `zns-${p.deliveryId}-a${p.attempt}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 5000 }, ...keep },
};
