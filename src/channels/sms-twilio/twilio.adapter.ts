/**
 * Twilio and Twilio-compatible gateways — CHANNELS.md §4.5.
 *
 * - Send: form POST `/2010-04-01/Accounts/{Sid}/Messages.json`, HTTP Basic `Sid:AuthToken`,
 *   `To` in E.164, `StatusCallback` = our webhook. No idempotency key exists for message
 *   creation: the part ledger prevents resends.
 * - Inbound SMS and status callbacks: form POST (GET if so configured) signed with
 *   `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, URL as configured + each POST
 *   parameter, sorted by name, as name+value). The URL is PUBLIC_BASE_URL + the request's
 *   original URL — never a Host header a proxy may have rewritten.
 * - Answer: empty TwiML (our answers go out through the API, not the webhook reply).
 */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { safeEqual } from '../../lib/crypto.js';
import { PermanentError, RetryableError } from '../../lib/errors.js';
import type { AdapterSet } from '../factory.js';
import type { InboundAdapter, Media, NormalizedEvent, ProviderReply, RawRequest, VerifyResult } from '../types.js';
import { basicAuth, field, gatewayFetch } from '../sms/sms-http.js';
import { dbPartLedger, SmsOutboundAdapter, type SmsPart, type SmsTransport } from '../sms/sms-outbound.js';
import { formPairs, queryParams, type Params } from '../sms/sms-params.js';
import { senderE164 } from '../sms/sms-phone.js';
import { twilioConfigFromEnv, type TwilioConfig } from './twilio.config.js';
import { TWILIO_SEND_ERRORS, twilioDeliveryStatus } from './twilio.codes.js';

export const TWILIO_WEBHOOK_PATH = '/webhooks/sms/twilio';
export const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's request signature over a URL and POST parameters. */
export function twilioSignature(authToken: string, url: string, pairs: readonly [string, string][]): string {
  const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const data = url + sorted.map(([k, v]) => k + v).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function paramsOf(req: RawRequest): Params {
  if (req.method !== 'POST') return queryParams(req);
  const out: Params = {};
  for (const [k, v] of formPairs(req)) out[k] = v;
  return out;
}

function mediaOf(p: Params): Media[] {
  const n = Math.min(Number(p.NumMedia ?? '0') || 0, 10);
  const out: Media[] = [];
  for (let i = 0; i < n; i++) {
    const url = p[`MediaUrl${i}`];
    const mime = p[`MediaContentType${i}`];
    if (url) out.push({ kind: mime?.startsWith('image/') ? 'image' : 'file', url, ...(mime ? { mime } : {}) });
  }
  return out;
}

export class TwilioInbound implements InboundAdapter {
  readonly kind = 'sms-twilio';
  readonly channel = 'sms' as const;
  readonly provider = 'twilio';

  constructor(private readonly config: Pick<TwilioConfig, 'authToken'>) {}

  verify(req: RawRequest): VerifyResult {
    const given = req.headers['x-twilio-signature'];
    if (!given) return { ok: false, reason: 'missing X-Twilio-Signature' };
    const pairs = req.method === 'POST' ? formPairs(req) : [];
    const expected = twilioSignature(this.config.authToken, req.url, pairs);
    return safeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad X-Twilio-Signature' };
  }

  parse(req: RawRequest): NormalizedEvent[] {
    const p = paramsOf(req);
    const sid = p.MessageSid ?? p.SmsSid;
    if (!sid) throw new Error('Twilio webhook lacks MessageSid');
    if (p.MessageStatus !== undefined && p.Body === undefined) {
      const s = twilioDeliveryStatus(p.MessageStatus, p.ErrorCode);
      if (!s) return [];
      return [{
        type: 'status', externalId: `status:${sid}:${p.MessageStatus}`, providerMessageIds: [sid], status: s.status,
        at: new Date().toISOString(), ...(s.errorCode ? { errorCode: s.errorCode } : {}),
      }];
    }
    const from = senderE164(p.From);
    if (!from || p.Body === undefined) throw new Error('Twilio inbound SMS lacks From or Body');
    return [{ type: 'message', externalId: sid, from: { externalId: from, phone: from }, text: p.Body, media: mediaOf(p), receivedAt: new Date().toISOString() }];
  }

  reply(): ProviderReply {
    return { status: 200, contentType: 'text/xml; charset=utf-8', body: TWIML_EMPTY };
  }
}

export class TwilioTransport implements SmsTransport {
  constructor(private readonly config: TwilioConfig) {}

  async sendPart(p: SmsPart): Promise<string> {
    const c = this.config;
    if (!c.from) throw new PermanentError('TWILIO_FROM is not configured', 'sender_not_configured');
    const form = new URLSearchParams({
      To: p.to, Body: p.text, StatusCallback: `${c.publicBaseUrl.replace(/\/+$/, '')}${TWILIO_WEBHOOK_PATH}`,
      ...(c.from.startsWith('MG') ? { MessagingServiceSid: c.from } : { From: c.from }),
    });
    const res = await gatewayFetch('twilio', `${c.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(c.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(c.accountSid, c.authToken) },
      body: form.toString(),
    }, c.timeoutMs);
    if (res.status >= 200 && res.status < 300) {
      const sid = field(res.json, 'sid');
      if (!sid) throw new PermanentError('Twilio accepted without a sid', 'bad_response');
      return sid;
    }
    const code = field(res.json, 'code') ?? `http_${res.status}`;
    const known = TWILIO_SEND_ERRORS[code];
    // Twilio's own message text may quote the number: keep only the code.
    const message = `Twilio ${code} (HTTP ${res.status})`;
    if (known?.retryable) throw new RetryableError(message, known.code);
    throw new PermanentError(message, known?.code ?? `twilio_${code}`);
  }
}

export function createTwilio(ctx: AppContext): AdapterSet | null {
  const config = twilioConfigFromEnv(ctx.env);
  if (!config) return null;
  return {
    inbound: new TwilioInbound(config),
    outbound: new SmsOutboundAdapter('sms-twilio', new TwilioTransport(config), config, dbPartLedger(ctx.database.db)),
    // One message segment per second per long-code sender is Twilio's usual pace.
    rateLimit: { max: 60, windowMs: 60_000 },
  };
}
