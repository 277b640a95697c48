/**
 * The database side of the SMS commands (DESIGN.md "SMS grammar"), inside the
 * intake job's transaction. Each command stores the citizen's SMS as an inbound
 * message and, where it answers, a `queued` outbound SMS of kind 'system' that
 * is enqueued after commit (ctx.effects.outboundMessageIds).
 */
import { and, desc, eq } from 'drizzle-orm';
import { inboundEvents, messages, reports, subscriptions } from '../../db/schema/index.js';
import type { InboundMessage } from '../../channels/types.js';
import { parseTrackingCode } from '../../domain/tracking-code.js';
import { findOrCreateContact, type ContactRef } from './contacts.repo.js';
import type { EventContext } from './intake.service.js';
import { smsReplies } from './sms-replies.js';
import { clearOptOut, recordOptOut } from '../subscriptions/subscribers.repo.js';
import { isRatable, recordRating } from '../sla/rating.service.js';

/** Store the citizen's SMS (linked to a report when it concerns one) and queue our answer. */
export async function answer(ctx: EventContext, msg: InboundMessage, text: string, reportId: number | null = null, contact?: ContactRef): Promise<ContactRef> {
  const who = contact ?? await findOrCreateContact(ctx.tx, ctx.channel, msg);
  await ctx.tx.insert(messages).values({
    reportId, contactId: who.id, direction: 'in', channel: ctx.channel, kind: 'text', body: msg.text,
    inboundEventId: ctx.eventId, providerMessageId: msg.externalId, status: 'received', createdAt: new Date(msg.receivedAt),
  });
  // The citizen is waiting for this answer: it is not held for quiet hours.
  const [out] = await ctx.tx.insert(messages).values({
    reportId, contactId: who.id, direction: 'out', channel: ctx.channel, kind: 'system', body: text, status: 'queued', urgent: 1,
  }).returning({ id: messages.id });
  if (out) ctx.effects.outboundMessageIds.push(out.id);
  return who;
}

/** `TC <code>`: the status of any report by its code — public information, no personal data. */
export async function statusReply(ctx: EventContext, rawCode: string, baseUrl: string | null): Promise<string> {
  const code = parseTrackingCode(rawCode);
  if (!code) return smsReplies.badCode(rawCode);
  const [r] = await ctx.tx.select({ status: reports.status, assignedUnitId: reports.assignedUnitId, dueAt: reports.dueAt })
    .from(reports).where(eq(reports.code, code)).limit(1);
  if (r) {
    const unitName = ctx.catalog.units.get(r.assignedUnitId)?.name ?? null;
    return smsReplies.status({ code, status: r.status, unitName, dueAt: r.dueAt, baseUrl });
  }
  // A web report whose intake has not run yet is already received.
  const [ev] = await ctx.tx.select({ id: inboundEvents.id }).from(inboundEvents).where(eq(inboundEvents.trackingCode, code)).limit(1);
  return ev ? smsReplies.status({ code, status: 'received', unitName: null, dueAt: null, baseUrl }) : smsReplies.notFound(code);
}

/** `DK <code>`: subscribe this phone to the unit's notices, recording consent. */
export async function subscribe(ctx: EventContext, contactId: number, unitId: number): Promise<void> {
  const now = new Date();
  // 'sms:DK', or 'zalo:DK' when the Zalo interpreter (src/modules/subscriptions/zalo-subscribe.ts) reuses this.
  const consentSource = `${ctx.channel}:DK`;
  await ctx.tx.insert(subscriptions).values({ contactId, unitId, channel: ctx.channel, active: true, consentAt: now, consentSource })
    .onConflictDoUpdate({
      target: [subscriptions.contactId, subscriptions.unitId, subscriptions.channel],
      set: { active: true, consentAt: now, consentSource, updatedAt: now },
    });
  // Notices (issue 6): the citizen's own DK is fresh consent and lifts an earlier HUY.
  await clearOptOut(ctx.tx, contactId);
}

/** `HUY [code]`: stop one unit's notices, or all of them. */
export async function unsubscribe(ctx: EventContext, contactId: number, unitId: number | null): Promise<void> {
  await ctx.tx.update(subscriptions).set({ active: false, updatedAt: new Date() })
    .where(and(eq(subscriptions.contactId, contactId), eq(subscriptions.channel, ctx.channel), eq(subscriptions.active, true),
      ...(unitId === null ? [] : [eq(subscriptions.unitId, unitId)])));
  // Notices (issue 6): a plain HUY is remembered, so no import or web form subscribes this citizen again.
  if (unitId === null) await recordOptOut(ctx.tx, contactId, `${ctx.channel}:HUY`);
}

/**
 * The report a lone digit rates: the contact's most recent report, if its
 * answer may be rated (answered, or closed within 30 days of the answer, and
 * not rated since — src/modules/sla/rating.service.ts). A digit sent while a
 * report is still open is ordinary text for that report.
 */
export async function ratableReport(ctx: EventContext, contactId: number) {
  const [r] = await ctx.tx.select({
    id: reports.id, code: reports.code, status: reports.status, assignedUnitId: reports.assignedUnitId, answeredAt: reports.answeredAt, ratedAt: reports.ratedAt,
  }).from(reports).where(eq(reports.contactId, contactId)).orderBy(desc(reports.lastActivityAt), desc(reports.id)).limit(1);
  return r && isRatable(r) ? r : null;
}

/** Record the rating through the shared rating service; 1–2 reopens the report for its unit. Returns whether it reopened. */
export async function rate(ctx: EventContext, report: { id: number; assignedUnitId: number }, score: number): Promise<boolean> {
  const unitPath = ctx.catalog.units.get(report.assignedUnitId)?.path ?? '';
  const result = await recordRating(ctx.tx, { reportId: report.id, assignedUnitId: report.assignedUnitId, unitPath, score, channel: ctx.channel });
  ctx.effects.realtime.push(...result.realtime);
  return result.reopened;
}
