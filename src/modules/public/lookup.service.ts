/**
 * What anyone holding a tracking code may see: status, timeline and the
 * officers' public replies. No names, phone numbers or citizen text beyond the
 * report's own description are returned; internal notes never are.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { inboundEvents, messages, reportEvents, reports, units } from '../../db/schema/index.js';
import { parseTrackingCode } from '../../domain/tracking-code.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { isRatable } from '../sla/rating.service.js';

const PUBLIC_EVENTS = ['received', 'routed', 'acknowledged', 'ack_queued', 'reply_sent', 'transferred', 'status_changed', 'reopened', 'rated'];

export interface PublicReport {
  code: string;
  status: string;
  category: { code: string; nameVi: string; nameEn: string } | null;
  unit: { name: string } | null;
  receivedAt: string;
  answeredAt: string | null;
  timeline: { type: string; at: string; unit?: string; status?: string }[];
  replies: { text: string; at: string }[];
  /** The citizen's latest rating, and whether the current answer may be rated (src/modules/sla/rating.service.ts). */
  rating: { score: number; at: string } | null;
  canRate: boolean;
}

export async function lookupPublicReport(ctx: AppContext, rawCode: string): Promise<PublicReport> {
  const code = parseTrackingCode(rawCode);
  if (!code) throw new ValidationError({ code: { vi: 'Mã tra cứu gồm 9 chữ số, ví dụ 482-910-375.', en: 'A tracking code has 9 digits, e.g. 482-910-375.' } });
  const db = ctx.database.db;
  const [report] = await db.select().from(reports).where(eq(reports.code, code)).limit(1);
  if (!report) return pendingOrMissing(ctx, code);
  const catalog = await loadCatalog(db);
  const category = report.categoryId ? catalog.categoriesById.get(report.categoryId) ?? null : null;
  const events = await db.select().from(reportEvents)
    .where(and(eq(reportEvents.reportId, report.id), inArray(reportEvents.type, PUBLIC_EVENTS)))
    .orderBy(asc(reportEvents.at), asc(reportEvents.id));
  // The catalog holds active units only; a unit closed by a merger keeps its name in history.
  const wanted = new Set([report.assignedUnitId, ...events.map((e) => e.unitId)].filter((id): id is number => typeof id === 'number' && !catalog.units.has(id)));
  const closed = wanted.size === 0 ? new Map<number, string>()
    : new Map((await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, [...wanted]))).map((u) => [u.id, u.name]));
  const unitName = (id: unknown) => (typeof id === 'number' ? catalog.units.get(id)?.name ?? closed.get(id) : undefined);
  const replies = await db.select({ body: messages.body, sentAt: messages.sentAt, createdAt: messages.createdAt }).from(messages)
    .where(and(eq(messages.reportId, report.id), eq(messages.direction, 'out'), eq(messages.kind, 'reply'),
      inArray(messages.status, ['sent', 'delivered', 'read'])))
    .orderBy(asc(messages.id));
  return {
    code,
    status: report.status,
    category: category ? { code: category.code, nameVi: category.nameVi, nameEn: category.nameEn } : null,
    unit: { name: unitName(report.assignedUnitId) ?? '' },
    receivedAt: report.receivedAt.toISOString(),
    answeredAt: report.answeredAt?.toISOString() ?? null,
    timeline: events.map((e) => ({
      type: e.type === 'ack_queued' ? 'acknowledged' : e.type,
      at: e.at.toISOString(),
      ...(unitName(e.unitId) && (e.type === 'routed' || e.type === 'transferred') ? { unit: unitName(e.unitId) } : {}),
      ...(typeof e.data?.to === 'string' ? { status: e.data.to } : {}),
    })),
    replies: replies.map((r) => ({ text: r.body, at: (r.sentAt ?? r.createdAt).toISOString() })),
    rating: report.rating !== null && report.ratedAt ? { score: report.rating, at: report.ratedAt.toISOString() } : null,
    canRate: isRatable(report),
  };
}

/** A web report whose intake job has not run yet is already "received". */
async function pendingOrMissing(ctx: AppContext, code: string): Promise<PublicReport> {
  const [ev] = await ctx.database.db.select({ receivedAt: inboundEvents.receivedAt }).from(inboundEvents)
    .where(eq(inboundEvents.trackingCode, code)).limit(1);
  if (!ev) throw new NotFoundError('Không tìm thấy phản ánh với mã này / No report has this code');
  const at = ev.receivedAt.toISOString();
  return { code, status: 'received', category: null, unit: null, receivedAt: at, answeredAt: null, timeline: [{ type: 'received', at }], replies: [], rating: null, canRate: false };
}
