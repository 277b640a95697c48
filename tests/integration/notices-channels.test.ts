/**
 * The channel of each recipient (Zalo consultation message inside the 7-day
 * window, ZNS to the phone when a template is configured, SMS otherwise),
 * receipts over each, retrying failed deliveries, and quiet hours: an
 * emergency goes at night, an ordinary notice waits for 06:00. The clock is
 * injected (no sleeping until night).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { messages } from '../../src/db/schema/index.js';
import { overrideChannels } from '../../src/channels/registry.js';
import { oaEvent } from '../fakes/zalo.js';
import { newZaloUserId } from '../support/zalo-hub.js';
import type { Session } from '../support/workspace.js';
import {
  addSubscriber, deliveriesOf, leader, phoneNo, post, startNoticesHub, waitForCounts, type NoticesHub,
} from '../support/notices-hub.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;
const H = 3_600_000;
const vnMidnight = Math.floor((Date.now() + 7 * H) / DAY) * DAY - 7 * H;
const noon = new Date(vnMidnight + 12 * H);
const night = new Date(vnMidnight + 23 * H);
let clock = noon;

let h: NoticesHub;
let boss: Session;

beforeAll(async () => {
  h = await startNoticesHub({ zns: true, env: { QUIET_HOURS: '22:00-06:00' } });
  overrideChannels(h.hub.ctx, { now: () => clock });
  boss = await leader(h, 'lanh.dao.kenh');
});
afterAll(async () => { await h?.close(); });

const notice = (code: string, over: Record<string, unknown> = {}) => ({
  title: 'Họp dân <thôn 3>', text: 'Tối thứ Sáu họp dân bàn việc làm đường.', unitCodes: [code], channels: ['sms', 'zalo'], ...over,
});

describe('the channel of each recipient', () => {
  it('Zalo inside the window, ZNS to the phone outside it, SMS when ZNS cannot deliver; receipts counted on each', async () => {
    const unit = h.hub.demo.units.TRAPHONG!;
    const recent = newZaloUserId();
    const stale = { zalo: newZaloUserId(), phone: phoneNo() };
    const noZalo = phoneNo();
    await addSubscriber(h.db, { unitId: unit, zaloUserId: recent, zaloLastInboundAt: new Date(noon.getTime() - DAY), followed: true });
    await addSubscriber(h.db, { unitId: unit, zaloUserId: stale.zalo, zaloLastInboundAt: new Date(noon.getTime() - 10 * DAY), phone: stale.phone.e164 });
    await addSubscriber(h.db, { unitId: unit, phone: noZalo.e164 });
    await addSubscriber(h.db, { unitId: unit, zaloUserId: newZaloUserId(), zaloLastInboundAt: new Date(noon.getTime() - 30 * DAY) });
    h.zns!.failNext(-118, 1, noZalo.intl); // "Zalo account does not exist"
    const res = await post(boss, '/api/notices', notice('TRAPHONG')).expect(201);
    const id = res.body.id as number;
    const c = await waitForCounts(h, id, (x) => x.queued === 0 && x.sent === 3);
    expect(c.skippedBy.no_channel).toBe(1);

    const cs = h.zalo!.calls('cs').find((r) => r.rawBody.includes(recent));
    expect(JSON.parse(cs!.rawBody).message.text).toContain('Họp dân <thôn 3>');
    const zns = h.zns!.sent.find((s) => s.phone === stale.phone.intl)!;
    expect(zns.templateData).toMatchObject({ title: 'Họp dân <thôn 3>', content: 'Tối thứ Sáu họp dân bàn việc làm đường.' });
    const sms = h.esms.sent.find((s) => s.to === noZalo.national)!;
    expect(sms.text).toContain('Hop dan <thon 3>');
    const rows = await deliveriesOf(h, id);
    expect(rows.map((d) => [d.channel, d.status]).sort()).toEqual([[null, 'skipped'], ['sms', 'sent'], ['zalo', 'sent'], ['zns', 'sent']]);
    expect(rows.find((d) => d.channel === 'sms')!.errorCode).toBe('-118');

    const zaloRow = rows.find((d) => d.channel === 'zalo')!;
    const [m] = await h.db.select().from(messages).where(eq(messages.id, zaloRow.messageId!));
    await h.zalo!.postWebhook(h.url, oaEvent(h.zalo!, recent, 'user_received_message', { msg_id: m!.providerMessageId }));
    await h.zalo!.postWebhook(h.url, h.zns!.receipt(zns));
    await h.esms.deliveryReport(sms);
    await waitForCounts(h, id, (x) => x.delivered === 3);
  });

  it('failed deliveries can be retried: they go again, the rest is not resent', async () => {
    const unit = h.hub.demo.units.TRATAY!;
    const p = phoneNo();
    const ok = phoneNo();
    await addSubscriber(h.db, { unitId: unit, phone: p.e164 });
    await addSubscriber(h.db, { unitId: unit, phone: ok.e164 });
    h.zns!.failNext(-114, 1, p.intl); // "user cannot receive ZNS" and the notice allows no SMS: failed
    const res = await post(boss, '/api/notices', notice('TRATAY', { channels: ['zalo'] })).expect(201);
    const id = res.body.id as number;
    await waitForCounts(h, id, (x) => x.failed === 1 && x.sent === 1);
    const view = await waitFor(async () => { const r = await boss.agent.get(`/api/notices/${id}`).expect(200); return r.body.status === 'sent' ? r : undefined; }, { what: 'notice sent' });
    expect(view.body.permissions).toMatchObject({ retryFailed: true, cancel: false });
    await post(boss, `/api/notices/${id}/retry-failed`).expect(200, { id, status: 'sending', retried: 1 });
    await waitForCounts(h, id, (x) => x.sent === 2 && x.failed === 0);
    expect(h.zns!.sent.filter((s) => s.phone === p.intl)).toHaveLength(1);
    expect(h.zns!.sent.filter((s) => s.phone === ok.intl)).toHaveLength(1);
    await post(boss, `/api/notices/${id}/retry-failed`).expect(409);
  });
});

describe('quiet hours', () => {
  it('at 23:00 an emergency goes at once while an ordinary notice waits until 06:00', async () => {
    const unit = h.hub.demo.units.TRATHANH!;
    const p = phoneNo();
    await addSubscriber(h.db, { unitId: unit, phone: p.e164 });
    clock = night;
    try {
      const ordinary = await post(boss, '/api/notices', notice('TRATHANH', { channels: ['sms'] })).expect(201);
      const held = await waitFor(async () => (await deliveriesOf(h, ordinary.body.id)).find((d) => d.messageId !== null), { what: 'held delivery' });
      const [m] = await h.db.select().from(messages).where(eq(messages.id, held.messageId!));
      expect(m!.sendAfter?.toISOString()).toBe(new Date(vnMidnight + 30 * H).toISOString());
      const job = await h.hub.ctx.queues.queue('outbound-sms').getJob(`send-${m!.id}`);
      expect(await job?.isDelayed()).toBe(true);

      const alert = await post(boss, '/api/notices', notice('TRATHANH', { channels: ['sms'], emergency: true, title: 'Sạt lở', text: 'Không đi qua đèo.' })).expect(201);
      await waitForCounts(h, alert.body.id, (x) => x.sent === 1);
      const toPhone = h.esms.sent.filter((s) => s.to === p.national);
      expect(toPhone).toHaveLength(1);
      expect(toPhone[0]!.text).toMatch(/^KHAN CAP/);
      expect((await deliveriesOf(h, ordinary.body.id))[0]!.status).toBe('queued');
    } finally { clock = noon; }
  });
});
