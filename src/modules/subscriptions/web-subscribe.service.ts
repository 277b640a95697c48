/**
 * Subscribing on the public web page (/thong-bao/<code>/dang-ky) and stopping
 * with the link (/thong-bao/huy?t=…). Kept simple and honest: the form records
 * consent (source 'web', now) at once and an SMS confirms it to the number,
 * with how to stop (HUY, or the link). Nobody can prove on a web form that the
 * number is theirs, so a number that once asked to stop is not subscribed again
 * from the web: its owner sends DK from that phone. The page answers the same
 * in every case, so the form cannot be used to learn who is subscribed.
 */
import type { AppContext } from '../../context.js';
import { messages, subscriptions } from '../../db/schema/index.js';
import { outboundJob } from '../../jobs/definitions.js';
import { logger } from '../../lib/logger.js';
import { contactsForPhones, contactForToken, newUnsubscribeToken, stopAllNotices, subscriberStates } from './subscribers.repo.js';

export type WebSubscribeOutcome = 'subscribed' | 'already' | 'opted_out';

export const unsubscribeLink = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, '')}/thong-bao/huy?t=${token}`;

export const confirmationSms = (unitName: string, link: string) =>
  `Cầu Nối: Đã đăng ký nhận thông báo của ${unitName}. Ngừng: soạn HUY hoặc mở ${link}`;

export async function subscribeOnWeb(ctx: AppContext, unit: { id: number; name: string }, e164: string): Promise<WebSubscribeOutcome> {
  const now = new Date();
  const done = await ctx.database.db.transaction(async (tx) => {
    const contactId = (await contactsForPhones(tx, [e164])).get(e164)!;
    const state = (await subscriberStates(tx, [contactId], unit.id)).get(contactId);
    if (state === 'opted_out' || state === 'active') return { outcome: state === 'active' ? 'already' as const : state, messageId: null };
    await tx.insert(subscriptions).values({ contactId, unitId: unit.id, channel: 'sms', active: true, consentAt: now, consentSource: 'web' })
      .onConflictDoNothing();
    const token = await newUnsubscribeToken(tx, contactId);
    // The citizen is waiting for it: urgent, so quiet hours do not hold it.
    const [m] = await tx.insert(messages).values({
      contactId, direction: 'out', channel: 'sms', kind: 'system', status: 'queued', urgent: 1,
      body: confirmationSms(unit.name, unsubscribeLink(ctx.env.PUBLIC_BASE_URL, token)),
    }).returning({ id: messages.id });
    return { outcome: 'subscribed' as const, messageId: m?.id ?? null };
  });
  // After commit; if Redis is down the reconciler sends it.
  if (done.messageId !== null) await ctx.queues.enqueue(outboundJob, [{ messageId: done.messageId }]);
  logger.info({ unitId: unit.id, outcome: done.outcome }, 'web notice subscription');
  return done.outcome;
}

/** The web link: stop every notice for that citizen. False when the token is unknown. */
export async function stopByToken(ctx: AppContext, token: string): Promise<boolean> {
  return ctx.database.db.transaction(async (tx) => {
    const contactId = await contactForToken(tx, token);
    if (contactId === null) return false;
    await stopAllNotices(tx, contactId, 'web:link');
    return true;
  });
}
