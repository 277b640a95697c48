/**
 * Called by the outbound service when an officer's reply becomes sent (and by
 * the reply route for replies published only on the web page). Kept apart
 * from the routes so the outbound worker can import it alone.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { messages, reports } from '../../db/schema/index.js';
import { refreshReportMetrics } from '../sla/metrics.service.js';

const SENT_STATES = ['sent', 'delivered', 'read'] as const;

/**
 * Report-level effects of an officer reply becoming sent; call it in the same
 * transaction that moves the message to sent (or later — it is idempotent).
 * Stamps reports.first_response_at on the first sent reply, answered_at when
 * the report is answered and not yet stamped, and one `reply_sent` timeline
 * event per message. Returns null for anything that is not a sent reply.
 */
export async function markReplySent(tx: DbOrTx, messageId: number): Promise<{ reportId: number; firstResponse: boolean; answered: boolean } | null> {
  const [m] = await tx.select({ reportId: messages.reportId, direction: messages.direction, kind: messages.kind, status: messages.status, sentAt: messages.sentAt })
    .from(messages).where(eq(messages.id, messageId)).limit(1);
  if (!m || m.reportId === null || m.direction !== 'out' || m.kind !== 'reply') return null;
  if (!(SENT_STATES as readonly string[]).includes(m.status)) return null;
  const at = m.sentAt ?? new Date();
  const reportId = m.reportId;
  const first = await tx.update(reports).set({ firstResponseAt: at })
    .where(and(eq(reports.id, reportId), sql`${reports.firstResponseAt} is null`)).returning({ id: reports.id });
  const answered = await tx.update(reports).set({ answeredAt: at })
    .where(and(eq(reports.id, reportId), eq(reports.status, 'answered'), sql`${reports.answeredAt} is null`)).returning({ id: reports.id });
  await tx.execute(sql`
    insert into report_events (report_id, type, actor_kind, data, at)
    select ${reportId}, 'reply_sent', 'system', ${JSON.stringify({ messageId })}::jsonb, ${at.toISOString()}::timestamptz
    where not exists (select 1 from report_events where report_id = ${reportId} and type = 'reply_sent' and (data->>'messageId')::bigint = ${messageId})`);
  await refreshReportMetrics(tx, reportId);
  return { reportId, firstResponse: first.length > 0, answered: answered.length > 0 };
}
