/**
 * eSMS end to end against the fake gateway: MO in (signed GET) → report →
 * acknowledgement out (JSON send API) → delivery report back (GET on the
 * CallbackUrl). The five cases of STYLE.md for its webhook and its send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { channelSentParts, inboundEvents, messages, reportEvents } from '../../src/db/schema/index.js';
import { formatTrackingCode } from '../../src/domain/tracking-code.js';
import { FakeEsms } from '../fakes/sms-gateways.js';
import { countRows } from '../support/hub-helpers.js';
import { newPhone, outboundOf, startSmsHub, waitForMessageStatus, waitForSms, waitForSmsReport, type SmsHub } from '../support/sms-hub.js';
import { waitFor } from '../support/wait.js';

let h: SmsHub<FakeEsms>;
beforeAll(async () => { h = await startSmsHub(await FakeEsms.start(), { SMS_PROVIDER: 'esms' }); });
afterAll(async () => { await h?.close(); });

const db = () => h.hub.ctx.database.db;
const GSM_PRINTABLE = /^[\x20-\x7e\n]+$/;

describe('eSMS', () => {
  it('an SMS "PA TRAPHU …" becomes a report routed to Trà Phú and the acknowledgement with its code reaches eSMS', async () => {
    const p = newPhone();
    const res = await h.fake.mo(h.url, p.intl, 'PA TRAPHU Đường vào thôn 3 bị sạt lở, xe máy không qua được');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^<ClientResponse>/);
    const report = await waitForSmsReport(h.hub, p.e164);
    expect(report.assignedUnitId).toBe(h.hub.demo.units.TRAPHU);
    expect(report.description).toBe('Đường vào thôn 3 bị sạt lở, xe máy không qua được');
    expect(report.originChannel).toBe('sms');

    const sms = await waitForSms(h.fake, p.national);
    // Reads well on a basic phone: unaccented GSM-7, one SMS, the code twice (to read, and to type back).
    expect(sms.text).toMatch(GSM_PRINTABLE);
    expect(sms.text.length).toBeLessThanOrEqual(160);
    expect(sms.text).toContain(formatTrackingCode(report.code));
    expect(sms.text).toContain(`TC ${report.code}`);
    expect(sms.text).toMatch(/^Cau Noi: Da tiep nhan phan anh cua ban/);
    expect(sms.text).toContain('Xa Tra Phu');
    expect(sms.unicode).toBe(false);
    expect(sms.requestId).toMatch(/^m\d+-/);

    const [ack] = await outboundOf(h.hub, report.id);
    const sent = await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(sent.providerMessageId).toBe(sms.id);
  });

  it('a delivery report marks the acknowledgement delivered and puts it on the timeline', async () => {
    const p = newPhone();
    await h.fake.mo(h.url, p.intl, 'PA TRABINH Mất điện cả thôn từ sáng');
    const report = await waitForSmsReport(h.hub, p.e164);
    const sms = await waitForSms(h.fake, p.national);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect((await h.fake.deliveryReport(sms)).status).toBe(200);
    const delivered = await waitForMessageStatus(h.hub, ack!.id, 'delivered');
    expect(delivered.deliveredAt).not.toBeNull();
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.map((e) => e.type)).toContain('delivery_delivered');
  });

  it('a delivery report that arrives before our send committed its provider id waits for it', async () => {
    const p = newPhone();
    await h.fake.mo(h.url, p.intl, 'PA TRABINH Cột điện nghiêng sát nhà dân');
    const report = await waitForSmsReport(h.hub, p.e164);
    const sms = await waitForSms(h.fake, p.national);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    // Rewind our side to "gateway called, provider id not committed yet" (neither on the message nor
    // in the part ledger), then let the report overtake it.
    await db().update(messages).set({ status: 'sending', providerMessageId: null }).where(eq(messages.id, ack!.id));
    await db().delete(channelSentParts).where(eq(channelSentParts.messageId, ack!.id));
    expect((await h.fake.deliveryReport(sms)).status).toBe(200);
    const event = await waitFor(async () => {
      const rows = await db().select().from(inboundEvents).where(eq(inboundEvents.channel, 'sms'));
      return rows.find((e) => JSON.stringify(e.payload).includes(sms.id)) ?? null;
    }, { what: 'receipt stored' });
    await waitFor(async () => ((await h.hub.ctx.queues.queue('intake').getJob(`ev-${event.id}`))?.attemptsMade ?? 0) >= 1, { what: 'receipt deferred once' });
    expect((await db().select().from(inboundEvents).where(eq(inboundEvents.id, event.id)))[0]!.status).toBe('pending');
    await db().update(messages).set({ status: 'sent', providerMessageId: sms.id }).where(eq(messages.id, ack!.id));
    const delivered = await waitForMessageStatus(h.hub, ack!.id, 'delivered');
    expect(delivered.deliveredAt).not.toBeNull();
  });

  it('a duplicate MO delivery stores one event and one report, and sends one acknowledgement', async () => {
    const p = newPhone();
    const first = await h.fake.mo(h.url, p.intl, 'PA TRAPHU Cầu treo bị hỏng', { smsid: 'dup-smsid-1' });
    const again = await h.fake.mo(h.url, p.intl, 'PA TRAPHU Cầu treo bị hỏng', { smsid: 'dup-smsid-1' });
    expect([first.status, again.status]).toEqual([200, 200]);
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    await waitForMessageStatus(h.hub, ack!.id, 'sent');
    const rows = await db().select().from(inboundEvents).where(and(eq(inboundEvents.channel, 'sms'), eq(inboundEvents.providerEventId, 'mo:dup-smsid-1')));
    expect(rows).toHaveLength(1);
    expect(await outboundOf(h.hub, report.id)).toHaveLength(1);
    expect(h.fake.sent.filter((s) => s.to === p.national)).toHaveLength(1);
  });

  it('a forged MO sign, a report without the token and a poison payload are refused and store nothing', async () => {
    const before = await countRows(db(), inboundEvents);
    const p = newPhone();
    expect((await h.fake.mo(h.url, p.intl, 'PA TRAPHU giả mạo', { key: 'not-the-key' })).status).toBe(401);
    const noToken = await fetch(`${h.url}/webhooks/sms/esms?SMSID=x1&SendStatus=5&SendSuccess=1&SendFailed=0`);
    expect(noToken.status).toBe(401);
    const badToken = await fetch(`${h.url}/webhooks/sms/esms?SMSID=x1&SendStatus=5&token=guess`);
    expect(badToken.status).toBe(401);
    const poison = await fetch(`${h.url}/webhooks/sms/esms?token=${h.token}&SMSID=x1`);
    expect(poison.status).toBe(400);
    expect((await poison.json()).error.code).toBe('invalid_payload');
    expect((await fetch(`${h.url}/webhooks/sms/nosuchgateway?token=${h.token}`)).status).toBe(404);
    expect(await countRows(db(), inboundEvents)).toBe(before);
  });

  it('a gateway 5xx on the acknowledgement is retried, and the SMS goes out once', async () => {
    const p = newPhone();
    h.fake.failNext('server_error', 1, p.national);
    await h.fake.mo(h.url, p.intl, 'PA TRAPHU Nước sinh hoạt bị đục');
    const report = await waitForSmsReport(h.hub, p.e164);
    await waitForSms(h.fake, p.national);
    const [ack] = await outboundOf(h.hub, report.id);
    const sent = await waitForMessageStatus(h.hub, ack!.id, 'sent');
    expect(sent.attempts).toBe(2);
    const calls = h.fake.sendRequests().filter((r) => r.body.includes(`"Phone":"${p.national}"`));
    expect(calls.map((c) => c.outcome)).toEqual(['server_error', 'code_100']);
    expect(h.fake.sent.filter((s) => s.to === p.national)).toHaveLength(1);
  });

  it('an invalid number is marked failed with its code, on the timeline, not retried', async () => {
    const p = newPhone();
    h.fake.failNext('invalid_number', 1, p.national);
    await h.fake.mo(h.url, p.intl, 'PA TRAPHU Rác thải ven suối');
    const report = await waitForSmsReport(h.hub, p.e164);
    const [ack] = await outboundOf(h.hub, report.id);
    const failed = await waitForMessageStatus(h.hub, ack!.id, 'failed');
    expect(failed.errorCode).toBe('invalid_number');
    const events = await waitFor(async () => {
      const rows = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.type, 'send_failed')));
      return rows.length ? rows : undefined;
    });
    expect(events[0]!.data).toMatchObject({ messageId: ack!.id, errorCode: 'invalid_number' });
    expect(h.fake.sendRequests().filter((r) => r.body.includes(`"Phone":"${p.national}"`))).toHaveLength(1);
    const [row] = await db().select().from(messages).where(eq(messages.id, ack!.id));
    expect(row!.attempts).toBe(1);
  });
});
