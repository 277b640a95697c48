import { sql, type AnyColumn } from 'drizzle-orm';
import {
  bigint, bigserial, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

export const CHANNELS = ['web', 'sms', 'zalo'] as const;
export type Channel = (typeof CHANNELS)[number];
export const REPORT_STATUSES = ['received', 'in_progress', 'answered', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const PRIORITIES = ['urgent', 'normal', 'complex'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * The durable inbox (DESIGN.md invariant 2). A webhook or form post is
 * acknowledged only once its row is committed here; everything else is rebuilt
 * from these rows. (channel, provider_event_id) is unique, so a provider's
 * repeated delivery stores nothing new.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    trackingCode: text('tracking_code'),
    status: text('status', { enum: ['pending', 'processed', 'ignored', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbound_events_channel_provider_id').on(t.channel, t.providerEventId),
    uniqueIndex('inbound_events_tracking_code').on(t.trackingCode),
    index('inbound_events_pending').on(t.receivedAt).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * A first response or answer stamped after the metrics were last computed, and
 * without its duration: the sweeper's backstop recomputes these rows.
 */
export function metricsPending(t: { firstResponseAt: AnyColumn; firstResponseMs: AnyColumn; answeredAt: AnyColumn; resolutionMs: AnyColumn; metricsAt: AnyColumn }) {
  return sql`((${t.firstResponseAt} is not null and ${t.firstResponseMs} is null) or (${t.answeredAt} is not null and ${t.resolutionMs} is null))
    and (${t.metricsAt} is null or ${t.metricsAt} < greatest(${t.firstResponseAt}, ${t.answeredAt}))`;
}

export const reports = pgTable(
  'reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code').notNull(),
    originChannel: text('origin_channel', { enum: CHANNELS }).notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    categoryId: integer('category_id'),
    locationUnitId: integer('location_unit_id'),
    assignedUnitId: integer('assigned_unit_id').notNull(),
    routeReason: text('route_reason').notNull(),
    triage: integer('triage').notNull().default(0),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('received'),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('normal'),
    description: text('description').notNull(),
    /** Folded copy of the citizen's text for case/diacritic-insensitive search. */
    searchText: text('search_text').notNull().default(''),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull(),
    ackDueAt: timestamp('ack_due_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Metrics (src/modules/sla/metrics.service.ts, README "Metric definitions"): computed from the
    // timeline when they become known, so the dashboard aggregates columns instead of replaying timelines.
    firstResponseMs: bigint('first_response_ms', { mode: 'number' }),
    firstResponseWorkMs: bigint('first_response_work_ms', { mode: 'number' }),
    resolutionMs: bigint('resolution_ms', { mode: 'number' }),
    resolutionWorkMs: bigint('resolution_work_ms', { mode: 'number' }),
    /** Answered reports only: on_time | late_extended | late. */
    onTimeStatus: text('on_time_status', { enum: ['on_time', 'late_extended', 'late'] }),
    /** The citizen's latest rating (1–5) and when it was given. */
    rating: integer('rating'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    metricsAt: timestamp('metrics_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reports_code').on(t.code),
    index('reports_assigned_received').on(t.assignedUnitId, t.receivedAt),
    index('reports_contact_channel').on(t.contactId, t.originChannel, t.lastActivityAt),
    index('reports_received').on(t.receivedAt),
    index('reports_status').on(t.status),
    // Backlog and overdue lists read only open reports.
    index('reports_open_assigned').on(t.assignedUnitId, t.receivedAt).where(sql`${t.status} in ('received', 'in_progress')`),
    index('reports_open_due').on(t.dueAt).where(sql`${t.status} in ('received', 'in_progress')`),
    // The metrics sweeper's backstop: stamped times whose durations are not computed yet.
    index('reports_metrics_pending').on(t.id).where(metricsPending(t)),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: bigint('report_id', { mode: 'number' }),
    contactId: bigint('contact_id', { mode: 'number' }),
    direction: text('direction', { enum: ['in', 'out', 'note'] }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    /** ack = automatic acknowledgement; reply = an officer's answer; system = other automated text. */
    kind: text('kind', { enum: ['text', 'ack', 'reply', 'system', 'note'] }).notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html'),
    inboundEventId: bigint('inbound_event_id', { mode: 'number' }),
    providerMessageId: text('provider_message_id'),
    status: text('status', {
      enum: ['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undeliverable'],
    }).notNull(),
    urgent: integer('urgent').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    authorUserId: integer('author_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Not before this time (quiet hours for automated messages); null = at once. */
    sendAfter: timestamp('send_after', { withTimezone: true }),
    /** When the current send attempt claimed it (a lease: a crashed sender's claim expires). */
    sendingSince: timestamp('sending_since', { withTimezone: true }),
  },
  (t) => [
    index('messages_report').on(t.reportId, t.createdAt),
    uniqueIndex('messages_inbound_event').on(t.inboundEventId),
    uniqueIndex('messages_channel_provider_id').on(t.channel, t.providerMessageId),
    index('messages_queued').on(t.createdAt).where(sql`${t.status} = 'queued'`),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: bigint('message_id', { mode: 'number' }),
    reportId: bigint('report_id', { mode: 'number' }),
    kind: text('kind', { enum: ['image', 'file', 'audio', 'video', 'sticker', 'location'] }).notNull(),
    mime: text('mime'),
    size: integer('size'),
    sha256: text('sha256'),
    storageKey: text('storage_key'),
    sourceUrl: text('source_url'),
    status: text('status', { enum: ['stored', 'pending', 'failed'] }).notNull().default('stored'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_report').on(t.reportId), index('attachments_message').on(t.messageId)],
);

/** The timeline: every step of a report with its actor and time (DESIGN.md invariant 8). */
export const reportEvents = pgTable(
  'report_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: bigint('report_id', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    actorKind: text('actor_kind', { enum: ['system', 'citizen', 'officer'] }).notNull(),
    actorUserId: integer('actor_user_id'),
    unitId: integer('unit_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_events_report').on(t.reportId, t.at), index('report_events_type_at').on(t.type, t.at)],
);
