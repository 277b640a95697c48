/**
 * Response-time accountability (issue 5): deadline policies, the administrator's
 * calendar, extensions (gia hạn), each report's SLA timer state, and the time
 * each unit held each report. The computed durations themselves live on the
 * `reports` row (first_response_ms, …) so statistics are plain aggregates.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, date, doublePrecision, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { PRIORITIES } from './reports.js';

export const TRANSFER_MODES = ['restart', 'keep'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/**
 * Deadlines per category and priority; `category_id` null is the default for a
 * priority. Durations are working milliseconds (working-time.ts). On a transfer
 * `restart` gives the receiving unit the full time again; `keep` leaves it.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id'),
    priority: text('priority', { enum: PRIORITIES }).notNull(),
    ackWithinMs: bigint('ack_within_ms', { mode: 'number' }).notNull(),
    resolveWithinMs: bigint('resolve_within_ms', { mode: 'number' }).notNull(),
    warnShare: doublePrecision('warn_share').notNull().default(0.75),
    onTransfer: text('on_transfer', { enum: TRANSFER_MODES }).notNull().default('restart'),
    updatedByUserId: integer('updated_by_user_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_policies_key').on(sql`coalesce(${t.categoryId}, 0)`, t.priority)],
);

/** Administrator-entered calendar exceptions on top of the public holidays. */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['day_off', 'make_up'] }).notNull(),
  note: text('note').notNull().default(''),
  createdByUserId: integer('created_by_user_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A request to move a report's deadline, approved (or refused) by a leader of its unit or above. */
export const reportExtensions = pgTable(
  'report_extensions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: bigint('report_id', { mode: 'number' }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    previousDueAt: timestamp('previous_due_at', { withTimezone: true }),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
    requestedByUserId: integer('requested_by_user_id').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedByUserId: integer('decided_by_user_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('report_extensions_report').on(t.reportId),
    uniqueIndex('report_extensions_one_pending').on(t.reportId).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * SLA timer state of one report. `version` grows whenever the deadline moves;
 * timer jobs carry the version they were armed for and do nothing when it is
 * stale. `armed` is true while a warning or breach may still fire (an open
 * report with a deadline), so the sweeper's partial indexes stay small.
 */
export const reportSla = pgTable(
  'report_sla',
  {
    reportId: bigint('report_id', { mode: 'number' }).primaryKey(),
    policyId: integer('policy_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    policyDueAt: timestamp('policy_due_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    warnedVersion: integer('warned_version').notNull().default(0),
    breachedVersion: integer('breached_version').notNull().default(0),
    armed: boolean('armed').notNull().default(true),
    /** When the report was last flagged as stuck (stuck.ts); an officer action after it starts a new idle stretch. */
    stuckFlaggedAt: timestamp('stuck_flagged_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('report_sla_armed_warn').on(t.warnAt).where(sql`${t.armed}`),
    index('report_sla_armed_due').on(t.dueAt).where(sql`${t.armed}`),
  ],
);

/**
 * Time each unit held each report while it was open (split at transfers),
 * written with the report's metrics. `received_at` is the report's, copied so
 * "time charged to unit X for reports received in a period" is one index range.
 */
export const reportUnitTime = pgTable(
  'report_unit_time',
  {
    reportId: bigint('report_id', { mode: 'number' }).notNull(),
    unitId: integer('unit_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    wallMs: bigint('wall_ms', { mode: 'number' }).notNull(),
    workMs: bigint('work_ms', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.unitId] }), index('report_unit_time_unit_received').on(t.unitId, t.receivedAt),
    index('report_unit_time_received').on(t.receivedAt),
  ],
);
