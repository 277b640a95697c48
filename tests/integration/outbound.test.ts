/**
 * The outbound worker beyond one gateway: quiet hours with an injected clock,
 * the fallback from a Zalo message outside its window to SMS, "runs twice,
 * acts once", and the reconciler honouring send_after. The SMS gateway is the
 * fake eSMS; the Zalo provider is a tiny fake adapter that refuses with -230.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { contactIdentities, contacts, messages, reportEvents, reports } from '../../src/db/schema/index.js';
import { overrideChannels } from '../../src/channels/registry.js';
import type { OutboundAdapter, OutboundMessage } from '../../src/channels/types.js';
import { newTrackingCode } from '../../src/domain/tracking-code.js';
import { outboundJob, outboundSendJobs } from '../../src/jobs/definitions.js';
import { OutsideWindowError, RetryableError } from '../../src/lib/errors.js';
import { sendOutbound } from '../../src/modules/outbound/outbound.service.js';
import { reconcileOnce } from '../../workers/reconciler.js';
import { FakeEsms } from '../fakes/sms-gateways.js';
import { newPhone, outboundOf, startSmsHub, waitForMessageStatus, waitForSms, waitForSmsReport, type SmsHub } from '../support/sms-hub.js';
import { waitFor } from '../support/wait.js';

const vn = (local: string) => new Date(`${local}+07:00`);
let clock = vn('2026-03-10T23:30:00');
let h: SmsHub<FakeEsms>;

/** Stands in for the Zalo provider: the citizen has not written to the OA for 7 days. */
const zaloCalls: OutboundMessage[] = [];
const closedWindowZalo: OutboundAdapter = {
  kind: 'zalo-test', channel: 'zalo',
  async send(msg) { zaloCalls.push(msg); throw new OutsideWindowError('User has not interacted with the OA in the past 7 days', '-230'); },
};

beforeAll(async () => {
  h = await startSmsHub(await FakeEsms.start(), { SMS_PROVIDER: 'esms', QUIET_HOURS: '22:00-06:00' });
  overrideChannels(h.hub.ctx, { now: () => clock, outbound: { zalo: closedWindowZalo } });
});
afterAll(async () => { await h?.close(); });

const db = () => h.hub.ctx.database.db;

/** A citizen with the given identities and an open report, made directly in the database. */
async function citizenWithReport(opts: { zaloId?: string; smsPhone?: string; phone?: string; priority?: 'urgent' | 'normal' }) {
  const [c] = await db().insert(contacts).values({ phone: opts.phone ?? null }).returning();
  if (opts.zaloId) await db().insert(contactIdentities).values({ contactId: c!.id, channel: 'zalo', externalId: opts.zaloId });
  if (opts.smsPhone) await db().insert(contactIdentities).values({ contactId: c!.id, channel: 'sms', externalId: opts.smsPhone });
  const now = new Date();
  const [r] = await db().insert(reports).values({
    code: newTrackingCode(), originChannel: opts.zaloId ? 'zalo' : 'sms', contactId: c!.id, assignedUnitId: h.hub.demo.units.TRAPHU!,
    routeReason: 'explicit_commune', description: 'Đường sạt lở', receivedAt: now, lastActivityAt: now, priority: opts.priority ?? 'normal',
  }).returning();
  return { contactId: c!.id, reportId: r!.id };
}

async function queue(over: Partial<typeof messages.$inferInsert> & { reportId: number; contactId: number; channel: 'sms' | 'zalo' }, enqueue = true) {
  const [m] = await db().insert(messages).values({ direction: 'out', kind: 'reply', body: 'Xã đã cử cán bộ kiểm tra, sẽ sửa trong tuần này.', status: 'queued', ...over }).returning();
  if (enqueue) await h.hub.ctx.queues.enqueue(outboundJob, [{ messageId: m!.id }]);
  return m!;
}

describe('quiet hours', () => {
  it('hold a non-urgent acknowledgement until 06:00, while an officer reply goes at once', async () => {
    clock = vn('2026-03-10T23:30:00');
    const p = newPhone();
    await h.fake.mo(h.url, p.intl, 'PA TRAPHU Đèn đường tắt cả tuần');
    const report = await waitForSmsReport(h.hub, p.e164);
    const ack = await waitFor(async () => (await outboundOf(h.hub, report.id)).find((m) => m.kind === 'ack' && m.sendAfter));
    expect(ack.status).toBe('queued');
    expect(ack.sendAfter!.getTime()).toBe(vn('2026-03-11T06:00:00').getTime());
    const job = await waitFor(async () => {
      const j = await h.hub.ctx.queues.queue('outbound-sms').getJob(outboundSendJobs.sms.jobId({ messageId: ack.id }));
      return j && (await j.isDelayed()) ? j : undefined;
    }, { what: 'the delayed send job' });

    const reply = await queue({ reportId: report.id, contactId: report.contactId, channel: 'sms' });
    const first = await waitForSms(h.fake, p.national, 'the officer reply');
    expect(first.text).toBe('Xa da cu can bo kiem tra, se sua trong tuan nay.');
    await waitForMessageStatus(h.hub, reply.id, 'sent');
    expect((await outboundOf(h.hub, report.id)).find((m) => m.id === ack.id)!.status).toBe('queued');

    // Morning: the delayed job comes due.
    clock = vn('2026-03-11T06:00:30');
    await job.promote();
    const second = await waitForSms(h.fake, p.national, 'the acknowledgement', 1);
    expect(second.text).toContain(`TC ${report.code}`);
    await waitForMessageStatus(h.hub, ack.id, 'sent');
  });

  it('do not hold the acknowledgement of an urgent report', async () => {
    clock = vn('2026-03-10T23:45:00');
    const p = newPhone();
    const { reportId, contactId } = await citizenWithReport({ smsPhone: p.e164, priority: 'urgent' });
    const ack = await queue({ reportId, contactId, channel: 'sms', kind: 'ack', body: 'Cầu Nối: Đã tiếp nhận phản ánh khẩn cấp.' });
    await waitForSms(h.fake, p.national);
    const sent = await waitForMessageStatus(h.hub, ack.id, 'sent');
    expect(sent.sendAfter).toBeNull();
  });

  it('the reconciler leaves a held message alone until its time, then picks it up', async () => {
    const p = newPhone();
    const { reportId, contactId } = await citizenWithReport({ smsPhone: p.e164 });
    const held = await queue({ reportId, contactId, channel: 'sms', kind: 'system', sendAfter: new Date(Date.now() + 3600_000), createdAt: new Date(Date.now() - 60_000) }, false);
    const jobOf = () => h.hub.ctx.queues.queue('outbound').getJob(outboundJob.jobId({ messageId: held.id }));
    await reconcileOnce(h.hub.ctx);
    expect(await jobOf()).toBeUndefined();
    await db().update(messages).set({ sendAfter: new Date(Date.now() - 1000) }).where(eq(messages.id, held.id));
    await reconcileOnce(h.hub.ctx);
    expect(await jobOf()).toBeDefined();
  });
});

describe('outbound sending', () => {
  it('a Zalo reply outside the 7-day window goes again by SMS to the citizen\'s phone; the original is undeliverable', async () => {
    clock = new Date();
    const p = newPhone();
    const { reportId, contactId } = await citizenWithReport({ zaloId: '8417347285961289999', phone: p.e164 });
    const zalo = await queue({ reportId, contactId, channel: 'zalo', body: 'Chào anh, xã đã xử lý xong đoạn đường sạt lở.' });
    const sms = await waitForSms(h.fake, p.national);
    expect(sms.text).toBe('Chao anh, xa da xu ly xong doan duong sat lo.');
    const original = await waitForMessageStatus(h.hub, zalo.id, 'undeliverable');
    expect(original.errorCode).toBe('-230');
    expect(zaloCalls.at(-1)).toMatchObject({ messageId: zalo.id, to: '8417347285961289999' });
    const [fallback] = (await outboundOf(h.hub, reportId)).filter((m) => m.channel === 'sms');
    expect(fallback).toMatchObject({ kind: 'reply', body: zalo.body });
    await waitForMessageStatus(h.hub, fallback!.id, 'sent');
    const [ev] = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, reportId), eq(reportEvents.type, 'fallback_sms')));
    expect(ev!.data).toMatchObject({ messageId: zalo.id, fallbackMessageId: fallback!.id, errorCode: '-230' });
  });

  it('a Zalo reply outside the window to a citizen with no phone number is marked undeliverable for the officer', async () => {
    const { reportId, contactId } = await citizenWithReport({ zaloId: '8417347285961288888' });
    const zalo = await queue({ reportId, contactId, channel: 'zalo' });
    await waitForMessageStatus(h.hub, zalo.id, 'undeliverable');
    const events = await waitFor(async () => {
      const rows = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, reportId), eq(reportEvents.type, 'undeliverable')));
      return rows.length ? rows : undefined;
    });
    expect(events[0]!.data).toMatchObject({ messageId: zalo.id, errorCode: '-230' });
    expect((await outboundOf(h.hub, reportId)).filter((m) => m.channel === 'sms')).toHaveLength(0);
  });

  it('sending the same message twice at once reaches the gateway once', async () => {
    const p = newPhone();
    const { reportId, contactId } = await citizenWithReport({ smsPhone: p.e164 });
    const m = await queue({ reportId, contactId, channel: 'sms' }, false);
    const outcomes = await Promise.allSettled([1, 2].map(() => sendOutbound(h.hub.ctx, m.id, { finalAttempt: false })));
    // One run sends; the other finds the claim taken (and asks to be retried later) or the message sent…
    const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason instanceof RetryableError ? 'busy' : o.reason));
    expect(values.filter((v) => v === 'sent')).toHaveLength(1);
    expect(values.every((v) => v === 'sent' || v === 'busy' || v === 'gone')).toBe(true);
    // …and a later run finds it sent and does nothing.
    expect(await sendOutbound(h.hub.ctx, m.id, { finalAttempt: false })).toBe('gone');
    expect(h.fake.sent.filter((s) => s.to === p.national)).toHaveLength(1);
    const [row] = await db().select().from(messages).where(eq(messages.id, m.id));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a message for a contact with no address on its channel is failed as no_recipient', async () => {
    const { reportId, contactId } = await citizenWithReport({});
    const m = await queue({ reportId, contactId, channel: 'sms' });
    expect((await waitForMessageStatus(h.hub, m.id, 'failed')).errorCode).toBe('no_recipient');
  });
});
