/**
 * The intake job's work: one inbound event, one transaction. The event row is
 * locked first and skipped unless still `pending`, so a job that runs twice —
 * a redelivered job, a reconciler re-enqueue — acts once (invariant 3). A
 * worker killed mid-way rolls the whole transaction back.
 */
import { and, eq, inArray, isNotNull, isNull, notInArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { channelSentParts, inboundEvents, messages, noticeDeliveries, reportEvents, reports, type Channel } from '../../db/schema/index.js';
import {
  normalizedEventSchema, type InboundMessage, type InboundOther, type InboundStatus,
} from '../../channels/types.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.service.js';
import { deadlineConfigFor, type DeadlineConfig } from '../sla/sla-config.repo.js';
import { findOrCreateContact } from './contacts.repo.js';
import { explicitUnitOf, openOrContinue } from './intake.report.js';
import { noEffects, type IntakeEffects } from './intake.types.js';
import { logger } from '../../lib/logger.js';
import { RetryableError } from '../../lib/errors.js';
import { followReceipt } from '../notices/follow.js';

export interface EventContext {
  tx: Tx;
  catalog: Catalog;
  /** Deadline policies and calendar matching `catalog`'s stamp. */
  deadlines: DeadlineConfig;
  eventId: number;
  channel: Channel;
  provider: string;
  trackingCode: string | null;
  effects: IntakeEffects;
}

/**
 * A channel may interpret a message before it becomes report text (the SMS
 * grammar: PA/TC/DK/HUY). Returning `handled: true` means the interpreter did
 * all the work; otherwise intake continues with `forceNew` and possibly edited
 * message fields.
 */
export type MessageInterpreter = (ctx: EventContext, msg: InboundMessage) =>
  Promise<{ handled: true } | { handled: false; msg: InboundMessage; forceNew: boolean }>;
export type OtherHandler = (ctx: EventContext, ev: InboundOther) => Promise<'processed' | 'ignored'>;

const interpreters = new Map<string, MessageInterpreter>();
const otherHandlers = new Map<string, OtherHandler>();

/** Register a channel's interpreter; key is `channel` (e.g. 'sms'). */
export function registerInterpreter(channel: Channel, fn: MessageInterpreter): void { interpreters.set(channel, fn); }
/** Register a handler for a non-message event, keyed `channel:event` (e.g. 'zalo:follow'). */
export function registerOtherHandler(key: string, fn: OtherHandler): void { otherHandlers.set(key, fn); }

export async function processInboundEvent(db: Db, eventId: number): Promise<IntakeEffects> {
  // Routing and deadlines must see a unit, rule, policy or day off an administrator saved a moment ago, in
  // whichever process: the stamp is read now, and the deadline configuration is the copy of that stamp.
  const catalog = await loadCatalog(db, { verify: true });
  const deadlines = await deadlineConfigFor(db, catalog);
  return db.transaction(async (tx) => {
    const [ev] = await tx.select().from(inboundEvents).where(eq(inboundEvents.id, eventId)).for('update');
    if (!ev || ev.status !== 'pending') return noEffects();
    const parsed = normalizedEventSchema.safeParse((ev.payload as { event?: unknown }).event);
    const finish = (status: 'processed' | 'ignored' | 'failed', error: string | null = null) =>
      tx.update(inboundEvents).set({ status, error, processedAt: new Date(), attempts: ev.attempts + 1 }).where(eq(inboundEvents.id, ev.id));
    if (!parsed.success) {
      // A poison payload is marked failed, not retried: retrying cannot fix it.
      logger.warn({ eventId, issues: parsed.error.issues.length }, 'inbound event has an invalid payload');
      await finish('failed', 'invalid payload');
      return noEffects();
    }
    const ctx: EventContext = { tx, catalog, deadlines, eventId: ev.id, channel: ev.channel, provider: ev.provider, trackingCode: ev.trackingCode, effects: noEffects() };
    const event = parsed.data;
    let outcome: 'processed' | 'ignored' = 'processed';
    if (event.type === 'message') await handleMessage(ctx, event);
    else if (event.type === 'status') outcome = await handleStatus(ctx, event, ev.receivedAt);
    else outcome = await handleOther(ctx, event);
    await finish(outcome);
    return ctx.effects;
  });
}

async function handleMessage(ctx: EventContext, original: InboundMessage): Promise<void> {
  let msg = original;
  let forceNew = false;
  const interpret = interpreters.get(ctx.channel);
  if (interpret) {
    const r = await interpret(ctx, original);
    if (r.handled) return;
    msg = r.msg;
    forceNew = r.forceNew;
  }
  // A contact created now starts with the commune the message names as home commune; createReport sets it
  // for a known contact that has none (the same outcome, one statement fewer for a first message).
  const contact = await findOrCreateContact(ctx.tx, ctx.channel, msg, { homeUnitId: explicitUnitOf(ctx.catalog, msg)?.id ?? null });
  ctx.effects.reportId = await openOrContinue({
    tx: ctx.tx, catalog: ctx.catalog, deadlines: ctx.deadlines, channel: ctx.channel, eventId: ctx.eventId, trackingCode: ctx.trackingCode,
    msg, contact, forceNew, effects: ctx.effects,
  });
}

/** Delivery receipts only move a message forward (sent → delivered → read) or to failed. */
const STATUS_ORDER = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 } as const;
const BEFORE: Record<InboundStatus['status'], (keyof typeof STATUS_ORDER | 'failed' | 'undeliverable')[]> = {
  sent: ['delivered', 'read', 'sent', 'failed', 'undeliverable'],
  delivered: ['delivered', 'read', 'failed', 'undeliverable'],
  read: ['read', 'failed', 'undeliverable'],
  failed: ['failed', 'undeliverable', 'delivered', 'read'],
};

/** How long a receipt for an unknown provider id waits for an in-flight send of ours to commit that id. */
export const RECEIPT_DEFER_MS = 5 * 60 * 1000;

/** Our outbound messages carrying these provider ids: the message's own id, or any part of a message sent in several (channel_sent_parts). */
export async function messagesWithProviderIds(tx: Tx, channel: Channel, providerIds: string[]): Promise<number[]> {
  if (providerIds.length === 0) return [];
  const own = await tx.select({ id: messages.id }).from(messages)
    .where(and(eq(messages.channel, channel), eq(messages.direction, 'out'), inArray(messages.providerMessageId, providerIds)));
  const parts = await tx.select({ id: channelSentParts.messageId }).from(channelSentParts)
    .where(and(eq(channelSentParts.channel, channel), inArray(channelSentParts.providerMessageId, providerIds)));
  return [...new Set([...own, ...parts].map((m) => m.id))];
}

/** Is a send of ours on this channel (to this contact) between "provider called" and "provider id committed"? */
export async function messageSendInFlight(tx: Tx, channel: Channel, contactId?: number): Promise<boolean> {
  const [m] = await tx.select({ id: messages.id }).from(messages)
    .where(and(eq(messages.channel, channel), eq(messages.direction, 'out'), eq(messages.status, 'sending'), isNull(messages.providerMessageId),
      contactId === undefined ? undefined : eq(messages.contactId, contactId)))
    .limit(1);
  return !!m;
}

/** A receipt may also be for a ZNS notice delivery (Zalo channel) still being sent. */
async function sendInFlight(tx: Tx, channel: Channel): Promise<boolean> {
  if (await messageSendInFlight(tx, channel)) return true;
  if (channel !== 'zalo') return false;
  const [z] = await tx.select({ id: noticeDeliveries.id }).from(noticeDeliveries)
    .where(and(eq(noticeDeliveries.channel, 'zns'), isNotNull(noticeDeliveries.sendingSince), isNull(noticeDeliveries.providerMessageId)))
    .limit(1);
  return !!z;
}

async function handleStatus(ctx: EventContext, ev: InboundStatus, receivedAt: Date): Promise<'processed' | 'ignored'> {
  const at = new Date(ev.at);
  const known = await messagesWithProviderIds(ctx.tx, ctx.channel, ev.providerMessageIds);
  const updated = known.length === 0 ? [] : await ctx.tx.update(messages)
    .set({
      status: ev.status,
      ...(ev.status === 'delivered' || ev.status === 'read' ? { deliveredAt: at } : {}),
      ...(ev.status === 'failed' ? { errorCode: ev.errorCode ?? 'failed' } : {}),
    })
    .where(and(inArray(messages.id, known), notInArray(messages.status, BEFORE[ev.status])))
    .returning({ id: messages.id, reportId: messages.reportId });
  // Notices (issue 6): deliveries carried by these messages, or sent by ZNS with these ids, follow the receipt.
  const noticeIds = await followReceipt(ctx.tx, ctx.channel, ev, updated.map((m) => m.id));
  if (noticeIds.length > 0) ctx.effects.noticeIds = [...(ctx.effects.noticeIds ?? []), ...noticeIds];
  if (known.length === 0 && noticeIds.length === 0 && Date.now() - receivedAt.getTime() < RECEIPT_DEFER_MS
    && await sendInFlight(ctx.tx, ctx.channel)) {
    // The provider may report on a message before our send has committed its id: try again shortly.
    throw new RetryableError('receipt deferred: a send on this channel is in flight', 'receipt_deferred');
  }
  if (updated.length === 0) return noticeIds.length > 0 ? 'processed' : 'ignored';
  for (const m of updated) {
    if (m.reportId === null) continue;
    await ctx.tx.insert(reportEvents).values({ reportId: m.reportId, type: `delivery_${ev.status}`, actorKind: 'system', at, data: { messageId: m.id, errorCode: ev.errorCode ?? null } });
    const [r] = await ctx.tx.select({ assignedUnitId: reports.assignedUnitId }).from(reports).where(eq(reports.id, m.reportId));
    const unit = r ? ctx.catalog.units.get(r.assignedUnitId) : undefined;
    ctx.effects.realtime.push({ event: 'message.status', unitPaths: [unit?.path ?? ''], reportId: m.reportId, data: { messageId: m.id, status: ev.status } });
  }
  return 'processed';
}

async function handleOther(ctx: EventContext, ev: InboundOther): Promise<'processed' | 'ignored'> {
  const handler = otherHandlers.get(`${ctx.channel}:${ev.event}`);
  return handler ? handler(ctx, ev) : 'ignored';
}
