import { bigserial, index, integer, jsonb, bigint, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const contacts = pgTable('contacts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  displayName: text('display_name'),
  phone: text('phone'),
  homeUnitId: integer('home_unit_id'),
  consentAt: timestamp('consent_at', { withTimezone: true }),
  consentVersion: text('consent_version'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deidentifiedAt: timestamp('deidentified_at', { withTimezone: true }),
}, (t) => [index('contacts_phone').on(t.phone)]);

/** One row per way a citizen reaches us: an SMS number, a Zalo user id, a web phone. */
export const contactIdentities = pgTable(
  'contact_identities',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    channel: text('channel', { enum: ['web', 'sms', 'zalo'] }).notNull(),
    externalId: text('external_id').notNull(),
    profile: jsonb('profile').$type<Record<string, unknown>>(),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contact_identities_channel_ext').on(t.channel, t.externalId), index('contact_identities_contact').on(t.contactId)],
);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['officer', 'leader', 'admin'] }).notNull(),
  unitId: integer('unit_id').notNull(),
  phone: text('phone'),
  canRevealPersonalData: integer('can_reveal').notNull().default(0),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  sessionEpoch: integer('session_epoch').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: integer('user_id'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  data: jsonb('data').$type<Record<string, unknown>>(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('audit_log_at').on(t.at)]);

export const seedRuns = pgTable('seed_runs', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
