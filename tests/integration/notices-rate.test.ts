/**
 * Notices against a gateway that refuses bursts: the SMS send queue's limiter
 * (scaled down to 2 per second; BullMQ counts fixed windows, so the fake
 * refuses a 5th request within any second) paces the notice so none is
 * refused; and a notice cancelled while it is still going out sends nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { noticeDeliveries } from '../../src/db/schema/index.js';
import type { Session } from '../support/workspace.js';
import { addSubscriber, leader, phoneNo, post, startNoticesHub, waitForCounts, type NoticesHub } from '../support/notices-hub.js';
import { waitFor } from '../support/wait.js';

let h: NoticesHub;
let boss: Session;

beforeAll(async () => {
  h = await startNoticesHub({ env: { SMS_RATE_LIMIT_MAX: '2', SMS_RATE_LIMIT_WINDOW_MS: '1000' } });
  h.esms.limitBurst(4, 1000);
  boss = await leader(h, 'lanh.dao.rate');
});
afterAll(async () => { await h?.close(); });

const notice = (code: string) => ({ title: 'Cắt điện', text: 'Thứ Ba cắt điện từ 7h đến 11h để sửa đường dây.', unitCodes: [code], channels: ['sms'] });
const drained = () => waitFor(async () => {
  const q = await h.hub.ctx.queues.queue('outbound-sms').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(q).every((n) => n === 0);
}, { what: 'SMS send queue drained', timeout: 30_000 });

describe('notices and provider rate limits', () => {
  it('a notice to many subscribers is paced under the gateway limit: every SMS goes out, none is refused', async () => {
    const phones = Array.from({ length: 7 }, () => phoneNo());
    for (const p of phones) await addSubscriber(h.db, { unitId: h.hub.demo.units.TRABUI!, phone: p.e164 });
    const res = await post(boss, '/api/notices', notice('TRABUI')).expect(201);
    await waitForCounts(h, res.body.id, (c) => c.sent === 7);
    expect(h.esms.burstRejections).toBe(0);
    expect(h.esms.sendRequests().filter((r) => r.outcome === 'rate_limited')).toHaveLength(0);
    expect(new Set(h.esms.sent.map((s) => s.to))).toEqual(new Set(phones.map((p) => p.national)));
  });

  it('cancelling mid-way stops further sends', async () => {
    const phones = Array.from({ length: 8 }, () => phoneNo());
    for (const p of phones) await addSubscriber(h.db, { unitId: h.hub.demo.units.TRAGIANG!, phone: p.e164 });
    const mine = (s: { to: string }) => phones.some((p) => p.national === s.to);
    const res = await post(boss, '/api/notices', notice('TRAGIANG')).expect(201);
    const id = res.body.id as number;
    await waitFor(() => h.esms.sent.some(mine), { what: 'first SMS of the notice' });
    await post(boss, `/api/notices/${id}/cancel`).expect(200, { id, status: 'cancelled' });
    const counts = await waitForCounts(h, id, (c) => c.queued === 0);
    await drained();
    const sent = h.esms.sent.filter(mine).length;
    expect(counts.skippedBy.cancelled).toBeGreaterThan(0);
    expect(sent).toBeLessThan(8);
    expect(sent).toBe(counts.sent + counts.delivered);
    const rows = await h.db.select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, id));
    expect(rows.filter((d) => d.skipReason === 'cancelled')).toHaveLength(8 - sent);
    const view = await boss.agent.get(`/api/notices/${id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'cancelled', permissions: { cancel: false } });
    await post(boss, `/api/notices/${id}/cancel`).expect(409);
  });
});
