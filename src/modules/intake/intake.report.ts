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
import type { Catalog, UnitInfo } from '../catalog/catalog.service.js';
import { planDeadlines, startSlaClock, type DeadlinePlan } from '../sla/deadlines.service.js';
import type { DeadlineConfig } from '../sla/sla-config.repo.js';
import { setHomeUnitIfUnset, type ContactRef } from './contacts.repo.js';
import type { IntakeEffects } from './intake.types.js';

export interface MessageContext {
  tx: Tx;
  catalog: Catalog;
  /** Deadline policies and calendar matching `catalog`'s stamp. */
  deadlines: DeadlineConfig;
  channel: Channel;
  eventId: number;
  trackingCode: string | null;
  msg: InboundMessage;
  contact: ContactRef;
  /** SMS `PA <code>` and the like always open a new report. */
  forceNew: boolean;
  effects: IntakeEffects;
}

/** The commune a message names itself (web form field, SMS `PA <code>`), if it is an active unit. */
export function explicitUnitOf(catalog: Catalog, msg: InboundMessage): UnitInfo | null {
  return msg.unitCode ? catalog.unitsByCode.get(msg.unitCode.toUpperCase()) ?? null : null;
}

export async function openOrContinue(ctx: MessageContext): Promise<number> {
  // A contact created by this event has no reports to continue.
  const candidates = ctx.channel === 'web' || ctx.forceNew || ctx.contact.created ? [] : await ctx.tx
    .select({ id: reports.id, originChannel: reports.originChannel, status: reports.status, lastActivityAt: reports.lastActivityAt })
    .from(reports)
    .where(and(eq(reports.contactId, ctx.contact.id), eq(reports.originChannel, ctx.channel), ne(reports.status, 'closed')))
    .orderBy(desc(reports.lastActivityAt))
    .limit(5);
  const threadId = pickThread({ channel: ctx.channel, forceNew: ctx.forceNew, receivedAt: new Date(ctx.msg.receivedAt), candidates });
  return threadId === null ? createReport(ctx) : appendToReport(ctx, threadId);
}

/** Where a new report goes and how urgent it is (routing rules over the cached catalog). */
function routeNew(ctx: MessageContext) {
  const { catalog, msg } = ctx;
  const explicit = explicitUnitOf(catalog, msg);
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
  const priority = decision.priority ?? category?.defaultPriority ?? 'normal';
  return { explicit, decision, category, priority };
}

type Routed = ReturnType<typeof routeNew>;

async function insertReport(ctx: MessageContext, r: Routed, code: string, plan: DeadlinePlan): Promise<number> {
  const { msg } = ctx;
  const [report] = await ctx.tx.insert(reports).values({
    code,
    originChannel: ctx.channel,
    contactId: ctx.contact.id,
    categoryId: r.category?.id ?? null,
    locationUnitId: r.decision.locationUnitId,
    assignedUnitId: r.decision.assignedUnitId,
    routeReason: r.decision.reason,
    triage: r.decision.triage ? 1 : 0,
    priority: r.priority,
    description: msg.text,
    searchText: fold(msg.text),
    lat: msg.location?.lat ?? null,
    lng: msg.location?.lng ?? null,
    receivedAt: plan.start,
    lastActivityAt: plan.start,
    ackDueAt: plan.policy?.deadlines.ackDueAt ?? null,
    dueAt: plan.policy?.deadlines.dueAt ?? null,
  }).returning({ id: reports.id });
  if (!report) throw new Error('report insert returned nothing');
  return report.id;
}

/**
 * One statement per table: the report (with its deadlines), its messages (the
 * citizen's and the acknowledgement), its timer state and its first timeline
 * events, in the order the timeline shows them.
 */
async function createReport(ctx: MessageContext): Promise<number> {
  const routed = routeNew(ctx);
  const { explicit, decision } = routed;
  const receivedAt = new Date(ctx.msg.receivedAt);
  const code = ctx.trackingCode ?? newTrackingCode();
  // Response-time deadlines per policy (src/modules/sla), known before the row exists; the SLA sweeper arms the timers.
  const plan = planDeadlines(ctx.deadlines, { categoryId: routed.category?.id ?? null, priority: routed.priority, start: receivedAt });
  const reportId = await insertReport(ctx, routed, code, plan);
  // A contact created by this event already has this home commune (handleMessage).
  if (explicit && !ctx.contact.created) await setHomeUnitIfUnset(ctx.tx, ctx.contact.id, explicit.id);
  const unit = ctx.catalog.units.get(decision.assignedUnitId);
  // SMS and Zalo get an automatic acknowledgement with the code; the web page shows it at once.
  const ackBody = ctx.channel === 'web' ? null : ackText({ code, unitName: unit?.name ?? '' });
  const { ackId } = await insertMessages(ctx, reportId, ackBody);
  if (ackId !== null) ctx.effects.outboundMessageIds.push(ackId);
  const deadlineSet = await startSlaClock(ctx.tx, { reportId, unitId: decision.assignedUnitId, plan });
  await ctx.tx.insert(reportEvents).values([
    { reportId, type: 'received', actorKind: 'citizen', unitId: decision.assignedUnitId, at: receivedAt, data: { channel: ctx.channel } },
    { reportId, type: 'routed', actorKind: 'system', unitId: decision.assignedUnitId,
      data: { reason: decision.reason, ruleId: decision.ruleId, triage: decision.triage, locationUnitId: decision.locationUnitId } },
    ...(deadlineSet ? [deadlineSet] : []),
    ctx.channel === 'web'
      ? { reportId, type: 'acknowledged', actorKind: 'system' as const, data: { channel: 'web' } }
      : { reportId, type: 'ack_queued', actorKind: 'system' as const, data: { messageId: ackId } },
  ]);
  ctx.effects.realtime.push({
    event: 'report.created', unitPaths: [unit?.path ?? ''], reportId,
    data: { code, assignedUnitId: decision.assignedUnitId, channel: ctx.channel, triage: decision.triage },
  });
  return reportId;
}

async function appendToReport(ctx: MessageContext, reportId: number): Promise<number> {
  const receivedAt = new Date(ctx.msg.receivedAt);
  const { inboundId: messageId } = await insertMessages(ctx, reportId, null);
  const [r] = await ctx.tx.update(reports)
    .set({ lastActivityAt: receivedAt, updatedAt: new Date() })
    .where(eq(reports.id, reportId))
    .returning({ assignedUnitId: reports.assignedUnitId });
  await ctx.tx.insert(reportEvents).values({ reportId, type: 'message_in', actorKind: 'citizen', unitId: r?.assignedUnitId, at: receivedAt, data: { messageId } });
  const unit = r ? ctx.catalog.units.get(r.assignedUnitId) : undefined;
  ctx.effects.realtime.push({ event: 'message.created', unitPaths: [unit?.path ?? ''], reportId, data: { messageId, direction: 'in' } });
  return reportId;
}

/** The citizen's message and, when `ackBody` is given, the queued acknowledgement after it, in one statement. */
async function insertMessages(ctx: MessageContext, reportId: number, ackBody: string | null): Promise<{ inboundId: number; ackId: number | null }> {
  const inbound: typeof messages.$inferInsert = {
    reportId, contactId: ctx.contact.id, direction: 'in', channel: ctx.channel, kind: 'text', body: ctx.msg.text,
    inboundEventId: ctx.eventId, providerMessageId: ctx.channel === 'web' ? null : ctx.msg.externalId,
    status: 'received', createdAt: new Date(ctx.msg.receivedAt),
  };
  const rows = await ctx.tx.insert(messages).values([
    inbound,
    ...(ackBody === null ? [] : [{ reportId, contactId: ctx.contact.id, direction: 'out' as const, channel: ctx.channel, kind: 'ack' as const, body: ackBody, status: 'queued' as const }]),
  ]).returning({ id: messages.id, direction: messages.direction });
  const m = rows.find((r) => r.direction === 'in');
  if (!m) throw new Error('message insert returned nothing');
  if (ctx.msg.media.length > 0) await insertMedia(ctx, reportId, m.id, ctx.msg.media);
  return { inboundId: m.id, ackId: rows.find((r) => r.direction === 'out')?.id ?? null };
}

async function insertMedia(ctx: MessageContext, reportId: number, messageId: number, media: Media[]): Promise<void> {
  const rows = await ctx.tx.insert(attachments).values(media.map((x) => ({
    reportId, messageId, kind: x.kind, mime: x.mime ?? null, size: x.size ?? null, sha256: x.sha256 ?? null,
    storageKey: x.storageKey ?? null, sourceUrl: x.url ?? null, status: x.storageKey ? 'stored' as const : 'pending' as const,
  }))).returning({ id: attachments.id, status: attachments.status });
  ctx.effects.attachmentDownloads.push(...rows.filter((r) => r.status === 'pending').map((r) => r.id));
}
