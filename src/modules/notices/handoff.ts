/**
 * Handing a notice's deliveries to their channels (issue 6):
 *
 * - SMS / Zalo consultation: an outbound `messages` row (kind 'system', no
 *   report) and a job on that channel's send queue (`outbound.send.<channel>`),
 *   whose BullMQ limiter is the provider's rate limit — the same sender,
 *   retries, Zalo → SMS fallback and delivery receipts as every other message.
 *   The jobs carry a priority, so replies to citizens pass first.
 * - ZNS: a job on `notices-zns` (zns.service.ts), rate-limited there.
 *
 * Quiet hours (QUIET_HOURS, 22:00–06:00) hold a non-emergency notice until the
 * window ends (messages.send_after and a delayed job); an emergency goes at once.
 *
 * Locking against cancel: the fan-out hands deliveries on while holding the
 * notice row FOR UPDATE, which a cancel must update; the single-delivery path
 * (ZNS → SMS) holds the notice's advisory lock shared, which a cancel takes
 * exclusively. Either way a cancel waits for hand-offs in flight and then sees
 * their messages. (No `FOR SHARE` on the notice row: many concurrent share
 * locks on one row make multixacts and stall every writer of it.)
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { noticeDeliveries } from '../../db/schema/index.js';
import { composeNoticeText } from '../../domain/notice-text.js';
import { parseQuietHours, quietUntil } from '../../domain/quiet-hours.js';
import { noticeZnsJob, outboundSendJobs } from '../../jobs/definitions.js';
import { rowsOf } from '../../db/sql.js';
import { type NoticeRow } from './notices.repo.js';

/** Namespace of the notices' advisory locks (the second key is the notice id). */
const NOTICE_LOCK = 6006;

/** Shared: a single delivery's hand-off. Exclusive: a cancel. Held until the transaction ends. */
export async function lockNotice(tx: DbOrTx, noticeId: number, mode: 'shared' | 'exclusive'): Promise<void> {
  await (mode === 'shared'
    ? tx.execute(sql`select pg_advisory_xact_lock_shared(${NOTICE_LOCK}, ${noticeId}::int)`)
    : tx.execute(sql`select pg_advisory_xact_lock(${NOTICE_LOCK}, ${noticeId}::int)`));
}

/** BullMQ priorities on the send queues (lower first; replies have none and pass before both). */
export const NOTICE_PRIORITY = { emergency: 1, normal: 10 } as const;

/** What to enqueue after the commit. */
export interface Handoffs {
  noticeId: number;
  emergency: boolean;
  delayMs: number;
  messages: { sms: number[]; zalo: number[] };
  zns: { deliveryId: number; attempt: number }[];
}

export const noHandoffs = (n: Pick<NoticeRow, 'id' | 'emergency'>, delayMs = 0): Handoffs =>
  ({ noticeId: n.id, emergency: n.emergency, delayMs, messages: { sms: [], zalo: [] }, zns: [] });

export type Delivery = Pick<typeof noticeDeliveries.$inferSelect, 'id' | 'contactId' | 'attempt'>;

/** Until when quiet hours hold this notice (null: send now). */
export function holdUntil(ctx: AppContext, n: Pick<NoticeRow, 'emergency'>, now: Date): Date | null {
  return n.emergency ? null : quietUntil(now, parseQuietHours(ctx.env.QUIET_HOURS));
}

export const delayFor = (ctx: AppContext, n: Pick<NoticeRow, 'emergency'>, now: Date): number => {
  const until = holdUntil(ctx, n, now);
  return until ? Math.max(0, until.getTime() - now.getTime()) : 0;
};

/** One delivery onto a new outbound message (the ZNS → SMS fallback), inside the caller's transaction. */
export async function handToMessage(tx: Tx, ctx: AppContext, n: NoticeRow, d: Delivery, channel: 'sms' | 'zalo', now: Date, errorCode: string | null = null): Promise<Handoffs> {
  const until = holdUntil(ctx, n, now);
  const body = composeNoticeText({ title: n.title, text: n.text, senderName: n.senderName, emergency: n.emergency, channel });
  // One round trip: the message, and the delivery pointing at it.
  const [row] = rowsOf(await tx.execute(sql`
    with m as (
      insert into messages (contact_id, direction, channel, kind, body, status, urgent, send_after)
      values (${d.contactId}, 'out', ${channel}, 'system', ${body}, 'queued', ${n.emergency ? 1 : 0}, ${until?.toISOString() ?? null}::timestamptz)
      returning id
    )
    update notice_deliveries set channel = ${channel}, message_id = (select id from m), sending_since = null, error_code = ${errorCode}, updated_at = now()
    where id = ${d.id} returning message_id`));
  const h = noHandoffs(n, delayFor(ctx, n, now));
  h.messages[channel].push(Number(row!.message_id));
  return h;
}

/** After commit. A failed enqueue is not lost: the reconcilers find the queued rows again. */
export async function enqueueHandoffs(ctx: AppContext, h: Handoffs): Promise<boolean> {
  const delay = h.delayMs > 0 ? { delay: h.delayMs } : {};
  const priority = h.emergency ? NOTICE_PRIORITY.emergency : NOTICE_PRIORITY.normal;
  const calls: Promise<boolean>[] = [];
  // Several addBulk calls (each one pipeline) in flight at once: replies stream back while the rest is written.
  for (const channel of ['sms', 'zalo'] as const) {
    for (const ids of chunks(h.messages[channel], ENQUEUE_CHUNK)) {
      calls.push(ctx.queues.enqueue(outboundSendJobs[channel], ids.map((messageId) => ({ messageId })), { priority, ...delay }));
    }
  }
  for (const z of chunks(h.zns, ENQUEUE_CHUNK)) calls.push(ctx.queues.enqueue(noticeZnsJob, z.map((x) => ({ noticeId: h.noticeId, ...x })), delay));
  return (await Promise.all(calls)).every(Boolean);
}

const ENQUEUE_CHUNK = 100;
function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
