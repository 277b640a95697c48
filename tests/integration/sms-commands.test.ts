/**
 * The SMS grammar through the real path (eSMS fake): TC, DK/HUY, ratings,
 * unknown codes, syntax errors and free text. Every answer is read as it
 * arrives at the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { contactIdentities, messages, reportEvents, reports, subscriptions } from '../../src/db/schema/index.js';
import { formatTrackingCode, newTrackingCode } from '../../src/domain/tracking-code.js';
import { FakeEsms } from '../fakes/sms-gateways.js';
import { newPhone, startSmsHub, waitForSms, waitForSmsReport, type SmsHub } from '../support/sms-hub.js';
import { waitFor } from '../support/wait.js';

let h: SmsHub<FakeEsms>;
beforeAll(async () => { h = await startSmsHub(await FakeEsms.start(), { SMS_PROVIDER: 'esms' }); });
afterAll(async () => { await h?.close(); });

const db = () => h.hub.ctx.database.db;
const send = (p: ReturnType<typeof newPhone>, text: string) => h.fake.mo(h.url, p.intl, text);
const readable = (text: string) => {
  expect(text).toMatch(/^[\x20-\x7e]+$/);
  expect(text.length).toBeLessThanOrEqual(160);
};

async function reportsOf(e164: string) {
  return db().select({ id: reports.id }).from(reports)
    .innerJoin(contactIdentities, eq(contactIdentities.contactId, reports.contactId))
    .where(and(eq(contactIdentities.channel, 'sms'), eq(contactIdentities.externalId, e164)));
}

async function openReport(text = 'PA TRAPHU Đường vào thôn 5 bị ngập sâu') {
  const p = newPhone();
  await send(p, text);
  const report = await waitForSmsReport(h.hub, p.e164);
  await waitForSms(h.fake, p.national, 'acknowledgement');
  return { p, report };
}

describe('SMS commands', () => {
  it('TC <code> answers anyone with the status of that report, and no personal data', async () => {
    const { p: citizen, report } = await openReport();
    const asker = newPhone();
    await send(asker, `tc ${report.code}`);
    const sms = await waitForSms(h.fake, asker.national);
    readable(sms.text);
    expect(sms.text).toContain(formatTrackingCode(report.code));
    expect(sms.text).toContain('Xa Tra Phu');
    expect(sms.text).toContain('Da tiep nhan');
    expect(sms.text).toContain(`/tra-cuu/${report.code}`);
    expect(sms.text).not.toContain(citizen.national.slice(1));
    expect(sms.text).not.toMatch(/ngap/i);
    expect(await reportsOf(asker.e164)).toHaveLength(0);
  });

  it('TC with a mistyped code, or a code nobody has, gets a short explanation', async () => {
    const p = newPhone();
    await send(p, 'TC 123456789');
    expect((await waitForSms(h.fake, p.national)).text).toMatch(/Ma 123456789 khong dung/);
    let unknown = newTrackingCode();
    while ((await db().select().from(reports).where(eq(reports.code, unknown))).length) unknown = newTrackingCode();
    await send(p, `TC ${unknown}`);
    expect((await waitForSms(h.fake, p.national, 'second answer', 1)).text).toContain('Khong tim thay phan anh');
  });

  it('PA with an unknown commune code answers with how to write it, and opens no report', async () => {
    const p = newPhone();
    await send(p, 'PA HANOI Đường hỏng');
    const sms = await waitForSms(h.fake, p.national);
    readable(sms.text);
    expect(sms.text).toContain('Khong co ma xa HANOI');
    expect(sms.text).toContain('PA TRAPHU');
    expect(await reportsOf(p.e164)).toHaveLength(0);
  });

  it('a malformed command gets the grammar hint by SMS', async () => {
    const p = newPhone();
    await send(p, 'TC 12');
    const sms = await waitForSms(h.fake, p.national);
    readable(sms.text);
    expect(sms.text).toMatch(/^Sai cu phap\. Soan: TC/);
  });

  it('DK TRAPHU subscribes with recorded consent and HUY stops it', async () => {
    const p = newPhone();
    await send(p, 'DK traphu');
    expect((await waitForSms(h.fake, p.national)).text).toContain('Ban da dang ky nhan thong bao cua Xa Tra Phu');
    const [sub] = await db().select().from(subscriptions)
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, subscriptions.contactId))
      .where(and(eq(subscriptions.unitId, h.hub.demo.units.TRAPHU!), eq(contactIdentities.externalId, p.e164)));
    expect(sub!.subscriptions).toMatchObject({ active: true, channel: 'sms', consentSource: 'sms:DK' });
    await send(p, 'Hủy');
    expect((await waitForSms(h.fake, p.national, 'HUY answer', 1)).text).toContain('Ban da ngung nhan thong bao');
    const [after] = await db().select().from(subscriptions).where(eq(subscriptions.id, sub!.subscriptions.id));
    expect(after!.active).toBe(false);
    await send(p, 'DK NOWHERE');
    expect((await waitForSms(h.fake, p.national, 'unknown DK', 2)).text).toContain('Khong co ma xa NOWHERE');
  });

  it('a lone digit rates the answered report; 1 or 2 reopens it for its commune', async () => {
    const { p, report } = await openReport('PA TRAPHU Cột điện nghiêng sắp đổ');
    // The officer's answer (the workspace issue) leaves the report answered.
    await db().update(reports).set({ status: 'answered', answeredAt: new Date() }).where(eq(reports.id, report.id));
    await send(p, '5');
    expect((await waitForSms(h.fake, p.national, 'thanks', 1)).text).toContain('Cam on ban da danh gia 5/5');
    // One rating per answer: a later answer may be rated again.
    await db().update(reports).set({ status: 'answered', answeredAt: new Date(Date.now() + 1000) }).where(eq(reports.id, report.id));
    await send(p, '1');
    const reopenSms = await waitForSms(h.fake, p.national, 'reopened', 2);
    readable(reopenSms.text);
    expect(reopenSms.text).toContain('mo lai de Xa Tra Phu xu ly tiep');
    const [after] = await db().select().from(reports).where(eq(reports.id, report.id));
    expect(after!.status).toBe('in_progress');
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.filter((e) => e.type === 'rated').map((e) => e.data?.score)).toEqual([5, 1]);
    expect(events.map((e) => e.type)).toContain('reopened');
  });

  it('a digit sent while the report is still open is just more text for it', async () => {
    const { p, report } = await openReport('PA TRAPHU Bao nhiêu hộ bị ảnh hưởng thì báo lại');
    await send(p, '3');
    const inbound = await waitFor(async () => {
      const rows = await db().select().from(messages).where(and(eq(messages.reportId, report.id), eq(messages.direction, 'in')));
      return rows.length === 2 ? rows : undefined;
    });
    expect(inbound.map((m) => m.body)).toContain('3');
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.map((e) => e.type)).not.toContain('rated');
  });

  it('free text from a new number opens a report in the district triage queue', async () => {
    const p = newPhone();
    await send(p, 'Nha toi bi ngap nuoc tu dem qua');
    const report = await waitForSmsReport(h.hub, p.e164);
    expect(report.triage).toBe(1);
    expect(report.assignedUnitId).toBe(h.hub.demo.units.VANPHONG);
    const sms = await waitForSms(h.fake, p.national);
    expect(sms.text).toContain(`TC ${report.code}`);
  });
});
