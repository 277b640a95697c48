/**
 * Notices (thông báo) and emergency alerts sent to subscribed citizens (issue 6),
 * their per-citizen deliveries, citizens' opt-outs and the web unsubscribe links.
 * Subscriptions themselves are in subscriptions.ts.
 *
 * - A notice targets units; its audience is the subscribers of those units and
 *   of every unit below them (units.path prefix).
 * - notice_deliveries: one row per citizen per notice (UNIQUE), so a fan-out
 *   that runs twice reaches each citizen once. SMS and Zalo consultation sends
 *   go through an ordinary outbound `messages` row (message_id); ZNS sends are
 *   made by the notices worker and keep their provider id here.
 * - notice_opt_outs: the citizen said stop to all notices (SMS/Zalo `HUY`, the
 *   web link). Such a number is never messaged again except for emergency
 *   alerts when NOTICE_EMERGENCY_OVERRIDES_OPT_OUT allows; an officer's import
 *   never subscribes it again — only the citizen's own `DK` does.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

export const NOTICE_CHANNELS = ['sms', 'zalo', 'board'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export const NOTICE_STATUSES = ['pending_approval', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const DELIVERY_CHANNELS = ['sms', 'zalo', 'zns'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const SKIP_REASONS = ['opted_out', 'no_channel', 'cancelled'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface NoticeCounts {
  total: number; queued: number; sent: number; delivered: number; failed: number; skipped: number;
}

export const notices = pgTable(
  'notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    /** Target units; the audience is these and everything below them. */
    unitIds: integer('unit_ids').array().notNull(),
    topic: text('topic'),
    channels: text('channels', { enum: NOTICE_CHANNELS }).array().notNull(),
    emergency: boolean('emergency').notNull().default(false),
    /** Name of the author's unit when it was written: the sender the citizen reads. */
    senderName: text('sender_name').notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    status: text('status', { enum: NOTICE_STATUSES }).notNull(),
    createdByUserId: integer('created_by_user_id').notNull(),
    approvedByUserId: integer('approved_by_user_id'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    cancelledByUserId: integer('cancelled_by_user_id'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    estimatedRecipients: integer('estimated_recipients').notNull().default(0),
    /** Last counts published (the list reads these; the detail view counts live). */
    counts: jsonb('counts').$type<NoticeCounts>(),
    /** Fan-out progress: the last contact id inserted (keyset cursor), and whether it finished. */
    fanoutCursor: bigint('fanout_cursor', { mode: 'number' }).notNull().default(0),
    fanoutDone: boolean('fanout_done').notNull().default(false),
    /** Bumped by "retry failed": a new fan-out job id for the re-queue pass. */
    fanoutRound: integer('fanout_round').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notices_created').on(t.createdAt, t.id),
    index('notices_units').using('gin', t.unitIds),
    index('notices_active').on(t.status).where(sql`${t.status} in ('scheduled', 'sending')`),
  ],
);

export const noticeDeliveries = pgTable(
  'notice_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    noticeId: bigint('notice_id', { mode: 'number' }).notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    /** Chosen when the delivery is handed to a channel; null before. */
    channel: text('channel', { enum: DELIVERY_CHANNELS }),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('queued'),
    skipReason: text('skip_reason', { enum: SKIP_REASONS }),
    /** The outbound message carrying it (SMS, Zalo consultation message). */
    messageId: bigint('message_id', { mode: 'number' }),
    providerMessageId: text('provider_message_id'),
    errorCode: text('error_code'),
    /** Bumped by "retry failed" (part of the job ids, so a retried delivery gets a new job). */
    attempt: integer('attempt').notNull().default(0),
    /** ZNS send claim (a lease, as messages.sending_since). */
    sendingSince: timestamp('sending_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notice_deliveries_notice_contact').on(t.noticeId, t.contactId),
    index('notice_deliveries_notice_status').on(t.noticeId, t.status),
    index('notice_deliveries_message').on(t.messageId).where(sql`${t.messageId} is not null`),
    index('notice_deliveries_provider_id').on(t.providerMessageId).where(sql`${t.providerMessageId} is not null`),
  ],
);

export const noticeOptOuts = pgTable('notice_opt_outs', {
  contactId: bigint('contact_id', { mode: 'number' }).primaryKey(),
  optedOutAt: timestamp('opted_out_at', { withTimezone: true }).notNull().defaultNow(),
  /** How: 'sms:HUY', 'zalo:HUY', 'web:link'. */
  source: text('source').notNull(),
});

/** The web "stop notices" link of a citizen: only a hash of the random token is kept. */
export const noticeUnsubscribeTokens = pgTable('notice_unsubscribe_tokens', {
  contactId: bigint('contact_id', { mode: 'number' }).primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
