import { describe, expect, it } from 'vitest';
import { rawRequest } from '../sms/test-request.js';
import { EsmsInbound, esmsMoSign } from './esms.adapter.js';
import type { EsmsConfig } from './esms.config.js';

const config: EsmsConfig = {
  apiBaseUrl: 'https://rest.esms.vn', apiKey: 'k', secretKey: 's', brandname: 'UBNDXA', smsType: '2', sandbox: false,
  moPrivateKey: 'mo-private-key', moSignFields: ['cpid', 'smsid', 'content', 'receiverTime'], webhookToken: 'hook-token-123',
  publicBaseUrl: 'https://hub.example.gov.vn', unaccented: true, maxParts: 8, timeoutMs: 1000,
};
const adapter = new EsmsInbound(config);
const BASE = 'https://hub.example.gov.vn/webhooks/sms/esms';

function mo(over: Record<string, string> = {}, key = config.moPrivateKey!) {
  const p: Record<string, string> = { sender: '84912345678', content: 'PA TRAPHU Đèn đường hỏng', serviceNumber: '8079', keyword: 'PA', cpid: '1234', smsid: 'xyz-1', receiverTime: '20260310214501', ...over };
  p.sign = esmsMoSign(p, config.moSignFields, key);
  return rawRequest({ url: `${BASE}?${new URLSearchParams(p)}` });
}

describe('eSMS adapter', () => {
  it('signs MO as MD5 of the configured fields then the private key (the documented example order)', () => {
    // CHANNELS.md §4.1: MD5("abcdef" + "1234" + "xyz" + privateKey) for cpid, smsid, content.
    expect(esmsMoSign({ cpid: 'abcdef', smsid: '1234', content: 'xyz' }, ['cpid', 'smsid', 'content'], 'pk')).toBe('18a89c73ae37597382f0dc18ba3f6a84');
    // The order is configurable because it is UNVERIFIED.
    expect(esmsMoSign({ cpid: 'abcdef', smsid: '1234', content: 'xyz' }, ['smsid', 'cpid', 'content'], 'pk')).not.toBe('18a89c73ae37597382f0dc18ba3f6a84');
  });

  it('accepts a correctly signed MO and normalises the sender to E.164', () => {
    const req = mo();
    expect(adapter.verify(req)).toEqual({ ok: true });
    expect(adapter.parse(req)).toMatchObject([{ type: 'message', externalId: 'mo:xyz-1', from: { externalId: '+84912345678', phone: '+84912345678' }, text: 'PA TRAPHU Đèn đường hỏng', receivedAt: '2026-03-10T14:45:01.000Z' }]);
  });

  it('rejects an MO signed with another key, or altered after signing', () => {
    expect(adapter.verify(mo({}, 'wrong-key')).ok).toBe(false);
    const req = mo();
    expect(adapter.verify({ ...req, url: req.url.replace('TRAPHU', 'TRABUI') }).ok).toBe(false);
  });

  it('refuses MO when no private key is configured (fail closed)', () => {
    expect(new EsmsInbound({ ...config, moPrivateKey: undefined }).verify(mo()).ok).toBe(false);
  });

  it('needs the webhook token on delivery reports', () => {
    const dlr = `${BASE}?SMSID=abc-123&SendStatus=5&SendSuccess=1&SendFailed=0&RequestId=m7-k1&TypeId=2&telcoid=1`;
    expect(adapter.verify(rawRequest({ url: dlr })).ok).toBe(false);
    expect(adapter.verify(rawRequest({ url: `${dlr}&token=wrong` })).ok).toBe(false);
    const req = rawRequest({ url: `${dlr}&token=hook-token-123` });
    expect(adapter.verify(req)).toEqual({ ok: true });
    expect(adapter.parse(req)).toMatchObject([{ type: 'status', externalId: 'dlr:abc-123:5', providerMessageIds: ['abc-123', 'rq:m7-k1'], status: 'delivered' }]);
    expect(new EsmsInbound({ ...config, webhookToken: undefined }).verify(req).ok).toBe(false);
  });

  it('maps delivery statuses: 4 rejected, 5 with only failures failed, pending ones ignored', () => {
    const parse = (q: string) => adapter.parse(rawRequest({ url: `${BASE}?SMSID=a&${q}` }));
    expect(parse('SendStatus=4')).toMatchObject([{ status: 'failed', errorCode: 'esms_rejected' }]);
    expect(parse('SendStatus=5&SendSuccess=0&SendFailed=1')).toMatchObject([{ status: 'failed' }]);
    expect(parse('SendStatus=7')).toEqual([]);
    expect(parse('SendStatus=2')).toEqual([]);
  });

  it('treats a request that is neither MO nor report as poison', () => {
    expect(() => adapter.parse(rawRequest({ url: `${BASE}?foo=bar` }))).toThrow();
    expect(() => adapter.parse(mo({ sender: 'not-a-number' }))).toThrow();
  });

  it('answers an MO with the ClientResponse XML, escaped', () => {
    const reply = adapter.reply(adapter.parse(mo({ smsid: 'a<b' })), mo({ smsid: 'a<b' }));
    expect(reply.contentType).toMatch(/xml/);
    expect(reply.body).toContain('<Smsid>a&#60;b</Smsid>');
  });
});
