import { describe, expect, it } from 'vitest';
import { rawRequest } from '../sms/test-request.js';
import { TwilioInbound, twilioSignature } from './twilio.adapter.js';
import { twilioDeliveryStatus } from './twilio.codes.js';

const TOKEN = 'twilio-auth-token-0123456789';
const URL_ = 'https://hub.example.gov.vn/webhooks/sms/twilio';
const adapter = new TwilioInbound({ authToken: TOKEN });

/** A Twilio inbound SMS as documented (messaging/guides/webhook-request), form-encoded. */
const inbound = new URLSearchParams({
  ToCountry: 'VN', SmsMessageSid: 'SM2f0c1b4a9e8d7c6b5a4f3e2d1c0b9a8f', NumMedia: '0', SmsSid: 'SM2f0c1b4a9e8d7c6b5a4f3e2d1c0b9a8f',
  SmsStatus: 'received', Body: 'PA TRAPHU Đường bị sạt lở', To: '+84901000111', NumSegments: '1',
  MessageSid: 'SM2f0c1b4a9e8d7c6b5a4f3e2d1c0b9a8f', AccountSid: 'AC0123456789abcdef0123456789abcdef', From: '+84912345678', ApiVersion: '2010-04-01',
});

function signed(body: URLSearchParams, url = URL_) {
  return rawRequest({ url, body: body.toString(), contentType: 'application/x-www-form-urlencoded', headers: { 'x-twilio-signature': twilioSignature(TOKEN, url, [...body]) } });
}

describe('Twilio adapter', () => {
  it('computes the documented signature (twilio-node reference vector)', () => {
    const params: [string, string][] = [['CallSid', 'CA1234567890ABCDE'], ['Caller', '+14158675309'], ['Digits', '1234'], ['From', '+14158675309'], ['To', '+18005551212']];
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('accepts a correctly signed inbound SMS and reads sender, text and id', () => {
    const req = signed(inbound);
    expect(adapter.verify(req)).toEqual({ ok: true });
    const [ev] = adapter.parse(req);
    expect(ev).toMatchObject({ type: 'message', externalId: 'SM2f0c1b4a9e8d7c6b5a4f3e2d1c0b9a8f', from: { externalId: '+84912345678' }, text: 'PA TRAPHU Đường bị sạt lở' });
  });

  it('rejects a forged, tampered, re-pointed or missing signature', () => {
    const req = signed(inbound);
    expect(adapter.verify({ ...req, headers: { ...req.headers, 'x-twilio-signature': 'AAAA' } }).ok).toBe(false);
    expect(adapter.verify({ ...req, rawBody: Buffer.from(req.rawBody.toString().replace('TRAPHU', 'TRABUI')) }).ok).toBe(false);
    expect(adapter.verify({ ...req, url: 'https://evil.example/webhooks/sms/twilio' }).ok).toBe(false);
    expect(adapter.verify({ ...req, headers: {} }).ok).toBe(false);
  });

  it('turns status callbacks into statuses and ignores intermediate ones', () => {
    const cb = (status: string, extra: Record<string, string> = {}) =>
      adapter.parse(signed(new URLSearchParams({ MessageSid: 'SMabc', MessageStatus: status, SmsStatus: status, AccountSid: 'AC1', ...extra })));
    expect(cb('delivered')).toMatchObject([{ type: 'status', providerMessageIds: ['SMabc'], status: 'delivered', externalId: 'status:SMabc:delivered' }]);
    expect(cb('undelivered', { ErrorCode: '30003' })).toMatchObject([{ status: 'failed', errorCode: 'twilio_30003' }]);
    expect(cb('queued')).toEqual([]);
    expect(twilioDeliveryStatus('sending', undefined)).toBeNull();
  });

  it('refuses a payload with no message id as poison', () => {
    expect(() => adapter.parse(signed(new URLSearchParams({ From: '+84912345678' })))).toThrow();
  });

  it('keeps media links of an MMS', () => {
    const [ev] = adapter.parse(signed(new URLSearchParams({ MessageSid: 'MM1', From: '+84912345678', Body: '', NumMedia: '1', MediaUrl0: 'https://api.twilio.com/m/1', MediaContentType0: 'image/jpeg' })));
    expect(ev).toMatchObject({ media: [{ kind: 'image', url: 'https://api.twilio.com/m/1', mime: 'image/jpeg' }] });
  });
});
