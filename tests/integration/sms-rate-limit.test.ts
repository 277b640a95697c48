/**
 * Per-provider rate limit: the SMS send queue's BullMQ limiter keeps the hub
 * under a gateway that rejects bursts (SpeedSMS: 60 requests/minute, then 429),
 * scaled down here to 2 per second against a fake that refuses a 5th request
 * within any second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities, contacts, messages } from '../../src/db/schema/index.js';
import { outboundJob } from '../../src/jobs/definitions.js';
import { FakeSpeedSms } from '../fakes/sms-gateways.js';
import { newPhone, startSmsHub, type SmsHub } from '../support/sms-hub.js';
import { waitFor } from '../support/wait.js';

let h: SmsHub<FakeSpeedSms>;
beforeAll(async () => {
  h = await startSmsHub(await FakeSpeedSms.start(), { SMS_PROVIDER: 'speedsms', SMS_RATE_LIMIT_MAX: '2', SMS_RATE_LIMIT_WINDOW_MS: '1000' });
  h.fake.limitBurst(4, 1000);
});
afterAll(async () => { await h?.close(); });

describe('SMS rate limit', () => {
  it('a burst of messages is paced under the gateway limit: every SMS goes out, none is rejected', async () => {
    const db = h.hub.ctx.database.db;
    const phones = Array.from({ length: 8 }, () => newPhone());
    const ids: number[] = [];
    for (const p of phones) {
      const [c] = await db.insert(contacts).values({}).returning();
      await db.insert(contactIdentities).values({ contactId: c!.id, channel: 'sms', externalId: p.e164 });
      const [m] = await db.insert(messages).values({ contactId: c!.id, direction: 'out', channel: 'sms', kind: 'system', body: 'Thông báo: lịch tiêm chủng thứ Bảy.', status: 'queued', urgent: 1 }).returning();
      ids.push(m!.id);
    }
    await h.hub.ctx.queues.enqueue(outboundJob, ids.map((messageId) => ({ messageId })));
    await waitFor(() => h.fake.sent.length >= 8 || undefined, { timeout: 30_000, what: '8 SMS at the gateway' });
    expect(h.fake.burstRejections).toBe(0);
    expect(h.fake.sendRequests().filter((r) => r.outcome === 'rate_limited')).toHaveLength(0);
    expect(new Set(h.fake.sent.map((s) => s.to))).toEqual(new Set(phones.map((p) => p.national)));
  });

  it('the fake does reject an unpaced burst (so the test above means something)', async () => {
    const send = () => fetch(`${h.fake.url}/index.php/sms/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${h.fake.accessToken}:x`).toString('base64')}` },
      body: JSON.stringify({ to: ['0912345678'], content: 'x', sms_type: 2 }),
    });
    const statuses = (await Promise.all(Array.from({ length: 8 }, send))).map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
