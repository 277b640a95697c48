/**
 * Citizens' subscriptions to a unit's notices (SMS `DK <code>`, `HUY`). Minimal on
 * purpose: the notices issue builds sending on it. Consent is recorded with its
 * time and source (Decree 356/2025 and Law 91/2025 on personal data: DESIGN.md
 * invariant 6); `HUY` deactivates instead of deleting so the consent history stays.
 */
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { CHANNELS } from './reports.js';

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    unitId: integer('unit_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    active: boolean('active').notNull().default(true),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    /** How consent was given, e.g. 'sms:DK'. */
    consentSource: text('consent_source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscriptions_contact_unit_channel').on(t.contactId, t.unitId, t.channel),
    index('subscriptions_unit_active').on(t.unitId, t.active),
  ],
);
