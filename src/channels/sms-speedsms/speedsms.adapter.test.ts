import { describe, expect, it } from 'vitest';
import { rawRequest } from '../sms/test-request.js';
import { SpeedSmsInbound } from './speedsms.adapter.js';
import { speedSmsDeliveryStatus } from './speedsms.codes.js';

const adapter = new SpeedSmsInbound({ webhookToken: 'hook-token-123' });
const URL_ = 'https://hub.example.gov.vn/webhooks/sms/speedsms?token=hook-token-123';
const json = (body: unknown, url = URL_) => rawRequest({ url, body: JSON.stringify(body), contentType: 'application/json' });

describe('SpeedSMS adapter', () => {
  it('needs the webhook token, in the query or the X-Webhook-Token header; none configured refuses all', () => {
    const body = { type: 'report', tranId: 123456, phone: '84912345678', status: 0 };
    expect(adapter.verify(json(body)).ok).toBe(true);
    expect(adapter.verify(json(body, 'https://hub.example.gov.vn/webhooks/sms/speedsms')).ok).toBe(false);
    expect(adapter.verify(json(body, 'https://hub.example.gov.vn/webhooks/sms/speedsms?token=hook-token-12')).ok).toBe(false);
    const viaHeader = rawRequest({ url: 'https://hub.example.gov.vn/webhooks/sms/speedsms', body: JSON.stringify(body), contentType: 'application/json', headers: { 'x-webhook-token': 'hook-token-123' } });
    expect(adapter.verify(viaHeader).ok).toBe(true);
    expect(new SpeedSmsInbound({ webhookToken: undefined }).verify(json(body)).ok).toBe(false);
  });

  it('maps report statuses: 0 delivered, temporary ones ignored, 64 and above failed', () => {
    expect(adapter.parse(json({ type: 'report', tranId: 123456, phone: '84912345678', status: 0 })))
      .toMatchObject([{ type: 'status', providerMessageIds: ['123456'], status: 'delivered' }]);
    expect(adapter.parse(json({ type: 'report', tranId: 1, phone: '84912345678', status: 5 }))).toEqual([]);
    expect(adapter.parse(json({ type: 'report', tranId: 1, phone: '84912345678', status: 64 }))).toMatchObject([{ status: 'failed', errorCode: 'speedsms_64' }]);
    expect(speedSmsDeliveryStatus('x')).toBeNull();
  });

  it('reads an incoming SMS, and the same bytes twice give the same id', () => {
    const body = { type: 'incoming', phone: '0912345678', content: 'TC 482910375' };
    const [a] = adapter.parse(json(body));
    const [b] = adapter.parse(json(body));
    expect(a).toMatchObject({ type: 'message', from: { externalId: '+84912345678' }, text: 'TC 482910375' });
    expect(a!.externalId).toBe(b!.externalId);
  });

  it('refuses unknown types and non-object JSON as poison', () => {
    expect(() => adapter.parse(json({ type: 'nope' }))).toThrow();
    expect(() => adapter.parse(json([1, 2]))).toThrow();
    expect(() => adapter.parse(rawRequest({ url: URL_, body: '{not json', contentType: 'application/json' }))).toThrow();
  });
});
