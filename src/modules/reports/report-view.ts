/**
 * The report as the workspace shows it: the report, the masked reporter, the
 * thread (citizen messages, our replies with delivery status, internal notes),
 * attachments behind the scoped download route, and the timeline. Citizen text
 * is returned as plain text; only officer HTML (sanitised when written) is HTML.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { attachments, categories, contacts, messages, reportEvents, reports, units, users } from '../../db/schema/index.js';
import { maskName } from '../../domain/masking.js';
import { maskPhone, normalizePhone } from '../../domain/phone.js';
import { formatTrackingCode } from '../../domain/tracking-code.js';
import type { ReplyChannel } from './reply-preview.js';

type ReportRow = typeof reports.$inferSelect;
type Ref = { id: number; name: string };

/** Where a reply goes: the citizen's channel; a web report by SMS if it left a mobile number, else on the lookup page. */
export function replyChannelFor(origin: ReportRow['originChannel'], phone: string | null): ReplyChannel {
  if (origin !== 'web') return origin;
  if (!phone) return 'web';
  const p = normalizePhone(phone);
  return p.ok && p.kind === 'mobile' ? 'sms' : 'web';
}

export async function loadContact(db: DbOrTx, contactId: number) {
  const [c] = await db.select({ displayName: contacts.displayName, phone: contacts.phone, deidentifiedAt: contacts.deidentifiedAt })
    .from(contacts).where(eq(contacts.id, contactId)).limit(1);
  return c ?? { displayName: null, phone: null, deidentifiedAt: null };
}

async function namesOf(db: DbOrTx, userIds: number[], unitIds: number[]) {
  const [u, n] = await Promise.all([
    userIds.length ? db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
    unitIds.length ? db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)) : [],
  ]);
  const userMap = new Map<number, { id: number; displayName: string }>(u.map((x) => [x.id, x]));
  const unitMap = new Map<number, Ref>(n.map((x) => [x.id, x]));
  return { user: (id: number | null) => (id === null ? null : userMap.get(id) ?? null), unit: (id: number | null) => (id === null ? null : unitMap.get(id) ?? null) };
}

export function reportSummary(r: ReportRow, refs: { category: { id: number; code: string; nameVi: string; nameEn: string } | null; assigned: Ref | null; location: Ref | null }, replyChannel: ReplyChannel) {
  const overdue = r.dueAt !== null && r.dueAt.getTime() < Date.now() && (r.status === 'received' || r.status === 'in_progress');
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id, code: r.code, codeFormatted: formatTrackingCode(r.code), status: r.status, priority: r.priority,
    originChannel: r.originChannel, replyChannel, triage: r.triage === 1, category: refs.category,
    assignedUnit: refs.assigned ?? { id: r.assignedUnitId, name: '' }, locationUnit: refs.location,
    description: r.description, location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
    receivedAt: r.receivedAt.toISOString(), lastActivityAt: r.lastActivityAt.toISOString(), ackDueAt: iso(r.ackDueAt),
    dueAt: iso(r.dueAt), firstResponseAt: iso(r.firstResponseAt), answeredAt: iso(r.answeredAt), closedAt: iso(r.closedAt), overdue,
  };
}

export async function buildReportView(db: DbOrTx, report: ReportRow, viewer: { canReveal: boolean }) {
  const [contact, thread, files, events, category] = await Promise.all([
    loadContact(db, report.contactId),
    db.select().from(messages).where(eq(messages.reportId, report.id)).orderBy(asc(messages.createdAt), asc(messages.id)),
    db.select().from(attachments).where(eq(attachments.reportId, report.id)).orderBy(asc(attachments.id)),
    db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id)).orderBy(asc(reportEvents.at), asc(reportEvents.id)),
    report.categoryId === null ? Promise.resolve([]) : db.select({ id: categories.id, code: categories.code, nameVi: categories.nameVi, nameEn: categories.nameEn })
      .from(categories).where(eq(categories.id, report.categoryId)),
  ]);
  const userIds = [...new Set([...thread.map((m) => m.authorUserId), ...events.map((e) => e.actorUserId)].filter((x): x is number => x !== null))];
  const unitIds = [...new Set([report.assignedUnitId, report.locationUnitId, ...events.map((e) => e.unitId)].filter((x): x is number => x !== null))];
  const names = await namesOf(db, userIds, unitIds);
  const filesByMessage = new Map<number, number[]>();
  for (const f of files) if (f.messageId !== null) filesByMessage.set(f.messageId, [...(filesByMessage.get(f.messageId) ?? []), f.id]);
  return {
    report: reportSummary(report, { category: category[0] ?? null, assigned: names.unit(report.assignedUnitId), location: names.unit(report.locationUnitId) },
      replyChannelFor(report.originChannel, contact.phone)),
    reporter: {
      name: maskName(contact.displayName), phone: contact.phone ? maskPhone(contact.phone) : null,
      masked: true, canReveal: viewer.canReveal && contact.deidentifiedAt === null, deidentified: contact.deidentifiedAt !== null,
    },
    thread: thread.map((m) => ({
      id: m.id, direction: m.direction, kind: m.kind, channel: m.channel, text: m.body,
      html: m.direction === 'in' ? null : m.bodyHtml, status: m.status, errorCode: m.errorCode,
      author: names.user(m.authorUserId), createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null,
      deliveredAt: m.deliveredAt?.toISOString() ?? null, attachmentIds: filesByMessage.get(m.id) ?? [],
    })),
    attachments: files.map(attachmentView),
    timeline: events.map((e) => ({
      id: e.id, type: e.type, actorKind: e.actorKind, actor: names.user(e.actorUserId), unit: names.unit(e.unitId),
      data: e.data ?? {}, at: e.at.toISOString(),
    })),
  };
}
export type ReportView = Awaited<ReturnType<typeof buildReportView>>;

export function attachmentView(f: typeof attachments.$inferSelect) {
  return {
    id: f.id, messageId: f.messageId, kind: f.kind, mime: f.mime, size: f.size, status: f.status,
    url: f.status === 'stored' && f.storageKey ? `/api/attachments/${f.id}` : null, createdAt: f.createdAt.toISOString(),
  };
}
