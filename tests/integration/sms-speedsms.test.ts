/**
 * SpeedSMS end to end against the fake gateway: incoming webhook (JSON,
 * protected by SMS_WEBHOOK_TOKEN) → report → acknowledgement via the Basic-auth
 * send API → delivery report webhook. The five cases of STYLE.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { inboundEvents, reportEvents } from '../../src/db/schema/index.js';
import { FakeSpeedSms } from '../fakes/sms-gateways.js';
import { countRows } from '../support/hub-helpers.js';
import { newPhone, outboundOf, startSmsHub, waitForMessageStatus, waitForSms, waitForSmsReport, type SmsHub } from '../support/sms-hub.js';

let h: SmsHub<FakeSpeedSms>;
let hook: string;
beforeAll(async () => {
  h = await startSmsHub(await FakeSpeedSms.start(), { SMS_PROVIDER: 'speedsms' });
  hook = `${h.url}/webhooks/sms/speedsms?token=${h.token}`;
});
afterAll(async () => { await h?.close(); });

const db = () => h.hub.ctx.database.db;

describe('SpeedSMS', () => {
  it('an incoming "PA TRAPHU …" becomes a routed report; the acknowledgement goes out with Basic auth and is reported delivered', async () => {
    const p = newPhone();
    expect((await h.fake.incoming(hook, p.intl, 'pa traphu Đèn đường hỏng ở ngã ba chợ')).status).toBe(200);
    const report = await waitForSmsReport(h.hub, p.e164);
    expect(report.assignedUnitId).toBe(h.hub.demo.units.TRAPHU);
    const sms = await waitForSms(h.fake, p.national);
    expect(sms.text).toContain(`TC ${report.code}`);
    expect(sms.text).toMatch(/^[\x20-\x7e]+$/);
    expect(sms.text.length).toBeLessThanOrEqual(160);
    const call = h.fake.sendRequests().find((r) => r.body.includes(p.national))!;
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${h.fake.accessToken}:x`).toString('base64')}`);
    expect(JSON.parse(call.body)).toMatchObject({ to: [p.national], sms_type: 2, sender: 'UBNDTRABONG' });

    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect((await h.fake.report(hook, sms, 0)).status).toBe(200);
    await waitForMessageStatus(h.hub, ack!.id, 'delivered');
  });

  it('a duplicate incoming delivery stores one event and one report, and sends one acknowledgement', async () => {
    const p = newPhone();
    const body = JSON.stringify({ type: 'incoming', phone: p.intl, content: 'PA TRAPHU Trường học bị dột', tranId: 'in-771' });
    await h.fake.incoming(hook, p.intl, '', body);
    await h.fake.incoming(hook, p.intl, '', body);
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(await db().select().from(inboundEvents).where(and(eq(inboundEvents.channel, 'sms'), eq(inboundEvents.providerEventId, 'in:in-771')))).toHaveLength(1);
    expect(h.fake.sent.filter((s) => s.to === p.national)).toHaveLength(1);
  });

  it('a webhook without the right token, or with a poison payload, is refused and stores nothing', async () => {
    const before = await countRows(db(), inboundEvents);
    const p = newPhone();
    expect((await h.fake.incoming(`${h.url}/webhooks/sms/speedsms`, p.intl, 'PA TRAPHU x')).status).toBe(401);
    expect((await h.fake.incoming(`${h.url}/webhooks/sms/speedsms?token=wrong`, p.intl, 'PA TRAPHU x')).status).toBe(401);
    expect((await h.fake.incoming(hook, p.intl, '', '{"type":"incoming"')).status).toBe(400);
    expect((await h.fake.incoming(hook, p.intl, '', JSON.stringify({ type: 'mystery', phone: p.intl }))).status).toBe(400);
    expect(await countRows(db(), inboundEvents)).toBe(before);
  });

  it('an HTTP 429 from SpeedSMS is retried and the SMS goes out once', async () => {
    const p = newPhone();
    h.fake.failNext('rate_limited', 1, p.national);
    await h.fake.incoming(hook, p.intl, 'PA TRAPHU Cống thoát nước bị tắc');
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    const sent = await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(sent.attempts).toBe(2);
    expect(h.fake.sendRequests().filter((r) => r.body.includes(p.national)).map((r) => r.outcome)).toEqual(['rate_limited', 'ok']);
  });

  it('a dropped connection is retried like any network error', async () => {
    const p = newPhone();
    h.fake.failNext('drop', 1, p.national);
    await h.fake.incoming(hook, p.intl, 'PA TRAPHU Mất sóng điện thoại');
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(h.fake.sent.filter((s) => s.to === p.national)).toHaveLength(1);
  });

  it('an invalid number (code 105) is marked failed and shown on the timeline', async () => {
    const p = newPhone();
    h.fake.failNext('invalid_number', 1, p.national);
    await h.fake.incoming(hook, p.intl, 'PA TRAPHU Sạt lở taluy dương');
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    const failed = await waitForMessageStatus(h.hub, ack!.id, 'failed');
    expect(failed.errorCode).toBe('invalid_number');
    const events = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.type, 'send_failed')));
    expect(events).toHaveLength(1);
  });

  it('a failure report (status ≥ 64) marks the message failed', async () => {
    const p = newPhone();
    await h.fake.incoming(hook, p.intl, 'PA TRAPHU Cây đổ chắn đường');
    const report = await waitForSmsReport(h.hub, p.e164);
    const sms = await waitForSms(h.fake, p.national);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    await h.fake.report(hook, sms, 64);
    const failed = await waitForMessageStatus(h.hub, ack!.id, 'failed');
    expect(failed.errorCode).toBe('speedsms_64');
  });
});
