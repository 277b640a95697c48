/**
 * Turning one citizen message into a report or a continuation of one
 * (DESIGN.md data flow step 2). Runs inside the intake job's transaction.
 */
import { and, desc, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { attachments, messages, reportEvents, reports, type Channel } from '../../db/schema/index.js';
import type { InboundMessage, Media } from '../../channels/types.js';
import { route } from '../../domain/routing.js';
import { pickThread } from '../../domain/threading.js';
import { fold } from '../../domain/text.js';
import { newTrackingCode } from '../../domain/tracking-code.js';
import { ackText } from '../../lib/citizen-text.js';
import type { Catalog } from '../catalog/catalog.service.js';
import { setDeadlines } from '../sla/deadlines.service.js';
import { setHomeUnitIfUnset, type ContactRef } from './contacts.repo.js';
import type { IntakeEffects } from './intake.types.js';

export interface MessageContext {
  tx: Tx;
  catalog: Catalog;
  channel: Channel;
  eventId: number;
  trackingCode: string | null;
  msg: InboundMessage;
  contact: ContactRef;
  /** SMS `PA <code>` and the like always open a new report. */
  forceNew: boolean;
  effects: IntakeEffects;
}

export async function openOrContinue(ctx: MessageContext): Promise<number> {
  const candidates = ctx.channel === 'web' || ctx.forceNew ? [] : await ctx.tx
    .select({ id: reports.id, originChannel: reports.originChannel, status: reports.status, lastActivityAt: reports.lastActivityAt })
    .from(reports)
    .where(and(eq(reports.contactId, ctx.contact.id), eq(reports.originChannel, ctx.channel), ne(reports.status, 'closed')))
    .orderBy(desc(reports.lastActivityAt))
    .limit(5);
  const threadId = pickThread({ channel: ctx.channel, forceNew: ctx.forceNew, receivedAt: new Date(ctx.msg.receivedAt), candidates });
  return threadId === null ? createReport(ctx) : appendToReport(ctx, threadId);
}

async function createReport(ctx: MessageContext): Promise<number> {
  const { tx, catalog, msg } = ctx;
  const explicit = msg.unitCode ? catalog.unitsByCode.get(msg.unitCode.toUpperCase()) ?? null : null;
  const decision = route({
    explicitUnitId: explicit?.id ?? null,
    homeUnitId: ctx.contact.homeUnitId,
    categoryCode: msg.categoryCode ?? null,
    text: msg.text,
    units: catalog.units,
    rules: catalog.rules,
    defaultTriageUnitId: catalog.defaultTriageUnitId,
  });
  const category = decision.categoryCode ? catalog.categories.get(decision.categoryCode) ?? null : null;
  const receivedAt = new Date(msg.receivedAt);
  const code = ctx.trackingCode ?? newTrackingCode();
  const priority = decision.priority ?? category?.defaultPriority ?? 'normal';
  const [report] = await tx.insert(reports).values({
    code,
    originChannel: ctx.channel,
    contactId: ctx.contact.id,
    categoryId: category?.id ?? null,
    locationUnitId: decision.locationUnitId,
    assignedUnitId: decision.assignedUnitId,
    routeReason: decision.reason,
    triage: decision.triage ? 1 : 0,
    priority,
    description: msg.text,
    searchText: fold(msg.text),
    lat: msg.location?.lat ?? null,
    lng: msg.location?.lng ?? null,
    receivedAt,
    lastActivityAt: receivedAt,
  }).returning({ id: reports.id });
  if (!report) throw new Error('report insert returned nothing');
  if (explicit) await setHomeUnitIfUnset(tx, ctx.contact.id, explicit.id);
  await insertInbound(ctx, report.id);
  const unit = catalog.units.get(decision.assignedUnitId);
  await tx.insert(reportEvents).values([
    { reportId: report.id, type: 'received', actorKind: 'citizen', unitId: decision.assignedUnitId, at: receivedAt, data: { channel: ctx.channel } },
    { reportId: report.id, type: 'routed', actorKind: 'system', unitId: decision.assignedUnitId,
      data: { reason: decision.reason, ruleId: decision.ruleId, triage: decision.triage, locationUnitId: decision.locationUnitId } },
  ]);
  // Response-time deadlines per policy (src/modules/sla); the SLA sweeper arms the timers.
  await setDeadlines(tx, { reportId: report.id, categoryId: category?.id ?? null, priority, start: receivedAt, unitId: decision.assignedUnitId });
  await acknowledge(ctx, report.id, code, unit?.name ?? '');
  ctx.effects.realtime.push({
    event: 'report.created', unitPaths: [unit?.path ?? ''], reportId: report.id,
    data: { code, assignedUnitId: decision.assignedUnitId, channel: ctx.channel, triage: decision.triage },
  });
  return report.id;
}

/** SMS and Zalo get an automatic acknowledgement with the code; the web page shows it at once. */
async function acknowledge(ctx: MessageContext, reportId: number, code: string, unitName: string): Promise<void> {
  if (ctx.channel === 'web') {
    await ctx.tx.insert(reportEvents).values({ reportId, type: 'acknowledged', actorKind: 'system', data: { channel: 'web' } });
    return;
  }
  const [ack] = await ctx.tx.insert(messages).values({
    reportId, contactId: ctx.contact.id, direction: 'out', channel: ctx.channel, kind: 'ack',
    body: ackText({ code, unitName }), status: 'queued',
  }).returning({ id: messages.id });
  if (ack) ctx.effects.outboundMessageIds.push(ack.id);
  await ctx.tx.insert(reportEvents).values({ reportId, type: 'ack_queued', actorKind: 'system', data: { messageId: ack?.id } });
}

async function appendToReport(ctx: MessageContext, reportId: number): Promise<number> {
  const receivedAt = new Date(ctx.msg.receivedAt);
  const messageId = await insertInbound(ctx, reportId);
  const [r] = await ctx.tx.update(reports)
    .set({ lastActivityAt: receivedAt, updatedAt: new Date() })
    .where(eq(reports.id, reportId))
    .returning({ assignedUnitId: reports.assignedUnitId });
  await ctx.tx.insert(reportEvents).values({ reportId, type: 'message_in', actorKind: 'citizen', unitId: r?.assignedUnitId, at: receivedAt, data: { messageId } });
  const unit = r ? ctx.catalog.units.get(r.assignedUnitId) : undefined;
  ctx.effects.realtime.push({ event: 'message.created', unitPaths: [unit?.path ?? ''], reportId, data: { messageId, direction: 'in' } });
  return reportId;
}

async function insertInbound(ctx: MessageContext, reportId: number): Promise<number> {
  const [m] = await ctx.tx.insert(messages).values({
    reportId, contactId: ctx.contact.id, direction: 'in', channel: ctx.channel, kind: 'text', body: ctx.msg.text,
    inboundEventId: ctx.eventId, providerMessageId: ctx.channel === 'web' ? null : ctx.msg.externalId,
    status: 'received', createdAt: new Date(ctx.msg.receivedAt),
  }).returning({ id: messages.id });
  if (!m) throw new Error('message insert returned nothing');
  if (ctx.msg.media.length > 0) await insertMedia(ctx, reportId, m.id, ctx.msg.media);
  return m.id;
}

async function insertMedia(ctx: MessageContext, reportId: number, messageId: number, media: Media[]): Promise<void> {
  const rows = await ctx.tx.insert(attachments).values(media.map((x) => ({
    reportId, messageId, kind: x.kind, mime: x.mime ?? null, size: x.size ?? null, sha256: x.sha256 ?? null,
    storageKey: x.storageKey ?? null, sourceUrl: x.url ?? null, status: x.storageKey ? 'stored' as const : 'pending' as const,
  }))).returning({ id: attachments.id, status: attachments.status });
  ctx.effects.attachmentDownloads.push(...rows.filter((r) => r.status === 'pending').map((r) => r.id));
}
