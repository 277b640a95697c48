import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, rawRequest } from '../../../tests/support/zalo-fixtures.js';
import { zaloConfigSchema, type ZaloConfig } from './zalo.config.js';
import { verifyZaloSignature } from './zalo.signature.js';

const APP_ID = '2553928453557884079';
const OA_ID = '3795634857243201598';
const SECRET = 'oa-secret-key-from-the-webhook-page';
const TS = 1767231000123;

const cfg = (over: Partial<ZaloConfig> = {}): ZaloConfig => zaloConfigSchema.parse({
  appId: APP_ID, oaSecretKey: SECRET, apiBaseUrl: 'http://127.0.0.1:1', oauthBaseUrl: 'http://127.0.0.1:1',
  signatureMaxSkewS: 600, acceptOaIdSignature: false, tokenRefreshMarginS: 18000, httpTimeoutMs: 1000, ...over,
});

/** Computed here independently of the code under test: plain SHA-256, not HMAC. */
const mac = (first: string, body: Buffer, ts = String(TS), secret = SECRET) =>
  createHash('sha256').update(Buffer.concat([Buffer.from(first), body, Buffer.from(ts), Buffer.from(secret)])).digest('hex');

describe('Zalo webhook signature', () => {
  const body = fixtureBytes('user_send_text');

  it('accepts mac = sha256(app_id + raw body + timestamp + OA secret key)', () => {
    expect(verifyZaloSignature(rawRequest(body, { 'X-ZEvent-Signature': `mac=${mac(APP_ID, body)}` }), cfg(), TS + 1000)).toEqual({ ok: true });
  });

  it('accepts the hex value without the mac= prefix and in upper case', () => {
    expect(verifyZaloSignature(rawRequest(body, { 'x-zevent-signature': mac(APP_ID, body).toUpperCase() }), cfg(), TS).ok).toBe(true);
  });

  it('verifies the raw bytes, so a re-serialised body fails', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reserialised.equals(body)).toBe(false);
    const r = verifyZaloSignature(rawRequest(reserialised, { 'x-zevent-signature': `mac=${mac(APP_ID, body)}` }), cfg(), TS);
    expect(r).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects an HMAC-SHA256 signature, as wrongly written by several community examples', async () => {
    const { createHmac } = await import('node:crypto');
    const hmac = createHmac('sha256', SECRET).update(body).digest('hex');
    expect(verifyZaloSignature(rawRequest(body, { 'x-zevent-signature': `mac=${hmac}` }), cfg(), TS).ok).toBe(false);
  });

  it('rejects a missing, malformed or forged signature', () => {
    expect(verifyZaloSignature(rawRequest(body), cfg(), TS)).toEqual({ ok: false, reason: 'missing signature' });
    expect(verifyZaloSignature(rawRequest(body, { 'x-zevent-signature': 'mac=xyz' }), cfg(), TS)).toEqual({ ok: false, reason: 'malformed signature header' });
    const forged = mac(APP_ID, body, String(TS), 'guessed-secret');
    expect(verifyZaloSignature(rawRequest(body, { 'x-zevent-signature': `mac=${forged}` }), cfg(), TS)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects a correctly signed event replayed outside the timestamp window, unless the window is off', () => {
    const req = rawRequest(body, { 'x-zevent-signature': `mac=${mac(APP_ID, body)}` });
    expect(verifyZaloSignature(req, cfg(), TS + 601_000)).toEqual({ ok: false, reason: 'timestamp outside window' });
    expect(verifyZaloSignature(req, cfg(), TS - 601_000).ok).toBe(false);
    expect(verifyZaloSignature(req, cfg({ signatureMaxSkewS: 0 }), TS + 90 * 24 * 3600_000).ok).toBe(true);
  });

  it('fails closed when the OA secret key is not configured', () => {
    const req = rawRequest(body, { 'x-zevent-signature': `mac=${mac(APP_ID, body)}` });
    expect(verifyZaloSignature(req, cfg({ oaSecretKey: undefined }), TS).ok).toBe(false);
  });

  it('rejects an event of another app', () => {
    const req = rawRequest(body, { 'x-zevent-signature': `mac=${mac(APP_ID, body)}` });
    expect(verifyZaloSignature(req, cfg({ appId: '1111111111111111111' }), TS)).toEqual({ ok: false, reason: 'app_id mismatch' });
  });

  it('accepts the oa_id-first variant only when configured to', () => {
    const req = rawRequest(body, { 'x-zevent-signature': `mac=${mac(OA_ID, body)}` });
    expect(verifyZaloSignature(req, cfg(), TS).ok).toBe(false);
    expect(verifyZaloSignature(req, cfg({ acceptOaIdSignature: true }), TS).ok).toBe(true);
  });

  it('uses the exact digits of ids sent as bare numbers larger than 2^53', () => {
    const raw = fixtureBytes('bare-number-ids');
    const req = rawRequest(raw, { 'x-zevent-signature': `mac=${mac(APP_ID, raw)}` });
    expect(verifyZaloSignature(req, cfg(), TS).ok).toBe(true);
  });
});
