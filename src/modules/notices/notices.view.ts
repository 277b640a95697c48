/**
 * What the panel reads about notices: the detail view (live counts) and the
 * list (cached counts), both within the reader's scope, and what the reader
 * may do with each notice. A notice is visible to its author and to anyone
 * whose scope covers one of its units; acting on it (approve, cancel, retry)
 * needs every one of its units in scope.
 */
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { notices, users } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { NotFoundError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { unitInScope } from '../auth/scope.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.service.js';
import { intArray } from '../../db/sql.js';
import { deliveryCounts, emptyCounts, type DeliveryCounts, type NoticeRow } from './notices.repo.js';

export const OPT_OUT_NOTE = {
  vi: 'Người đã yêu cầu ngừng nhận (HUY) không nhận thông báo thường; chỉ nhận cảnh báo khẩn cấp.',
  en: 'Citizens who asked to stop (HUY) get no ordinary notices; they receive emergency alerts only.',
};

export interface NoticePermissions { approve: boolean; cancel: boolean; retryFailed: boolean }

export function canManage(user: AuthUser, n: Pick<NoticeRow, 'unitIds'>, catalog: Catalog): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'leader') return false;
  return n.unitIds.every((id) => { const u = catalog.units.get(id); return !!u && unitInScope(user, u); });
}

export function permissionsOf(user: AuthUser, n: NoticeRow, catalog: Catalog, failed: number): NoticePermissions {
  const manage = canManage(user, n, catalog);
  return {
    // A second person, a leader, approves: never the author.
    approve: n.status === 'pending_approval' && user.role === 'leader' && user.id !== n.createdByUserId && manage,
    cancel: ['pending_approval', 'scheduled', 'sending'].includes(n.status) && (manage || user.id === n.createdByUserId),
    retryFailed: ['sending', 'sent'].includes(n.status) && failed > 0 && manage,
  };
}

/** SQL: notices `user` may see. */
export function noticeVisibility(user: AuthUser, catalog: Catalog): SQL {
  if (user.role === 'admin') return sql`true`;
  const ids = [...catalog.units.values()].filter((u) => unitInScope(user, u)).map((u) => u.id);
  return or(eq(notices.createdByUserId, user.id), sql`${notices.unitIds} && ${intArray(ids)}`)!;
}

async function people(db: DbOrTx, ids: (number | null)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (list.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, list));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function shape(n: NoticeRow, catalog: Catalog, names: Map<number, string>, counts: DeliveryCounts, user: AuthUser) {
  const ref = (id: number | null) => (id === null ? null : { id, displayName: names.get(id) ?? '' });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: n.id, title: n.title, status: n.status, emergency: n.emergency, channels: n.channels, topic: n.topic,
    units: n.unitIds.map((id) => { const u = catalog.units.get(id); return { id, name: u?.name ?? '', smsCode: u?.smsCode ?? null }; }),
    senderName: n.senderName, estimatedRecipients: n.estimatedRecipients,
    scheduledAt: iso(n.scheduledAt), createdAt: n.createdAt.toISOString(), startedAt: iso(n.startedAt), completedAt: iso(n.completedAt),
    cancelledAt: iso(n.cancelledAt), approvedAt: iso(n.approvedAt),
    createdBy: ref(n.createdByUserId)!, approvedBy: ref(n.approvedByUserId), cancelledBy: ref(n.cancelledByUserId),
    counts, permissions: permissionsOf(user, n, catalog, counts.failed), optOutNote: OPT_OUT_NOTE,
  };
}

export type NoticeListItem = ReturnType<typeof shape> & { excerpt: string };
export type NoticeView = ReturnType<typeof shape> & { text: string };

export async function noticeForUser(db: DbOrTx, user: AuthUser, id: number): Promise<{ row: NoticeRow; catalog: Catalog }> {
  const catalog = await loadCatalog(db);
  const [row] = await db.select().from(notices).where(and(eq(notices.id, id), noticeVisibility(user, catalog))).limit(1);
  if (!row) throw new NotFoundError('Không tìm thấy thông báo / Notice not found');
  return { row, catalog };
}

export async function noticeView(db: DbOrTx, user: AuthUser, id: number): Promise<NoticeView> {
  const { row, catalog } = await noticeForUser(db, user, id);
  const names = await people(db, [row.createdByUserId, row.approvedByUserId, row.cancelledByUserId]);
  return { ...shape(row, catalog, names, await deliveryCounts(db, row.id), user), text: row.text };
}

export async function listNotices(db: DbOrTx, user: AuthUser, q: { status?: NoticeRow['status']; limit: number; cursor?: string }) {
  const catalog = await loadCatalog(db);
  const cursor = decodeCursor(q.cursor);
  const where = [noticeVisibility(user, catalog)];
  if (q.status) where.push(eq(notices.status, q.status));
  if (cursor) where.push(sql`(${notices.createdAt}, ${notices.id}) < (${cursor.t}::timestamptz, ${cursor.i})`);
  const rows = await db.select({ n: notices, t: sql<string>`${notices.createdAt}::text` }).from(notices)
    .where(and(...where)).orderBy(desc(notices.createdAt), desc(notices.id)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const names = await people(db, page.flatMap((r) => [r.n.createdByUserId, r.n.approvedByUserId, r.n.cancelledByUserId]));
  const last = page[page.length - 1];
  return {
    items: page.map(({ n }): NoticeListItem => ({
      ...shape(n, catalog, names, { ...emptyCounts(), ...(n.counts ?? {}) }, user), excerpt: [...n.text].slice(0, 200).join(''),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.t, i: last.n.id }) : null,
  };
}
