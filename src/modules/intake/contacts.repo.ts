/**
 * Contacts and their channel identities. A citizen is found by (channel,
 * external id); the first message creates both rows. Concurrent first messages
 * from one sender race on the unique identity key: the loser re-reads.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { contactIdentities, contacts, type Channel } from '../../db/schema/index.js';
import type { InboundMessage } from '../../channels/types.js';

export interface ContactRef {
  id: number;
  homeUnitId: number | null;
  identityId: number | null;
  /** Created by this call, in the caller's transaction: it has no reports yet. */
  created: boolean;
}

/** `homeUnitId`: the home commune a contact created now starts with (the commune its first report names). */
export async function findOrCreateContact(tx: Tx, channel: Channel, msg: InboundMessage, opts: { homeUnitId?: number | null } = {}): Promise<ContactRef> {
  const externalId = msg.from.externalId;
  const consent = msg.consent ? { consentAt: new Date(msg.consent.at), consentVersion: msg.consent.version } : {};
  const at = new Date(msg.receivedAt);
  if (externalId) {
    const found = await tx
      .select({ id: contacts.id, homeUnitId: contacts.homeUnitId, identityId: contactIdentities.id })
      .from(contactIdentities)
      .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
      .where(and(eq(contactIdentities.channel, channel), eq(contactIdentities.externalId, externalId)))
      .limit(1);
    if (found[0]) {
      await tx.update(contactIdentities).set({ lastInboundAt: at }).where(eq(contactIdentities.id, found[0].identityId));
      const patch = { ...consent, ...(msg.from.name ? { displayName: msg.from.name } : {}), ...(msg.from.phone ? { phone: msg.from.phone } : {}) };
      if (Object.keys(patch).length > 0) await tx.update(contacts).set(patch).where(eq(contacts.id, found[0].id));
      return { ...found[0], created: false };
    }
  }
  const [contact] = await tx
    .insert(contacts)
    .values({ displayName: msg.from.name ?? null, phone: msg.from.phone ?? null, homeUnitId: opts.homeUnitId ?? null, ...consent })
    .returning({ id: contacts.id, homeUnitId: contacts.homeUnitId });
  if (!contact) throw new Error('contact insert returned nothing');
  if (!externalId) return { ...contact, identityId: null, created: true };
  const [identity] = await tx
    .insert(contactIdentities)
    .values({ contactId: contact.id, channel, externalId, profile: msg.from.profile ?? null, lastInboundAt: at })
    .onConflictDoNothing()
    .returning({ id: contactIdentities.id });
  if (identity) return { ...contact, identityId: identity.id, created: true };
  // Another job created this identity between our read and insert: use theirs.
  await tx.delete(contacts).where(eq(contacts.id, contact.id));
  const [again] = await tx
    .select({ id: contacts.id, homeUnitId: contacts.homeUnitId, identityId: contactIdentities.id })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(and(eq(contactIdentities.channel, channel), eq(contactIdentities.externalId, externalId)));
  if (!again) throw new Error('contact identity vanished');
  return { ...again, created: false };
}

export async function setHomeUnitIfUnset(tx: Tx, contactId: number, unitId: number): Promise<void> {
  await tx.update(contacts).set({ homeUnitId: unitId }).where(and(eq(contacts.id, contactId), sql`${contacts.homeUnitId} is null`));
}
