/**
 * Twilio end to end against the fake: signed inbound form POST → report →
 * acknowledgement via the REST API (form, Basic auth) → signed status callback
 * on the StatusCallback URL. The five cases of STYLE.md, and the signature is
 * checked against PUBLIC_BASE_URL, not whatever Host the request carried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { inboundEvents } from '../../src/db/schema/index.js';
import { FakeTwilio } from '../fakes/sms-gateways.js';
import { countRows } from '../support/hub-helpers.js';
import { newPhone, outboundOf, startSmsHub, waitForMessageStatus, waitForSms, waitForSmsReport, type SmsHub } from '../support/sms-hub.js';

let h: SmsHub<FakeTwilio>;
let hook: string;
beforeAll(async () => {
  h = await startSmsHub(await FakeTwilio.start(), { SMS_PROVIDER: 'twilio' });
  hook = `${h.url}/webhooks/sms/twilio`;
});
afterAll(async () => { await h?.close(); });

const db = () => h.hub.ctx.database.db;

describe('Twilio', () => {
  it('a signed inbound SMS becomes a report; the acknowledgement is sent in E.164 and its status callback marks it delivered', async () => {
    const p = newPhone();
    const res = await h.fake.inbound(hook, p.e164, 'PA TRAPHU Đường ống nước bị vỡ');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const report = await waitForSmsReport(h.hub, p.e164);
    expect(report.assignedUnitId).toBe(h.hub.demo.units.TRAPHU);
    const sms = await waitForSms(h.fake, p.e164);
    expect(sms.text).toContain(`TC ${report.code}`);
    expect(sms.callbackUrl).toBe(hook);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect((await h.fake.statusCallback(sms, 'delivered')).status).toBe(200);
    await waitForMessageStatus(h.hub, ack!.id, 'delivered');
  });

  it('a duplicate delivery of the same MessageSid makes one report and one acknowledgement', async () => {
    const p = newPhone();
    await h.fake.inbound(hook, p.e164, 'PA TRAPHU Trạm y tế thiếu thuốc', { sid: 'SMdup0000000000000000000000000001' });
    await h.fake.inbound(hook, p.e164, 'PA TRAPHU Trạm y tế thiếu thuốc', { sid: 'SMdup0000000000000000000000000001' });
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(await db().select().from(inboundEvents).where(and(eq(inboundEvents.channel, 'sms'), eq(inboundEvents.providerEventId, 'SMdup0000000000000000000000000001')))).toHaveLength(1);
    expect(h.fake.sent.filter((s) => s.to === p.e164)).toHaveLength(1);
  });

  it('a forged signature, a signature for another URL, a missing one and a poison payload are refused; nothing is stored', async () => {
    const before = await countRows(db(), inboundEvents);
    const p = newPhone();
    expect((await h.fake.inbound(hook, p.e164, 'PA TRAPHU x', { token: 'not-the-auth-token' })).status).toBe(401);
    expect((await h.fake.inbound(hook, p.e164, 'PA TRAPHU x', { signAs: 'https://elsewhere.example/webhooks/sms/twilio' })).status).toBe(401);
    await request(h.app).post('/webhooks/sms/twilio').type('form').send({ From: p.e164, Body: 'PA TRAPHU x', MessageSid: 'SM1' }).expect(401);
    // Correctly signed, but not a message Twilio would send: no MessageSid.
    const { createHmac } = await import('node:crypto');
    const params = { From: p.e164 };
    const sig = createHmac('sha1', h.fake.authToken).update(`${hook}From${p.e164}`).digest('base64');
    const poison = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig }, body: new URLSearchParams(params).toString() });
    expect(poison.status).toBe(400);
    expect(await countRows(db(), inboundEvents)).toBe(before);
  });

  it('verifies against PUBLIC_BASE_URL even when a proxy changed the Host header', async () => {
    const p = newPhone();
    const { createHmac } = await import('node:crypto');
    const params = { MessageSid: 'SMproxy000000000000000000000000001', From: p.e164, Body: 'PA TRAPHU qua proxy', To: h.fake.from };
    const data = hook + Object.keys(params).sort().map((k) => k + params[k as keyof typeof params]).join('');
    const sig = createHmac('sha1', h.fake.authToken).update(data).digest('base64');
    await request(h.app).post('/webhooks/sms/twilio').set('Host', 'internal-backend:8080').set('X-Twilio-Signature', sig).type('form').send(params).expect(200);
    await waitForSmsReport(h.hub, p.e164);
  });

  it('a Twilio 503 is retried and the SMS goes out once', async () => {
    const p = newPhone();
    h.fake.failNext('server_error', 1, p.e164);
    await h.fake.inbound(hook, p.e164, 'PA TRAPHU Chợ xả nước thải');
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    const sent = await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(sent.attempts).toBe(2);
    expect(h.fake.sent.filter((s) => s.to === p.e164)).toHaveLength(1);
  });

  it('error 21211 (invalid To) marks the message failed; an undelivered callback marks another failed with its code', async () => {
    const p = newPhone();
    h.fake.failNext('invalid_number', 1, p.e164);
    await h.fake.inbound(hook, p.e164, 'PA TRAPHU Đường tối không có đèn');
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    expect((await waitForMessageStatus(h.hub, ack!.id, 'failed')).errorCode).toBe('invalid_number');

    const q = newPhone();
    await h.fake.inbound(hook, q.e164, 'PA TRAPHU Bãi rác tự phát');
    const r2 = await waitForSmsReport(h.hub, q.e164);
    const sms = await waitForSms(h.fake, q.e164);
    const [ack2] = await outboundOf(h.hub, r2.id);
    await waitForMessageStatus(h.hub, ack2!.id, 'sent');
    await h.fake.statusCallback(sms, 'undelivered', '30003');
    expect((await waitForMessageStatus(h.hub, ack2!.id, 'failed')).errorCode).toBe('twilio_30003');
  });

  it('the demo phone is not mounted outside demo mode', async () => {
    await request(h.app).get('/demo/phone').expect(404);
  });
});
