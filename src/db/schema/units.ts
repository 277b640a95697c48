import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Administrative units: province → district → commune, with departments under a
 * district or province. `path` is the materialised chain of ids ("/1/4/17/") so
 * "this unit and everything below it" is one prefix match (scope checks, stats).
 * Units are versioned, not edited in place: a merger closes the old row
 * (`validTo`, `supersededById`) so reports keep pointing at the unit they had.
 */
export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id'),
    kind: text('kind', { enum: ['province', 'district', 'commune', 'department'] }).notNull(),
    name: text('name').notNull(),
    smsCode: text('sms_code'),
    path: text('path').notNull().default(''),
    isTriage: boolean('is_triage').notNull().default(false),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    supersededById: integer('superseded_by_id'),
  },
  (t) => [
    uniqueIndex('units_sms_code_active').on(t.smsCode).where(sql`${t.validTo} is null`),
    index('units_parent').on(t.parentId),
    index('units_path').on(t.path),
  ],
);

export const categories = pgTable('categories', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  defaultPriority: text('default_priority', { enum: ['urgent', 'normal', 'complex'] }).notNull().default('normal'),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/**
 * Routing rules, evaluated in ascending `priority`. A rule matches on a
 * category, on keywords (folded: no case, no diacritics), or both; a match may
 * send the report to a unit, and may set its category and priority.
 */
export const routingRules = pgTable('routing_rules', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  priority: integer('priority').notNull().default(100),
  categoryCode: text('category_code'),
  keywords: text('keywords').array(),
  targetUnitId: integer('target_unit_id'),
  setCategoryCode: text('set_category_code'),
  setPriority: text('set_priority', { enum: ['urgent', 'normal', 'complex'] }),
  active: boolean('active').notNull().default(true),
});

/**
 * One row (id 1) whose `version` grows in the same transaction as every change
 * to units, categories or routing rules made through the settings module or
 * the CLI. Each process's catalog cache compares it on every read, so an edit
 * is seen at once by every api and worker process (src/modules/catalog).
 */
export const catalogVersion = pgTable('catalog_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
