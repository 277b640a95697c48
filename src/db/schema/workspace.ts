/**
 * Tables of the officer workspace: canned replies per unit, and when each
 * officer last opened each report (the inbox's unread markers).
 */
import { bigint, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Reply templates of a unit; placeholders {ma_so} {don_vi} {xa} are filled per report. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdByUserId: integer('created_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('canned_replies_unit').on(t.unitId)],
);

/** Last time a user opened a report; a report with later activity is unread for them. */
export const reportReads = pgTable(
  'report_reads',
  {
    userId: integer('user_id').notNull(),
    reportId: bigint('report_id', { mode: 'number' }).notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.reportId] })],
);
