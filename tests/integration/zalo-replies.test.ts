/**
 * Officer replies over Zalo through the real outbound path (queued message →
 * outbound job → Zalo adapter → fake Zalo), the token refresh on -216, the SMS
 * fallback on -230, and the events that link Zalo to the rest of the hub:
 * oa_send_* echoes (replies typed in the Zalo OA app) and user_submit_info.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { channelCredentials, contactIdentities, contacts, messages, reportEvents } from '../../src/db/schema/index.js';
import { outboundJob } from '../../src/jobs/definitions.js';
import { parseJsonLossless } from '../../src/channels/zalo-oa/zalo.json.js';
import { waitFor } from '../support/wait.js';
import { eventRow, newZaloUserId, startZaloHub, waitForMessage, waitForZaloReport, type ZaloHub } from '../support/zalo-hub.js';
import { oaEvent, userEvent, zaloMsgId } from '../fakes/zalo.js';
import { FakeEsms } from '../fakes/sms-gateways.js';

let z: ZaloHub;
let esms: FakeEsms;
const db = () => z.hub.ctx.database.db;

beforeAll(async () => {
  esms = await FakeEsms.start();
  z = await startZaloHub({ ...esms.env(), SMS_PROVIDER: 'esms', SMS_WEBHOOK_TOKEN: 'sms-hook-token-0123456789' });
});
afterAll(async () => {
  await z?.close();
  await esms?.close();
});

/** A citizen writes on Zalo; returns the report once its acknowledgement was sent. */
async function citizenReport(userId: string, text = 'Cầu tràn thôn 4 bị ngập, học sinh không qua được') {
  const ev = userEvent(z.fake, userId, 'user_send_text', { text });
  await z.fake.postWebhook(z.url, ev);
  const report = await waitForZaloReport(z, userId);
  await waitForMessage(z, (m) => m.reportId === report.id && m.kind === 'ack' && m.status !== 'queued' && m.status !== 'sending', 'ack settled');
  return { report, msgId: (ev.message as { msg_id: string }).msg_id };
}

/** What the officers' reply endpoint does: a queued `reply` message, then the outbound job. */
async function officerReply(reportId: number, contactId: number, body: string): Promise<number> {
  const [m] = await db().insert(messages).values({ reportId, contactId, direction: 'out', channel: 'zalo', kind: 'reply', body, status: 'queued' }).returning({ id: messages.id });
  await z.hub.ctx.queues.enqueue(outboundJob, [{ messageId: m!.id }]);
  return m!.id;
}

const csTo = (userId: string) => z.fake.calls('cs').filter((r) => r.rawBody.includes(`"user_id":"${userId}"`));
const settled = (id: number) => waitForMessage(z, (m) => m.id === id && !['queued', 'sending'].includes(m.status), `message ${id} settled`);

describe('Zalo officer replies', () => {
  it('an officer reply reaches Zalo with the access_token header, the citizen as recipient and their message quoted', async () => {
    const user = newZaloUserId();
    const { report, msgId } = await citizenReport(user);
    const id = await officerReply(report.id, report.contactId, 'Xã đã cử cán bộ xuống kiểm tra cầu tràn thôn 4.');
    const sent = await settled(id);
    expect(sent.status).toBe('sent');
    const call = csTo(user).at(-1)!;
    expect(call.headers.access_token).toBe(z.fake.accessToken);
    const body = parseJsonLossless(call.rawBody) as { recipient: { user_id: string }; message: { text: string; quote_message_id: string } };
    expect(body).toEqual({ recipient: { user_id: user }, message: { text: 'Xã đã cử cán bộ xuống kiểm tra cầu tràn thôn 4.', quote_message_id: msgId } });
    expect(sent.providerMessageId).toMatch(/^[0-9a-f]{32}$/);
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.map((e) => e.type)).toContain('reply_sent');
  });

  it('on -216 the token is refreshed, the new pair persisted, and the reply sent', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    const tokenCalls = z.fake.calls('token').length;
    z.fake.expireAccessToken();
    const sent = await settled(await officerReply(report.id, report.contactId, 'Phản ánh của bạn đang được xử lý.'));
    expect(sent.status).toBe('sent');
    expect(z.fake.calls('token').length).toBe(tokenCalls + 1);
    const [row] = await db().select().from(channelCredentials).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(row).toMatchObject({ accessToken: z.fake.accessToken, refreshToken: z.fake.refreshToken, lastError: null });
    expect(csTo(user).at(-1)?.headers.access_token).toBe(z.fake.accessToken);
  });

  it('on -230 the reply falls back to SMS when the citizen shared a phone number', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    await z.fake.postWebhook(z.url, { ...userEvent(z.fake, user, 'user_submit_info', {}), message: undefined, info: { name: 'Hồ Văn Đinh', phone: '0912 345 678', address: 'Thôn 4' } });
    await waitFor(async () => (await db().select().from(contacts).where(eq(contacts.id, report.contactId)))[0]?.phone === '+84912345678', { what: 'phone shared' });
    z.fake.failNext('cs', { kind: 'zalo_error', code: -230, message: 'User has not interacted with the OA in the past 7 days' });
    const id = await officerReply(report.id, report.contactId, 'Chiều nay xã sẽ khắc phục cầu tràn.');
    const original = await settled(id);
    expect(original).toMatchObject({ status: 'undeliverable', errorCode: '-230' });
    const sms = await waitForMessage(z, (m) => m.reportId === report.id && m.channel === 'sms' && m.status === 'sent', 'fallback SMS sent');
    expect(sms.kind).toBe('reply');
    const delivered = await waitFor(() => esms.sent.find((s) => s.to === '0912345678'), { what: 'SMS at the gateway' });
    expect(delivered.text).toMatch(/Chieu nay xa se khac phuc cau tran|Chiều nay xã sẽ khắc phục cầu tràn/);
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.map((e) => e.type)).toContain('fallback_sms');
  });

  it('outside the window (-213) without a phone number the reply is marked undeliverable for the officer to see', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    z.fake.failNext('cs', { kind: 'zalo_error', code: -213, message: 'User has not followed OA' });
    const original = await settled(await officerReply(report.id, report.contactId, 'Mời bạn lên UBND xã làm thủ tục.'));
    expect(original).toMatchObject({ status: 'undeliverable', errorCode: '-213' });
  });
});

describe('Zalo events that link to the hub', () => {
  it('user_submit_info sets the contact phone (E.164) and name and links an SMS identity', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    const ev = { ...userEvent(z.fake, user, 'user_submit_info', {}), message: undefined, info: { name: 'Nguyễn Thị Hoa', phone: '84987654321', address: 'Thôn 1' } };
    expect((await z.fake.postWebhook(z.url, ev)).status).toBe(200);
    const contact = await waitFor(async () => {
      const [c] = await db().select().from(contacts).where(eq(contacts.id, report.contactId));
      return c?.phone ? c : null;
    }, { what: 'contact updated' });
    expect(contact).toMatchObject({ phone: '+84987654321', displayName: 'Nguyễn Thị Hoa' });
    const ids = await db().select().from(contactIdentities).where(eq(contactIdentities.contactId, report.contactId));
    expect(ids.map((i) => `${i.channel}:${i.externalId}`).sort()).toEqual([`sms:+84987654321`, `zalo:${user}`]);
  });

  it('the echo of our own reply is recognised and not recorded twice', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    const sent = await settled(await officerReply(report.id, report.contactId, 'Cảm ơn bạn đã phản ánh.'));
    const echo = oaEvent(z.fake, user, 'oa_send_text', { msg_id: sent.providerMessageId, text: 'Cảm ơn bạn đã phản ánh.' });
    await z.fake.postWebhook(z.url, echo);
    await waitFor(async () => (await eventRow(z, `oa_send_text:${sent.providerMessageId}`))?.status === 'ignored', { what: 'echo ignored' });
    expect(await db().select().from(messages).where(eq(messages.providerMessageId, sent.providerMessageId!))).toHaveLength(1);
  });

  it('a reply typed by an officer in the Zalo OA app is recorded as a sent reply on the open report', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    const msgId = zaloMsgId();
    await z.fake.postWebhook(z.url, oaEvent(z.fake, user, 'oa_send_text', { msg_id: msgId, text: 'Cán bộ xã trả lời từ ứng dụng Zalo.' }));
    const m = await waitForMessage(z, (x) => x.providerMessageId === msgId, 'echo recorded');
    expect(m).toMatchObject({ reportId: report.id, direction: 'out', channel: 'zalo', kind: 'reply', status: 'sent', body: 'Cán bộ xã trả lời từ ứng dụng Zalo.' });
    const events = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.type, 'reply_sent')));
    expect(events.some((e) => (e.data as { via?: string }).via === 'zalo_oa_app')).toBe(true);
  });

  it('an echo that arrives before our send committed its provider id waits for it instead of duplicating', async () => {
    const user = newZaloUserId();
    const { report } = await citizenReport(user);
    // Our send is in flight: Zalo accepted it, the provider id is not committed yet.
    const [inflight] = await db().insert(messages).values({
      reportId: report.id, contactId: report.contactId, direction: 'out', channel: 'zalo', kind: 'reply', body: 'Đang gửi', status: 'sending',
    }).returning({ id: messages.id });
    const msgId = zaloMsgId();
    await z.fake.postWebhook(z.url, oaEvent(z.fake, user, 'oa_send_text', { msg_id: msgId, text: 'Đang gửi' }));
    const ev = await waitFor(() => eventRow(z, `oa_send_text:${msgId}`), { what: 'echo stored' });
    await waitFor(async () => ((await z.hub.ctx.queues.queue('intake').getJob(`ev-${ev.id}`))?.attemptsMade ?? 0) >= 1, { what: 'echo deferred once' });
    expect((await eventRow(z, `oa_send_text:${msgId}`))?.status).toBe('pending');
    await db().update(messages).set({ status: 'sent', providerMessageId: msgId }).where(eq(messages.id, inflight!.id));
    await waitFor(async () => (await eventRow(z, `oa_send_text:${msgId}`))?.status === 'ignored', { what: 'echo recognised', timeout: 30_000 });
    expect(await db().select().from(messages).where(eq(messages.providerMessageId, msgId))).toHaveLength(1);
  });
});
