/**
 * Notice deliveries follow the outbound messages that carry them. Called by
 * the outbound service's status hook (sent / failed / undeliverable, and the
 * Zalo → SMS fallback, which moves the delivery onto the new SMS) and by
 * intake's delivery-receipt handling (delivered / read / failed), inside its
 * transaction. ZNS deliveries have no message: their receipts match on ZNS's
 * msg_id. A delivery only moves forward: queued → sent → delivered, or to
 * failed; delivered and failed are final. Returns the notices touched.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { noticeDeliveries } from '../../db/schema/index.js';
import { intArray, rowsOf } from '../../db/sql.js';

type ReceiptStatus = 'sent' | 'delivered' | 'read' | 'failed';

const noticeIdsOf = (rows: Record<string, unknown>[]) => [...new Set(rows.map((r) => Number(r.notice_id)))];

/** Copy the messages' state onto their deliveries. */
export async function followMessages(db: DbOrTx, messageIds: readonly number[]): Promise<number[]> {
  if (messageIds.length === 0) return [];
  const res = await db.execute(sql`
    with m as (
      select id, provider_message_id, sent_at, delivered_at, error_code,
        case status when 'sent' then 'sent' when 'delivered' then 'delivered' when 'read' then 'delivered'
          when 'failed' then 'failed' when 'undeliverable' then 'failed' end as target
      from messages where id = any(${intArray(messageIds, 'bigint')})
    )
    update notice_deliveries d set
      status = m.target,
      provider_message_id = coalesce(m.provider_message_id, d.provider_message_id),
      sent_at = coalesce(d.sent_at, m.sent_at, case when m.target <> 'failed' then now() end),
      delivered_at = case when m.target = 'delivered' then coalesce(m.delivered_at, now()) else d.delivered_at end,
      error_code = case when m.target = 'failed' then coalesce(m.error_code, 'failed') else d.error_code end,
      updated_at = now()
    from m
    where d.message_id = m.id and m.target is not null and m.target <> d.status
      and (d.status = 'queued' or (d.status = 'sent' and m.target in ('delivered', 'failed')))
    returning d.notice_id`);
  return noticeIdsOf(rowsOf(res));
}

/** The Zalo → SMS fallback made a new message: the delivery moves onto it (and takes its state so far). */
export async function moveToFallback(db: DbOrTx, fromMessageId: number, toMessageId: number): Promise<number[]> {
  await db.update(noticeDeliveries).set({ messageId: toMessageId, channel: 'sms', updatedAt: new Date() })
    .where(and(eq(noticeDeliveries.messageId, fromMessageId), eq(noticeDeliveries.status, 'queued')));
  return followMessages(db, [toMessageId]);
}

/** A receipt for ZNS sends (provider ids); SMS and Zalo receipts arrive through followMessages. */
export async function followZnsReceipt(db: DbOrTx, providerIds: readonly string[], status: ReceiptStatus, at: Date, errorCode?: string): Promise<number[]> {
  if (providerIds.length === 0 || status === 'sent') return [];
  const rows = await db.update(noticeDeliveries)
    .set(status === 'failed'
      ? { status: 'failed', errorCode: errorCode ?? 'failed', updatedAt: new Date() }
      : { status: 'delivered', deliveredAt: at, updatedAt: new Date() })
    .where(and(eq(noticeDeliveries.channel, 'zns'), inArray(noticeDeliveries.providerMessageId, [...providerIds]),
      inArray(noticeDeliveries.status, ['queued', 'sent'])))
    .returning({ noticeId: noticeDeliveries.noticeId });
  return [...new Set(rows.map((r) => r.noticeId))];
}

/**
 * Intake's hook (intake.service.ts handleStatus): a delivery receipt moved these
 * messages; on Zalo the same receipt may be for a ZNS send.
 */
export async function followReceipt(
  tx: DbOrTx, channel: string, ev: { providerMessageIds: string[]; status: ReceiptStatus; at: string; errorCode?: string }, messageIds: number[],
): Promise<number[]> {
  const viaMessages = await followMessages(tx, messageIds);
  const viaZns = channel === 'zalo' ? await followZnsReceipt(tx, ev.providerMessageIds, ev.status, new Date(ev.at), ev.errorCode) : [];
  return [...new Set([...viaMessages, ...viaZns])];
}
