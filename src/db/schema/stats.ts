/**
 * Weekly rollups of the statistics (issue 5, long periods): one row per week
 * (Monday, Vietnam time) and unit, holding exactly what the dashboard's
 * aggregates count over `reports` (and `report_unit_time`) for that week's
 * cohort, plus duration histograms. Kept honest by triggers (migration 0007):
 * every change to a report or to charged time appends a marker to
 * `stats_dirty`; a marked (week, unit) is read from `reports` until the
 * refresher (src/modules/stats/rollup.ts) recomputes it. So a clean row always
 * equals the raw aggregate, and counts read through rollups are exact.
 */
import { bigint, bigserial, date, index, integer, jsonb, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core';

/** Counters: `{ "<key>": count }`. Histograms: `[first bucket, count, count, …]` (bucket = stats_bucket(ms), 2 % wide). */
type Counts = Record<string, number>;
type Hist = number[];

export const reportWeekStats = pgTable(
  'report_week_stats',
  {
    week: date('week', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
    received: integer('received').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    responded: integer('responded').notNull().default(0),
    stillOpen: integer('still_open').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
    lateExtended: integer('late_extended').notNull().default(0),
    late: integer('late').notNull().default(0),
    rated: integer('rated').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratings: jsonb('ratings').$type<Counts>().notNull().default({}),
    byChannel: jsonb('by_channel').$type<Counts>().notNull().default({}),
    byCategory: jsonb('by_category').$type<Counts>().notNull().default({}),
    byCommune: jsonb('by_commune').$type<Counts>().notNull().default({}),
    frWall: jsonb('fr_wall').$type<Hist>().notNull().default([]),
    frWork: jsonb('fr_work').$type<Hist>().notNull().default([]),
    resWall: jsonb('res_wall').$type<Hist>().notNull().default([]),
    resWork: jsonb('res_work').$type<Hist>().notNull().default([]),
    chargedReports: integer('charged_reports').notNull().default(0),
    chargedWallMs: bigint('charged_wall_ms', { mode: 'number' }).notNull().default(0),
    chargedWorkMs: bigint('charged_work_ms', { mode: 'number' }).notNull().default(0),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.week, t.unitId] })],
);

/** Append-only change markers (no unique key: writers never wait on each other). */
export const statsDirty = pgTable(
  'stats_dirty',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    week: date('week', { mode: 'string' }).notNull(),
    unitId: integer('unit_id').notNull(),
  },
  (t) => [index('stats_dirty_week_unit').on(t.week, t.unitId)],
);
