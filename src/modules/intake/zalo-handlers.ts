/**
 * Intake handlers of Zalo's non-message events (parsed in
 * src/channels/zalo-oa/zalo.parse.ts). Each runs inside the intake job's
 * transaction, so it acts once even when the job runs twice.
 *
 * - follow / unfollow: recorded on the citizen's identity profile
 *   (`followed`, `followChangedAt`; an older event never overrides a newer one).
 *   The Zalo sender refuses to message an unfollowed citizen (SMS fallback).
 * - oa_echo (`oa_send_*`): what the OA sent. Our own sends are recognised by
 *   provider id (messages / channel_sent_parts); anything else was typed by an
 *   officer in the Zalo OA app and is recorded as a `sent` reply on the
 *   citizen's open report. Race: Zalo may echo before our send has committed its
 *   provider id — while a Zalo message to this citizen is still being sent, the
 *   handler throws a RetryableError so the job runs again later (for at most
 *   ECHO_DEFER_MS after the echo arrived).
 * - user_submit_info: the citizen shared a phone number / name: set them on the
 *   contact (phone as E.164) and link an SMS identity, so SMS fallback works.
 */
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { contactIdentities, contacts, inboundEvents, messages, reportEvents, reports } from '../../db/schema/index.js';
import type { InboundOther } from '../../channels/types.js';
import { normalizePhone } from '../../domain/phone.js';
import { RetryableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { messageSendInFlight, messagesWithProviderIds, registerOtherHandler, type EventContext } from './intake.service.js';

/** How long an echo waits for an in-flight send of ours to commit its provider id. */
export const ECHO_DEFER_MS = 5 * 60 * 1000;

type Outcome = 'processed' | 'ignored';

async function identityOf(tx: Tx, userId: string) {
  const [row] = await tx.select({ id: contactIdentities.id, contactId: contactIdentities.contactId }).from(contactIdentities)
    .where(and(eq(contactIdentities.channel, 'zalo'), eq(contactIdentities.externalId, userId)));
  return row;
}

// ---------------------------------------------------------------- follow / unfollow

const followData = z.object({ userId: z.string().min(1), userIdByApp: z.string().optional() });

async function followChange(ctx: EventContext, ev: InboundOther): Promise<Outcome> {
  const d = followData.safeParse(ev.data);
  if (!d.success) return 'ignored';
  const patch = { followed: ev.event === 'follow', followChangedAt: ev.at, ...(d.data.userIdByApp ? { user_id_by_app: d.data.userIdByApp } : {}) };
  const updated = await ctx.tx.update(contactIdentities)
    .set({ profile: sql`coalesce(${contactIdentities.profile}, '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb` })
    .where(and(
      eq(contactIdentities.channel, 'zalo'), eq(contactIdentities.externalId, d.data.userId),
      // Out-of-order delivery: keep the newest follow state.
      sql`coalesce((${contactIdentities.profile}->>'followChangedAt')::timestamptz, '-infinity'::timestamptz) <= ${ev.at}::timestamptz`,
    ))
    .returning({ id: contactIdentities.id });
  return updated.length > 0 ? 'processed' : 'ignored';
}

// ---------------------------------------------------------------- OA echoes

const echoData = z.object({
  msgId: z.string().min(1),
  userId: z.string().min(1),
  eventName: z.string(),
  text: z.string().optional(),
  attachments: z.array(z.object({ type: z.string(), url: z.string().optional() })).default([]),
});

const ECHO_PLACEHOLDER: Record<string, string> = {
  oa_send_image: '[Hình ảnh]', oa_send_gif: '[Ảnh GIF]', oa_send_file: '[Tệp đính kèm]', oa_send_sticker: '[Nhãn dán]', oa_send_list: '[Danh sách]',
};

async function eventAgeMs(tx: Tx, eventId: number): Promise<number> {
  const [e] = await tx.select({ age: sql<number>`extract(epoch from now() - ${inboundEvents.receivedAt}) * 1000` })
    .from(inboundEvents).where(eq(inboundEvents.id, eventId));
  return Number(e?.age ?? 0);
}

async function openReportOf(tx: Tx, contactId: number) {
  const [r] = await tx.select({ id: reports.id, assignedUnitId: reports.assignedUnitId }).from(reports)
    .where(and(eq(reports.contactId, contactId), ne(reports.status, 'closed')))
    // Prefer the report that came in over Zalo, then the most recently active.
    .orderBy(sql`(${reports.originChannel} = 'zalo') desc`, desc(reports.lastActivityAt))
    .limit(1);
  return r;
}

async function oaEcho(ctx: EventContext, ev: InboundOther): Promise<Outcome> {
  const d = echoData.safeParse(ev.data);
  if (!d.success) return 'ignored';
  const { msgId, userId, eventName } = d.data;
  if ((await messagesWithProviderIds(ctx.tx, 'zalo', [msgId])).length > 0) return 'ignored';
  const identity = await identityOf(ctx.tx, userId);
  if (!identity) return 'ignored';
  if (await messageSendInFlight(ctx.tx, 'zalo', identity.contactId) && await eventAgeMs(ctx.tx, ctx.eventId) < ECHO_DEFER_MS) {
    throw new RetryableError('zalo echo deferred: a send to this user is in flight', 'echo_deferred');
  }
  const report = await openReportOf(ctx.tx, identity.contactId);
  const at = new Date(ev.at);
  const body = d.data.text?.trim() || ECHO_PLACEHOLDER[eventName] || '[Tin nhắn]';
  const [m] = await ctx.tx.insert(messages).values({
    reportId: report?.id ?? null, contactId: identity.contactId, direction: 'out', channel: 'zalo', kind: 'reply', body,
    providerMessageId: msgId, status: 'sent', createdAt: at, sentAt: at,
  }).onConflictDoNothing().returning({ id: messages.id });
  if (!m) return 'ignored';
  if (report) {
    await ctx.tx.update(reports).set({ firstResponseAt: sql`coalesce(${reports.firstResponseAt}, ${at.toISOString()}::timestamptz)`, updatedAt: new Date() })
      .where(eq(reports.id, report.id));
    await ctx.tx.insert(reportEvents).values({
      reportId: report.id, type: 'reply_sent', actorKind: 'officer', unitId: report.assignedUnitId, at, data: { messageId: m.id, via: 'zalo_oa_app' },
    });
    const unit = ctx.catalog.units.get(report.assignedUnitId);
    ctx.effects.realtime.push({ event: 'message.created', unitPaths: [unit?.path ?? ''], reportId: report.id, data: { messageId: m.id, direction: 'out', via: 'zalo_oa_app' } });
  }
  return 'processed';
}

// ---------------------------------------------------------------- user_submit_info

const infoData = z.object({ userId: z.string().min(1), name: z.string().optional(), phone: z.string().optional() });

async function submitInfo(ctx: EventContext, ev: InboundOther): Promise<Outcome> {
  const d = infoData.safeParse(ev.data);
  if (!d.success) return 'ignored';
  const identity = await identityOf(ctx.tx, d.data.userId);
  if (!identity) return 'ignored';
  const phone = d.data.phone ? normalizePhone(d.data.phone) : null;
  const name = d.data.name?.trim();
  const patch = { ...(phone?.ok ? { phone: phone.e164 } : {}), ...(name ? { displayName: name } : {}) };
  if (Object.keys(patch).length === 0) return 'ignored';
  await ctx.tx.update(contacts).set(patch).where(eq(contacts.id, identity.contactId));
  if (phone?.ok) await linkSmsIdentity(ctx.tx, identity.contactId, phone.e164);
  const report = await openReportOf(ctx.tx, identity.contactId);
  if (report) {
    await ctx.tx.insert(reportEvents).values({
      reportId: report.id, type: 'contact_info_shared', actorKind: 'citizen', unitId: report.assignedUnitId, at: new Date(ev.at),
      data: { fields: Object.keys(patch), channel: 'zalo' },
    });
  }
  return 'processed';
}

/** The same person's SMS identity; never moves a number that already belongs to another contact. */
async function linkSmsIdentity(tx: Tx, contactId: number, e164: string): Promise<void> {
  const inserted = await tx.insert(contactIdentities).values({ contactId, channel: 'sms', externalId: e164 }).onConflictDoNothing()
    .returning({ id: contactIdentities.id });
  if (inserted.length > 0) return;
  const [owner] = await tx.select({ contactId: contactIdentities.contactId }).from(contactIdentities)
    .where(and(inArray(contactIdentities.channel, ['sms']), eq(contactIdentities.externalId, e164)));
  if (owner && owner.contactId !== contactId) logger.info({ contactId, otherContactId: owner.contactId }, 'shared phone already linked to another contact; not merged');
}

registerOtherHandler('zalo:follow', followChange);
registerOtherHandler('zalo:unfollow', followChange);
registerOtherHandler('zalo:oa_echo', oaEcho);
registerOtherHandler('zalo:user_submit_info', submitInfo);
