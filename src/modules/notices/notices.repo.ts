/**
 * Reads of notices and their audience. The audience of a notice is every
 * contact with a subscription to one of the target units or a unit below them;
 * a contact is one recipient however many of those units they follow.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { intArray, rowsOf } from '../../db/sql.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { noticeDeliveries, notices, type NoticeCounts } from '../../db/schema/index.js';
import type { Catalog, UnitInfo } from '../catalog/catalog.service.js';

export type NoticeRow = typeof notices.$inferSelect;

/** The target units and every active unit below them. */
export function audienceUnitIds(catalog: Catalog, targets: readonly UnitInfo[]): number[] {
  const ids = new Set<number>();
  for (const u of catalog.units.values()) if (targets.some((t) => u.path.startsWith(t.path))) ids.add(u.id);
  return [...ids];
}

/** Whether an opted-out citizen still gets this notice (emergency alerts, when the deployment allows). */
export const overridesOptOut = (n: { emergency: boolean }, allow: boolean) => n.emergency && allow;

export interface AudienceEstimate {
  /** Contacts that will get a delivery attempt. */
  recipients: number;
  /** Subscribers skipped because they said stop (0 when an emergency overrides it). */
  optedOut: number;
  /** Recipients by (Zalo window open, phone known): the channel follows from these. */
  classes: { zaloPhone: number; zaloOnly: number; phoneOnly: number; neither: number };
}

/**
 * Recipients of a notice now; with `classes`, also split by what decides their
 * channel. JIT is off for it: the planner's row estimates over a large audience
 * make PostgreSQL compile the query, which costs more than running it.
 */
export async function estimateAudience(db: Db, unitIds: readonly number[], override: boolean, classes = false): Promise<AudienceEstimate> {
  const audience = sql`
    c as (
      select s.contact_id, bool_or(s.active) as any_active from subscriptions s
      where s.unit_id = any(${intArray(unitIds)}) group by s.contact_id
    ), e as (
      select c.contact_id, (${override}::boolean or (c.any_active and o.contact_id is null)) as eligible
      from c left join notice_opt_outs o on o.contact_id = c.contact_id
    )`;
  const query = classes ? sql`with ${audience}, f as (
      select e.eligible,
        coalesce(bool_or(i.channel = 'zalo' and i.last_inbound_at > now() - interval '7 days' and coalesce(i.profile->>'followed', 'true') <> 'false'), false) as z,
        coalesce(bool_or(i.channel = 'sms'), false) or coalesce(bool_or(k.phone like '+%'), false) as p
      from e join contacts k on k.id = e.contact_id left join contact_identities i on i.contact_id = e.contact_id
      group by e.contact_id, e.eligible)
    select count(*) filter (where eligible)::int as recipients, count(*) filter (where not eligible)::int as opted_out,
      count(*) filter (where eligible and z and p)::int as zp, count(*) filter (where eligible and z and not p)::int as zo,
      count(*) filter (where eligible and not z and p)::int as po, count(*) filter (where eligible and not z and not p)::int as nn
    from f` : sql`with ${audience}
    select count(*) filter (where eligible)::int as recipients, count(*) filter (where not eligible)::int as opted_out from e`;
  const r = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return rowsOf(await tx.execute(query))[0] ?? {};
  });
  const n = (k: string) => Number(r[k] ?? 0);
  return { recipients: n('recipients'), optedOut: n('opted_out'), classes: { zaloPhone: n('zp'), zaloOnly: n('zo'), phoneOnly: n('po'), neither: n('nn') } };
}

export interface DeliveryCounts extends NoticeCounts {
  skippedBy: { opted_out: number; no_channel: number; cancelled: number };
}

export const emptyCounts = (): DeliveryCounts => ({
  total: 0, queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0, skippedBy: { opted_out: 0, no_channel: 0, cancelled: 0 },
});

/** Each delivery counted once, in its current status. */
export async function deliveryCounts(db: DbOrTx, noticeId: number): Promise<DeliveryCounts> {
  const rows = await db.select({ status: noticeDeliveries.status, reason: noticeDeliveries.skipReason, n: sql<number>`count(*)::int` })
    .from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, noticeId))
    .groupBy(noticeDeliveries.status, noticeDeliveries.skipReason);
  const c = emptyCounts();
  for (const r of rows) {
    const n = Number(r.n);
    c.total += n;
    c[r.status] += n;
    if (r.status === 'skipped' && r.reason) c.skippedBy[r.reason] += n;
  }
  return c;
}

export async function loadNotice(db: DbOrTx, id: number): Promise<NoticeRow | undefined> {
  const [n] = await db.select().from(notices).where(eq(notices.id, id)).limit(1);
  return n;
}

/**
 * A notice that went as far as it can: fan-out finished and nothing queued.
 * sending → sent, once (guarded). Returns whether it changed.
 */
export async function completeIfDone(db: DbOrTx, noticeId: number): Promise<boolean> {
  const rows = await db.update(notices).set({ status: 'sent', completedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(notices.id, noticeId), eq(notices.status, 'sending'), eq(notices.fanoutDone, true),
      sql`not exists (select 1 from notice_deliveries d where d.notice_id = ${noticeId} and d.status = 'queued')`))
    .returning({ id: notices.id });
  return rows.length > 0;
}

export async function noticesByIds(db: DbOrTx, ids: number[]): Promise<NoticeRow[]> {
  return ids.length === 0 ? [] : db.select().from(notices).where(inArray(notices.id, ids));
}
