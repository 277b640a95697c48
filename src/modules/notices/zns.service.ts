/**
 * `notices.send.zns`: a notice to a citizen's phone by ZNS template
 * (src/channels/zns/zns.client.ts), on the `notices-zns` queue whose BullMQ
 * limiter is ZNS_RATE_LIMIT_MAX per ZNS_RATE_LIMIT_WINDOW_MS.
 *
 * queued → claimed (sending_since, a lease) → sent with ZNS's msg_id. A second
 * run finds the claim or the provider id and does nothing. When ZNS will not
 * carry it (user cannot receive ZNS, no Zalo account, quota, night rule …) the
 * delivery goes by SMS if the notice allows SMS, else it fails visibly.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { noticeDeliveries, notices } from '../../db/schema/index.js';
import { channelsFor } from '../../channels/registry.js';
import { clip } from '../../domain/notice-text.js';
import { formatPhone } from '../../domain/phone.js';
import { RetryableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { enqueueHandoffs, handToMessage, lockNotice, type Handoffs } from './handoff.js';
import { markNoticeDirty } from './progress.js';
import { recipientPhone } from './recipient.js';
import { znsClient } from './zns.config.js';

const LEASE_S = 60;

async function claim(ctx: AppContext, id: number): Promise<boolean> {
  const rows = await ctx.database.db.update(noticeDeliveries).set({ sendingSince: new Date(), updatedAt: new Date() })
    .where(and(eq(noticeDeliveries.id, id), eq(noticeDeliveries.status, 'queued'), eq(noticeDeliveries.channel, 'zns'),
      isNull(noticeDeliveries.providerMessageId),
      or(isNull(noticeDeliveries.sendingSince), sql`${noticeDeliveries.sendingSince} < now() - make_interval(secs => ${LEASE_S})`)))
    .returning({ id: noticeDeliveries.id });
  return rows.length > 0;
}

export type ZnsOutcome = 'gone' | 'sent' | 'fallback_sms' | 'failed' | 'skipped';

export async function sendZnsDelivery(ctx: AppContext, deliveryId: number, opts: { finalAttempt: boolean }): Promise<ZnsOutcome> {
  const db = ctx.database.db;
  const [row] = await db.select({ d: noticeDeliveries, n: notices }).from(noticeDeliveries)
    .innerJoin(notices, eq(notices.id, noticeDeliveries.noticeId)).where(eq(noticeDeliveries.id, deliveryId)).limit(1);
  if (!row || row.d.status !== 'queued' || row.d.channel !== 'zns' || row.d.providerMessageId) return 'gone';
  const { d, n } = row;
  if (!(await claim(ctx, d.id))) {
    if (!opts.finalAttempt) throw new RetryableError('another ZNS send of this delivery is in progress', 'in_progress');
    return 'gone';
  }
  const done = (outcome: ZnsOutcome) => { markNoticeDirty(ctx, n.id); return outcome; };
  if (n.status === 'cancelled') {
    await db.update(noticeDeliveries).set({ status: 'skipped', skipReason: 'cancelled', sendingSince: null, updatedAt: new Date() })
      .where(and(eq(noticeDeliveries.id, d.id), eq(noticeDeliveries.status, 'queued')));
    return done('skipped');
  }
  const phone = await recipientPhone(db, d.contactId);
  const client = znsClient(ctx);
  if (!phone || !client) return done(await giveUp(ctx, d.id, n.id, phone ? 'zns_not_configured' : 'no_recipient'));
  try {
    const msgId = await client.send({
      phone84: formatPhone(phone, '84'),
      templateData: { title: clip(n.title, 100), unit: clip(n.senderName, 30), content: clip(n.text, 400) },
      trackingId: `nd${d.id}a${d.attempt}`,
    });
    await db.update(noticeDeliveries).set({ status: 'sent', providerMessageId: msgId, sentAt: new Date(), sendingSince: null, errorCode: null, updatedAt: new Date() })
      .where(and(eq(noticeDeliveries.id, d.id), isNull(noticeDeliveries.providerMessageId)));
    return done('sent');
  } catch (err) {
    const code = (err as { providerCode?: string }).providerCode ?? 'zns_error';
    if (err instanceof RetryableError && !opts.finalAttempt) {
      await db.update(noticeDeliveries).set({ sendingSince: null, errorCode: code, updatedAt: new Date() }).where(eq(noticeDeliveries.id, d.id));
      throw err;
    }
    return done(await giveUp(ctx, d.id, n.id, code));
  }
}

/** ZNS will not carry it: by SMS when the notice allows SMS, else failed with the code. */
async function giveUp(ctx: AppContext, deliveryId: number, noticeId: number, code: string): Promise<ZnsOutcome> {
  const handoff = await ctx.database.db.transaction(async (tx): Promise<Handoffs | null> => {
    await lockNotice(tx, noticeId, 'shared');
    const [n] = await tx.select().from(notices).where(eq(notices.id, noticeId));
    const [d] = await tx.select().from(noticeDeliveries)
      .where(and(eq(noticeDeliveries.id, deliveryId), eq(noticeDeliveries.status, 'queued'), eq(noticeDeliveries.channel, 'zns'))).for('update');
    if (!n || !d) return null;
    const phone = await recipientPhone(tx, d.contactId);
    if (n.channels.includes('sms') && phone) return handToMessage(tx, ctx, n, d, 'sms', channelsFor(ctx).now(), code);
    await tx.update(noticeDeliveries).set({ status: 'failed', errorCode: code, sendingSince: null, updatedAt: new Date() }).where(eq(noticeDeliveries.id, d.id));
    return null;
  });
  logger.info({ deliveryId, code, fallback: handoff !== null }, 'zns delivery not possible');
  if (handoff) await enqueueHandoffs(ctx, handoff);
  return handoff ? 'fallback_sms' : 'failed';
}
