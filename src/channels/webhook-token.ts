/**
 * The shared secret for gateways that sign nothing (eSMS delivery reports,
 * SpeedSMS, the demo gateway): `SMS_WEBHOOK_TOKEN`, put in the URL registered
 * with the provider (`?token=…`) or sent as the `X-Webhook-Token` header.
 * Fail closed: with no token configured, such a webhook is refused.
 */
import { safeEqual } from '../lib/crypto.js';
import type { RawRequest, VerifyResult } from './types.js';

export const TOKEN_PARAM = 'token';
export const TOKEN_HEADER = 'x-webhook-token';

export function verifyWebhookToken(req: RawRequest, expected: string | undefined): VerifyResult {
  if (!expected) return { ok: false, reason: 'webhook token not configured' };
  const q = req.query[TOKEN_PARAM];
  const candidate = (typeof q === 'string' ? q : undefined) ?? req.headers[TOKEN_HEADER];
  if (!candidate) return { ok: false, reason: 'missing webhook token' };
  return safeEqual(candidate, expected) ? { ok: true } : { ok: false, reason: 'bad webhook token' };
}

/** `base` + path with the token appended, for callback URLs handed to a provider. */
export function callbackUrl(base: string, path: string, token: string | undefined): string {
  const url = `${base.replace(/\/+$/, '')}${path}`;
  return token ? `${url}${url.includes('?') ? '&' : '?'}${TOKEN_PARAM}=${encodeURIComponent(token)}` : url;
}
