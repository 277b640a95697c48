/**
 * POST /webhooks/zalo end to end: the fake Zalo signs and posts events as Zalo
 * does; intake makes reports; the acknowledgement goes back to the fake Zalo.
 * The five cases of STYLE.md, signature rejection, big ids, attachments,
 * delivery receipts and the other events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { attachments, channelSentParts, contactIdentities, inboundEvents, messages, reportEvents } from '../../src/db/schema/index.js';
import { parseJsonLossless } from '../../src/channels/zalo-oa/zalo.json.js';
import { downloadAttachment } from '../../src/modules/attachments/attachments.service.js';
import { waitFor } from '../support/wait.js';
import { eventRow, newZaloUserId, startZaloHub, waitForMessage, waitForZaloReport, type ZaloHub } from '../support/zalo-hub.js';
import { oaEvent, userEvent, zaloMsgId } from '../fakes/zalo.js';

let z: ZaloHub;
const db = () => z.hub.ctx.database.db;
const PNG = fs.readFileSync(path.resolve('tests/fixtures/web/pixel.png'));

beforeAll(async () => { z = await startZaloHub({ ATTACHMENT_MAX_BYTES: '100000' }); });
afterAll(async () => { await z?.close(); });

const csTo = (userId: string) => z.fake.calls('cs').filter((r) => r.rawBody.includes(`"user_id":"${userId}"`));
const text = (userId: string, t: string, extra: Record<string, unknown> = {}) => userEvent(z.fake, userId, 'user_send_text', { text: t, ...extra });
const ackOf = (reportId: number) => waitForMessage(z, (m) => m.reportId === reportId && m.kind === 'ack' && m.status === 'sent', 'ack sent');

describe('Zalo webhook', () => {
  it('a citizen Zalo message becomes a routed report and the acknowledgement reaches Zalo quoting it', async () => {
    const user = newZaloUserId();
    const ev = text(user, 'Đèn đường ở thôn 2 bị hỏng cả tuần nay');
    const res = await z.fake.postWebhook(z.url, ev);
    expect(res.status).toBe(200);
    const report = await waitForZaloReport(z, user);
    expect(report.originChannel).toBe('zalo');
    expect(report.description).toBe('Đèn đường ở thôn 2 bị hỏng cả tuần nay');
    expect(report.assignedUnitId).toBe(z.hub.demo.units.VANPHONG);
    const ack = await ackOf(report.id);
    const [call] = csTo(user);
    const body = parseJsonLossless(call!.rawBody) as { message: { text: string; quote_message_id: string } };
    expect(body.message.text).toContain(report.code);
    expect(body.message.quote_message_id).toBe((ev.message as { msg_id: string }).msg_id);
    expect(ack.providerMessageId).toBeTruthy();
  });

  it('a duplicate Zalo delivery creates one message and one provider call', async () => {
    const user = newZaloUserId();
    const ev = text(user, 'Rác thải đổ trộm ở bờ sông');
    expect((await z.fake.postWebhook(z.url, ev)).status).toBe(200);
    expect((await z.fake.postWebhook(z.url, ev)).status).toBe(200);
    const report = await waitForZaloReport(z, user);
    await ackOf(report.id);
    const msgId = (ev.message as { msg_id: string }).msg_id;
    expect(await db().select().from(inboundEvents).where(eq(inboundEvents.providerEventId, msgId))).toHaveLength(1);
    expect(await db().select().from(messages).where(and(eq(messages.channel, 'zalo'), eq(messages.providerMessageId, msgId)))).toHaveLength(1);
    expect(csTo(user)).toHaveLength(1);
  });

  it('rejects a forged, missing or malformed signature and a correctly signed replay outside the window, storing nothing', async () => {
    const user = newZaloUserId();
    const forged = await z.fake.postWebhook(z.url, text(user, 'giả mạo'), { signature: `mac=${'0'.repeat(64)}` });
    const missing = await z.fake.postWebhook(z.url, text(user, 'không chữ ký'), { signature: null });
    const malformed = await z.fake.postWebhook(z.url, text(user, 'sai định dạng'), { signature: 'sha256=abc' });
    const replayed = await z.fake.postWebhook(z.url, userEvent(z.fake, user, 'user_send_text', { text: 'cũ' }, Date.now() - 3600_000));
    for (const r of [forged, missing, malformed, replayed]) {
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    }
    const stored = await db().select().from(inboundEvents).where(eq(inboundEvents.channel, 'zalo'));
    expect(stored.filter((e) => JSON.stringify(e.payload).includes(user))).toHaveLength(0);
  });

  it('rejects a correctly signed poison payload with 400 and stores nothing', async () => {
    const before = (await db().select().from(inboundEvents)).length;
    const noName = await z.fake.postWebhook(z.url, `{"app_id":"${z.fake.appId}","timestamp":"${Date.now()}","sender":{"id":"1"}}`);
    const noSender = await z.fake.postWebhook(z.url, `{"app_id":"${z.fake.appId}","event_name":"user_send_text","timestamp":"${Date.now()}","message":{"msg_id":"x1","text":"a"}}`);
    expect(noName.status).toBe(400);
    expect(noSender.status).toBe(400);
    expect((await db().select().from(inboundEvents)).length).toBe(before);
  });

  it('a transient Zalo failure is retried and the acknowledgement then succeeds', async () => {
    const user = newZaloUserId();
    z.fake.failNext('cs', { kind: 'http', status: 503 });
    await z.fake.postWebhook(z.url, text(user, 'Cống thoát nước bị tắc'));
    const report = await waitForZaloReport(z, user);
    const ack = await ackOf(report.id);
    expect(ack.attempts).toBeGreaterThanOrEqual(2);
    expect(z.fake.calls('cs').filter((r) => r.rawBody.includes(user)).length).toBeGreaterThanOrEqual(1);
  });

  it('a permanent Zalo failure marks the acknowledgement failed with its code, on the timeline', async () => {
    const user = newZaloUserId();
    z.fake.failNext('cs', { kind: 'zalo_error', code: -999, message: 'unknown' });
    await z.fake.postWebhook(z.url, text(user, 'Trường học bị dột mái'));
    const report = await waitForZaloReport(z, user);
    const failed = await waitForMessage(z, (m) => m.reportId === report.id && m.kind === 'ack' && m.status === 'failed', 'ack failed');
    expect(failed.errorCode).toBe('-999');
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.map((e) => e.type)).toContain('send_failed');
  });

  it('a Zalo id larger than 2^53 sent as a bare JSON number survives webhook → database → reply', async () => {
    const user = '9007199254740993123'; // Number() would round it
    const raw = `{"app_id":${z.fake.appId},"user_id_by_app":979122185046046317,"event_name":"user_send_text","sender":{"id":${user}},`
      + `"recipient":{"id":${z.fake.oaId}},"message":{"msg_id":"${zaloMsgId()}","text":"Xin hỏi thủ tục làm sổ đỏ"},"timestamp":${Date.now()}}`;
    expect((await z.fake.postWebhook(z.url, raw)).status).toBe(200);
    const report = await waitForZaloReport(z, user);
    const [identity] = await db().select().from(contactIdentities).where(eq(contactIdentities.contactId, report.contactId));
    expect(identity?.externalId).toBe(user);
    expect(identity?.profile).toMatchObject({ user_id_by_app: '979122185046046317' });
    await ackOf(report.id);
    expect(csTo(user)).toHaveLength(1);
  });

  it('an image message ends with the file stored with the message', async () => {
    const user = newZaloUserId();
    const url = z.fake.cdnPut(`photo-${user}.png`, PNG, 'image/png');
    await z.fake.postWebhook(z.url, userEvent(z.fake, user, 'user_send_image', { text: 'Ổ gà giữa đường', attachments: [{ type: 'image', payload: { url, thumbnail: url } }] }));
    const report = await waitForZaloReport(z, user);
    const att = await waitFor(async () => (await db().select().from(attachments).where(and(eq(attachments.reportId, report.id), eq(attachments.status, 'stored'))))[0], { what: 'stored attachment' });
    expect(att.mime).toBe('image/png');
    expect(att.size).toBe(PNG.length);
    expect(att.messageId).not.toBeNull();
    expect(await z.hub.ctx.files.exists(att.storageKey!)).toBe(true);
    // The job runs twice, acts once.
    expect(await downloadAttachment(z.hub.ctx, att.id, { finalAttempt: false })).toBe('skipped');
  });

  it('an attachment that cannot be downloaded (missing or too large) is marked failed', async () => {
    const user = newZaloUserId();
    const big = z.fake.cdnPut(`big-${user}.bin`, Buffer.alloc(150_000, 1), 'application/octet-stream');
    await z.fake.postWebhook(z.url, userEvent(z.fake, user, 'user_send_file', { attachments: [
      { type: 'file', payload: { url: `${z.fake.url}/cdn/missing.pdf`, name: 'missing.pdf', size: '100' } },
      { type: 'file', payload: { url: big, name: 'big.bin', size: '150000' } },
    ] }));
    const report = await waitForZaloReport(z, user);
    const rows = await waitFor(async () => {
      const r = await db().select().from(attachments).where(eq(attachments.reportId, report.id));
      return r.length === 2 && r.every((a) => a.status === 'failed') ? r : null;
    }, { what: 'failed attachments' });
    expect(rows.map((r) => r.storageKey)).toEqual([null, null]);
  });

  it('delivery and seen receipts move our message to delivered, then read', async () => {
    const user = newZaloUserId();
    await z.fake.postWebhook(z.url, text(user, 'Xin cấp lại giấy khai sinh'));
    const report = await waitForZaloReport(z, user);
    const ack = await ackOf(report.id);
    await z.fake.postWebhook(z.url, oaEvent(z.fake, user, 'user_received_message', { msg_id: ack.providerMessageId }));
    await waitForMessage(z, (m) => m.id === ack.id && m.status === 'delivered', 'delivered');
    await z.fake.postWebhook(z.url, oaEvent(z.fake, user, 'user_seen_message', { msg_ids: [ack.providerMessageId] }));
    await waitForMessage(z, (m) => m.id === ack.id && m.status === 'read', 'read');
  });

  it('a receipt for the second part of an answer sent in several Zalo messages moves that answer forward', async () => {
    const user = newZaloUserId();
    await z.fake.postWebhook(z.url, text(user, 'Hỏi thủ tục đăng ký tạm trú'));
    const report = await waitForZaloReport(z, user);
    const ack = await ackOf(report.id);
    // As the sender records a long answer: one provider id per part, the first also on the message.
    const part2 = zaloMsgId();
    await db().insert(channelSentParts).values([
      { channel: 'zalo', messageId: ack.id, part: 1, providerMessageId: ack.providerMessageId! },
      { channel: 'zalo', messageId: ack.id, part: 2, providerMessageId: part2 },
    ]).onConflictDoNothing();
    await z.fake.postWebhook(z.url, oaEvent(z.fake, user, 'user_received_message', { msg_id: part2 }));
    await waitForMessage(z, (m) => m.id === ack.id && m.status === 'delivered', 'delivered by the receipt of part 2');
  });

  it('follow and unfollow are recorded on the identity; an unknown event is stored and ignored', async () => {
    const user = newZaloUserId();
    await z.fake.postWebhook(z.url, text(user, 'Hỏi về trợ cấp người cao tuổi'));
    await waitForZaloReport(z, user);
    const base = { app_id: z.fake.appId, oa_id: z.fake.oaId, follower: { id: user }, source: 'oa_profile' };
    await z.fake.postWebhook(z.url, { ...base, event_name: 'unfollow', timestamp: String(Date.now()) });
    const profile = async () => (await db().select().from(contactIdentities).where(eq(contactIdentities.externalId, user)))[0]?.profile;
    await waitFor(async () => (await profile())?.followed === false, { what: 'unfollow recorded' });
    // An older follow delivered late does not undo the newer unfollow.
    const late = { ...base, event_name: 'follow', timestamp: String(Date.now() - 60_000) };
    await z.fake.postWebhook(z.url, late);
    await waitFor(async () => (await eventRow(z, `follow:${late.timestamp}:${user}`))?.status === 'ignored', { what: 'late follow ignored' });
    expect((await profile())?.followed).toBe(false);
    const res = await z.fake.postWebhook(z.url, userEvent(z.fake, user, 'user_reacted_message', { react_icon: '/-heart' }));
    expect(res.status).toBe(200);
    const unknown = await waitFor(async () => (await db().select().from(inboundEvents)).find((e) => e.providerEventId.startsWith('user_reacted_message:') && e.status !== 'pending'));
    expect(unknown.status).toBe('ignored');
  });
});
