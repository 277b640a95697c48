import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../lib/errors.js';
import { memoryPartLedger, SmsOutboundAdapter, type SmsPart, type SmsTransport } from './sms-outbound.js';

/** A gateway stand-in that records parts and can fail chosen calls. */
function gateway(failOn: number[] = []): SmsTransport & { sent: SmsPart[]; calls: number } {
  const g = {
    sent: [] as SmsPart[], calls: 0,
    async sendPart(p: SmsPart) {
      g.calls++;
      if (failOn.includes(g.calls)) throw new RetryableError('gateway 503', 'http_503');
      g.sent.push(p);
      return `gw-${g.sent.length}`;
    },
  };
  return g;
}

const long = 'Ủy ban nhân dân xã đã kiểm tra hiện trường và sẽ sửa đoạn đường sạt lở trong tuần tới. '.repeat(4);
const message = (text: string) => ({ messageId: 7, idempotencyKey: 'm7-abc', to: '+84912345678', text, urgent: false });

describe('SMS outbound parts', () => {
  it('sends a short text as one unaccented SMS with the message key', async () => {
    const g = gateway();
    const a = new SmsOutboundAdapter('sms-test', g, { unaccented: true, maxParts: 8 }, memoryPartLedger());
    const r = await a.send(message('Cầu Nối: Đã tiếp nhận, mã số 482-910-375.'));
    expect(r).toEqual({ providerMessageId: 'gw-1', parts: 1 });
    expect(g.sent[0]).toMatchObject({ text: 'Cau Noi: Da tiep nhan, ma so 482-910-375.', encoding: 'GSM-7', key: 'm7-abc' });
  });

  it('splits a long text into marked parts of at most 160 characters, each with its own key', async () => {
    const g = gateway();
    const a = new SmsOutboundAdapter('sms-test', g, { unaccented: true, maxParts: 8 }, memoryPartLedger());
    const r = await a.send(message(long));
    expect(r.parts).toBe(g.sent.length);
    expect(g.sent.length).toBeGreaterThan(1);
    for (const [i, p] of g.sent.entries()) {
      expect(p.text.length).toBeLessThanOrEqual(160);
      expect(p.text.startsWith(`(${i + 1}/${g.sent.length}) `)).toBe(true);
      expect(p.key).toBe(`m7-abc-${i + 1}`);
    }
  });

  it('a retry after a failure half-way does not send the accepted parts again', async () => {
    const g = gateway([2]);
    const a = new SmsOutboundAdapter('sms-test', g, { unaccented: true, maxParts: 8 }, memoryPartLedger());
    await expect(a.send(message(long))).rejects.toBeInstanceOf(RetryableError);
    expect(g.sent).toHaveLength(1);
    const r = await a.send(message(long));
    expect(g.sent.map((p) => p.part)).toEqual(Array.from({ length: r.parts }, (_, i) => i + 1));
    expect(r.providerMessageId).toBe('gw-1');
  });
});
