/**
 * Zalo webhook signature (CHANNELS.md §1.2–1.3):
 *
 *   X-ZEvent-Signature: mac=<hex>
 *   hex = lowercase SHA-256( app_id + raw_body + timestamp + oa_secret_key )
 *
 * A plain hash of a concatenation, NOT an HMAC, over the RAW request bytes
 * (never a re-serialised body). `app_id` and `timestamp` are read from the body
 * as strings (losslessly: they exceed 2^53).
 *
 * UNVERIFIED points, configurable:
 * - which secret: we use ZALO_OA_SECRET_KEY (the webhook page's "OA Secret Key");
 * - some community code puts the OA id first instead of app_id:
 *   ZALO_SIGNATURE_ACCEPT_OA_ID=true also accepts that, and logs it;
 * - replay window on the body timestamp: ZALO_SIGNATURE_MAX_SKEW_S (0 = off);
 * - the `mac=` prefix: chatwoot strips it, so a bare hex value is accepted too.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RawRequest, VerifyResult } from '../types.js';
import { logger } from '../../lib/logger.js';
import type { ZaloConfig } from './zalo.config.js';
import { parseJsonLossless } from './zalo.json.js';

export const SIGNATURE_HEADER = 'x-zevent-signature';
const MAC = /^(?:mac=)?([0-9a-f]{64})$/i;

export function computeZaloMac(firstTerm: string, rawBody: Buffer, timestamp: string, secret: string): string {
  return createHash('sha256').update(firstTerm, 'utf8').update(rawBody).update(timestamp, 'utf8').update(secret, 'utf8').digest('hex');
}

interface SignedFields { appId?: string; timestamp?: string; oaIds: string[] }

/** Reads the fields that enter the mac, as exact strings; null if the body is not a JSON object. */
function signedFields(rawBody: Buffer): SignedFields | null {
  let body: unknown;
  try { body = parseJsonLossless(rawBody.toString('utf8')); } catch { return null; }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const o = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const idOf = (v: unknown) => (typeof v === 'object' && v !== null ? str((v as Record<string, unknown>).id) : undefined);
  // The OA id: explicit oa_id, else recipient of user_* events, sender of OA-originated ones.
  const oaIds = [str(o.oa_id), idOf(o.recipient), idOf(o.sender)].filter((x): x is string => !!x);
  return { appId: str(o.app_id), timestamp: str(o.timestamp), oaIds };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function verifyZaloSignature(req: RawRequest, cfg: ZaloConfig, nowMs: number = Date.now()): VerifyResult {
  if (!cfg.oaSecretKey) return { ok: false, reason: 'zalo webhook secret not configured' };
  const header = req.headers[SIGNATURE_HEADER];
  const given = header ? MAC.exec(header.trim())?.[1]?.toLowerCase() : undefined;
  if (!given) return { ok: false, reason: header ? 'malformed signature header' : 'missing signature' };
  const fields = signedFields(req.rawBody);
  if (!fields?.timestamp) return { ok: false, reason: 'body has no timestamp' };
  if (cfg.appId && fields.appId && fields.appId !== cfg.appId) return { ok: false, reason: 'app_id mismatch' };

  const appIds = [...new Set([fields.appId, cfg.appId].filter((x): x is string => !!x))];
  const oaIds = cfg.acceptOaIdSignature ? fields.oaIds.filter((id) => !appIds.includes(id)) : [];
  let matched: 'app_id' | 'oa_id' | null = null;
  // Compare against every candidate (no early exit) so timing does not say which term failed.
  for (const term of appIds) if (sameHex(computeZaloMac(term, req.rawBody, fields.timestamp, cfg.oaSecretKey), given)) matched ??= 'app_id';
  for (const term of oaIds) if (sameHex(computeZaloMac(term, req.rawBody, fields.timestamp, cfg.oaSecretKey), given)) matched ??= 'oa_id';
  if (!matched) return { ok: false, reason: 'bad signature' };
  if (matched === 'oa_id') logger.warn('zalo webhook signature matched with oa_id as first term (UNVERIFIED variant)');

  if (cfg.signatureMaxSkewS > 0) {
    const ts = Number(fields.timestamp);
    if (!Number.isFinite(ts) || Math.abs(nowMs - ts) > cfg.signatureMaxSkewS * 1000) return { ok: false, reason: 'timestamp outside window' };
  }
  return { ok: true };
}
