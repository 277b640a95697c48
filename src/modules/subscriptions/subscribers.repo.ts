/**
 * Citizens as notice subscribers: contacts found by phone, their opt-outs and
 * web unsubscribe links. The rule everything here serves (issue 6): a citizen
 * who said stop — `HUY` by SMS or Zalo, the web link, or `HUY <code>` for one
 * unit — is never subscribed again by anyone but themselves (`DK` from their
 * own phone or Zalo); an officer's import or a web form typed by someone else
 * leaves them alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { contactIdentities, contacts, noticeOptOuts, noticeUnsubscribeTokens, subscriptions } from '../../db/schema/index.js';

/** The contacts behind these E.164 numbers (their SMS identity), created when missing. */
export async function contactsForPhones(tx: Tx, phones: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (phones.length === 0) return found;
  const read = async (list: string[]) => {
    const rows = await tx.select({ phone: contactIdentities.externalId, contactId: contactIdentities.contactId }).from(contactIdentities)
      .where(and(eq(contactIdentities.channel, 'sms'), inArray(contactIdentities.externalId, list)));
    for (const r of rows) found.set(r.phone, r.contactId);
  };
  await read(phones);
  const missing = phones.filter((p) => !found.has(p));
  if (missing.length === 0) return found;
  const made = await tx.insert(contacts).values(missing.map((phone) => ({ phone }))).returning({ id: contacts.id, phone: contacts.phone });
  const byPhone = new Map(made.map((c) => [c.phone ?? '', c.id]));
  const linked = await tx.insert(contactIdentities)
    .values(missing.map((phone) => ({ contactId: byPhone.get(phone)!, channel: 'sms' as const, externalId: phone })))
    .onConflictDoNothing().returning({ phone: contactIdentities.externalId, contactId: contactIdentities.contactId });
  for (const r of linked) found.set(r.phone, r.contactId);
  // Someone else (an SMS arriving meanwhile) created the identity first: use theirs, drop ours.
  const raced = missing.filter((p) => !found.has(p));
  if (raced.length > 0) {
    await tx.delete(contacts).where(inArray(contacts.id, raced.map((p) => byPhone.get(p)!)));
    await read(raced);
  }
  return found;
}

export type SubscriberState = 'active' | 'opted_out' | 'none';

/**
 * Per contact, for one unit: subscribed already ('active', on any channel),
 * said stop ('opted_out': to all notices, or to this unit), or neither.
 */
export async function subscriberStates(db: DbOrTx, contactIds: number[], unitId: number): Promise<Map<number, SubscriberState>> {
  const states = new Map<number, SubscriberState>(contactIds.map((id) => [id, 'none']));
  if (contactIds.length === 0) return states;
  const subs = await db.select({ contactId: subscriptions.contactId, active: subscriptions.active }).from(subscriptions)
    .where(and(eq(subscriptions.unitId, unitId), inArray(subscriptions.contactId, contactIds)));
  for (const s of subs) {
    if (s.active) states.set(s.contactId, 'active');
    else if (states.get(s.contactId) !== 'active') states.set(s.contactId, 'opted_out');
  }
  const outs = await db.select({ contactId: noticeOptOuts.contactId }).from(noticeOptOuts).where(inArray(noticeOptOuts.contactId, contactIds));
  for (const o of outs) states.set(o.contactId, 'opted_out');
  return states;
}

/** The citizen stopped all notices: remembered, so nobody but them can subscribe them again. */
export async function recordOptOut(tx: DbOrTx, contactId: number, source: string): Promise<void> {
  const at = new Date();
  await tx.insert(noticeOptOuts).values({ contactId, optedOutAt: at, source })
    .onConflictDoUpdate({ target: noticeOptOuts.contactId, set: { optedOutAt: at, source } });
}

/** The citizen subscribed again themselves (`DK`): their new consent lifts the old stop. */
export async function clearOptOut(tx: DbOrTx, contactId: number): Promise<void> {
  await tx.delete(noticeOptOuts).where(eq(noticeOptOuts.contactId, contactId));
}

/** Stop everything for this contact: every subscription inactive, and the opt-out recorded. */
export async function stopAllNotices(tx: DbOrTx, contactId: number, source: string): Promise<void> {
  await tx.update(subscriptions).set({ active: false, updatedAt: new Date() })
    .where(and(eq(subscriptions.contactId, contactId), eq(subscriptions.active, true)));
  await recordOptOut(tx, contactId, source);
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A fresh unsubscribe link token for the contact (the previous one stops working); only its hash is stored. */
export async function newUnsubscribeToken(tx: DbOrTx, contactId: number): Promise<string> {
  const token = randomBytes(18).toString('base64url');
  const tokenHash = hashToken(token);
  await tx.insert(noticeUnsubscribeTokens).values({ contactId, tokenHash })
    .onConflictDoUpdate({ target: noticeUnsubscribeTokens.contactId, set: { tokenHash, createdAt: new Date() } });
  return token;
}

export async function contactForToken(db: DbOrTx, token: string): Promise<number | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const [row] = await db.select({ contactId: noticeUnsubscribeTokens.contactId }).from(noticeUnsubscribeTokens)
    .where(eq(noticeUnsubscribeTokens.tokenHash, hashToken(token))).limit(1);
  return row?.contactId ?? null;
}
