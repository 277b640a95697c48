/**
 * Channel plumbing: provider credentials (the Zalo OA token pair), alerts for
 * administrators, and the provider ids of every part of a multi-part send.
 */
import {
  bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { CHANNELS } from './reports.js';

/**
 * One row per provider account (e.g. 'zalo-oa'). The Zalo refresh token is
 * single-use and rotates (CHANNELS.md §2.6): the new pair is written here, and
 * committed, before the new access token is used. Refreshes lock this row.
 */
export const channelCredentials = pgTable('channel_credentials', {
  provider: text('provider').primaryKey(),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  /** Null when unknown (seeded from the environment): used until the provider rejects it. */
  accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }),
  refreshExpiresAt: timestamp('refresh_expires_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
});

/** Something an administrator must act on (a dead Zalo token, …); shown in the admin panel. */
export const adminAlerts = pgTable(
  'admin_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
    messageVi: text('message_vi').notNull(),
    messageEn: text('message_en').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('admin_alerts_kind_open').on(t.kind, t.resolvedAt), index('admin_alerts_created').on(t.createdAt)],
);

/**
 * Provider ids of each part of one outbound message (a long Zalo answer goes
 * out as several messages, an image as another). A retried send skips the parts
 * already accepted, and an `oa_send_*` echo of any part is recognised as ours.
 */
export const channelSentParts = pgTable(
  'channel_sent_parts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    part: integer('part').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('channel_sent_parts_message_part').on(t.channel, t.messageId, t.part),
    uniqueIndex('channel_sent_parts_provider_id').on(t.channel, t.providerMessageId),
  ],
);
