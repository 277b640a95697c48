/**
 * Reads and guarded writes of outbound messages. Every status change names the
 * states it may leave (`WHERE status IN …`), so a job that runs twice, or a
 * delivery receipt racing a retry, moves a message at most once.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { contactIdentities, contacts, messages, reports } from '../../db/schema/index.js';
import { loadCatalog } from '../catalog/catalog.service.js';

export type OutboundRow = Pick<typeof messages.$inferSelect,
  'id' | 'reportId' | 'contactId' | 'channel' | 'kind' | 'body' | 'status' | 'providerMessageId' | 'urgent' | 'sendAfter' | 'createdAt' | 'authorUserId'>;

export async function loadOutbound(db: DbOrTx, id: number): Promise<OutboundRow | undefined> {
  const [m] = await db.select({
    id: messages.id, reportId: messages.reportId, contactId: messages.contactId, channel: messages.channel, kind: messages.kind,
    body: messages.body, status: messages.status, providerMessageId: messages.providerMessageId, urgent: messages.urgent,
    sendAfter: messages.sendAfter, createdAt: messages.createdAt, authorUserId: messages.authorUserId,
  }).from(messages).where(and(eq(messages.id, id), eq(messages.direction, 'out'))).limit(1);
  return m;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The contact's address on the message's channel: its newest identity there; for SMS, else contacts.phone. */
export async function recipientFor(db: DbOrTx, msg: Pick<OutboundRow, 'contactId' | 'channel'>): Promise<string | null> {
  if (msg.contactId === null) return null;
  const [identity] = await db.select({ externalId: contactIdentities.externalId }).from(contactIdentities)
    .where(and(eq(contactIdentities.contactId, msg.contactId), eq(contactIdentities.channel, msg.channel)))
    .orderBy(sql`${contactIdentities.lastInboundAt} desc nulls last`, desc(contactIdentities.id)).limit(1);
  if (identity) return identity.externalId;
  if (msg.channel !== 'sms') return null;
  const [c] = await db.select({ phone: contacts.phone }).from(contacts).where(eq(contacts.id, msg.contactId)).limit(1);
  return c?.phone && E164.test(c.phone) ? c.phone : null;
}

/** A phone number to fall back to: an SMS identity, or the phone the citizen gave. */
export async function fallbackPhone(db: DbOrTx, contactId: number | null): Promise<string | null> {
  return contactId === null ? null : recipientFor(db, { contactId, channel: 'sms' });
}

/** Provider id of the citizen's latest message on this report and channel (Zalo quotes it). */
export async function quoteFor(db: DbOrTx, msg: Pick<OutboundRow, 'reportId' | 'channel'>): Promise<string | undefined> {
  if (msg.reportId === null) return undefined;
  const [m] = await db.select({ id: messages.providerMessageId }).from(messages)
    .where(and(eq(messages.reportId, msg.reportId), eq(messages.channel, msg.channel), eq(messages.direction, 'in'), sql`${messages.providerMessageId} is not null`))
    .orderBy(desc(messages.id)).limit(1);
  return m?.id ?? undefined;
}

export async function reportPriority(db: DbOrTx, reportId: number | null): Promise<string | null> {
  if (reportId === null) return null;
  const [r] = await db.select({ priority: reports.priority }).from(reports).where(eq(reports.id, reportId)).limit(1);
  return r?.priority ?? null;
}

/** Unit paths whose rooms hear about this report (its assigned unit's chain). */
export async function unitPathsOf(db: Db, reportId: number | null): Promise<string[]> {
  if (reportId === null) return [];
  const [r] = await db.select({ unitId: reports.assignedUnitId }).from(reports).where(eq(reports.id, reportId)).limit(1);
  const unit = r ? (await loadCatalog(db)).units.get(r.unitId) : undefined;
  return unit ? [unit.path] : [];
}

/**
 * Longer than the longest send (8 parts × 15 s timeout): a claim this old belongs to a
 * sender that died, and may be taken over.
 */
export const SEND_LEASE_S = 180;

/**
 * queued → sending (or a dead sender's expired claim → sending), counting the
 * attempt. Exactly one caller wins, so two runs of the same job never both send.
 */
export async function claimForSending(db: Db, id: number): Promise<boolean> {
  const rows = await db.update(messages)
    .set({ status: 'sending', attempts: sql`${messages.attempts} + 1`, sendingSince: sql`now()` })
    .where(and(eq(messages.id, id), isNull(messages.providerMessageId), sql`(${messages.status} = 'queued' or (${messages.status} = 'sending'
      and (${messages.sendingSince} is null or ${messages.sendingSince} < now() - make_interval(secs => ${SEND_LEASE_S}))))`))
    .returning({ id: messages.id });
  return rows.length > 0;
}

/** Claims left by senders that died long ago go back to the queue (run by the reconciler). */
export async function releaseAbandonedClaims(db: Db): Promise<number> {
  const rows = await db.update(messages).set({ status: 'queued' })
    .where(and(eq(messages.status, 'sending'), isNull(messages.providerMessageId),
      sql`${messages.sendingSince} < now() - make_interval(secs => ${SEND_LEASE_S * 2})`))
    .returning({ id: messages.id });
  return rows.length;
}

/** After a retryable failure: back to queued (the reconciler's safety net), with the last error. */
export async function releaseForRetry(db: Db, id: number, code: string, message: string): Promise<void> {
  await db.update(messages).set({ status: 'queued', errorCode: code, errorMessage: message.slice(0, 500) })
    .where(and(eq(messages.id, id), eq(messages.status, 'sending')));
}

export async function markSent(tx: DbOrTx, id: number, providerMessageId: string, at: Date): Promise<boolean> {
  const rows = await tx.update(messages)
    .set({ status: 'sent', providerMessageId, sentAt: at, errorCode: null, errorMessage: null })
    .where(and(eq(messages.id, id), inArray(messages.status, ['queued', 'sending']), isNull(messages.providerMessageId)))
    .returning({ id: messages.id });
  return rows.length > 0;
}

export async function markFailed(tx: DbOrTx, id: number, status: 'failed' | 'undeliverable', code: string, message: string): Promise<boolean> {
  const rows = await tx.update(messages)
    .set({ status, errorCode: code, errorMessage: message.slice(0, 500) })
    .where(and(eq(messages.id, id), inArray(messages.status, ['queued', 'sending'])))
    .returning({ id: messages.id });
  return rows.length > 0;
}
