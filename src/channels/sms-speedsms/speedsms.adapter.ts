/**
 * SpeedSMS.vn — CHANNELS.md §4.2.
 *
 * - Send: `POST /index.php/sms/send`, HTTP Basic with the access token as user name (password
 *   "x", as in the vendor's curl examples), JSON `{to:[…], content, sms_type, sender}` →
 *   `{status:"success", code:"00", data:{tranId, invalidPhone:[]}}`. 60 requests/minute, then
 *   HTTP 429 with `X-Rate-Limit-Reset`. No idempotency key: the part ledger prevents resends.
 * - Webhook (delivery report and incoming SMS): `{type:"report"|"incoming", tranId, phone,
 *   status}` per a client library — UNVERIFIED, as are the incoming text field's name (we accept
 *   `content`, `message` or `text`) and the body encoding (JSON, form or query all accepted).
 *   Unsigned: protected by SMS_WEBHOOK_TOKEN.
 */
import type { AppContext } from '../../context.js';
import { sha256Hex } from '../../lib/crypto.js';
import { PermanentError, RetryableError } from '../../lib/errors.js';
import type { AdapterSet } from '../factory.js';
import type { InboundAdapter, NormalizedEvent, RawRequest, VerifyResult } from '../types.js';
import { verifyWebhookToken } from '../webhook-token.js';
import { basicAuth, field, gatewayFetch } from '../sms/sms-http.js';
import { dbPartLedger, SmsOutboundAdapter, type SmsPart, type SmsTransport } from '../sms/sms-outbound.js';
import { allParams } from '../sms/sms-params.js';
import { senderE164, vnRecipient } from '../sms/sms-phone.js';
import { speedSmsConfigFromEnv, type SpeedSmsConfig } from './speedsms.config.js';
import { SPEEDSMS_SEND_ERRORS, speedSmsDeliveryStatus } from './speedsms.codes.js';

export class SpeedSmsInbound implements InboundAdapter {
  readonly kind = 'sms-speedsms';
  readonly channel = 'sms' as const;
  readonly provider = 'speedsms';

  constructor(private readonly config: Pick<SpeedSmsConfig, 'webhookToken'>) {}

  verify(req: RawRequest): VerifyResult {
    return verifyWebhookToken(req, this.config.webhookToken);
  }

  parse(req: RawRequest): NormalizedEvent[] {
    const p = allParams(req);
    delete p.token;
    if (p.type === 'report') {
      if (!p.tranId) throw new Error('SpeedSMS report lacks tranId');
      const s = speedSmsDeliveryStatus(p.status);
      if (!s) return [];
      return [{
        type: 'status', externalId: `dlr:${p.tranId}:${p.phone ?? ''}:${p.status}`, providerMessageIds: [p.tranId],
        status: s.status, at: new Date().toISOString(), ...(s.errorCode ? { errorCode: s.errorCode } : {}),
      }];
    }
    if (p.type === 'incoming') {
      const from = senderE164(p.phone);
      const text = p.content ?? p.message ?? p.text;
      if (!from || text === undefined) throw new Error('SpeedSMS incoming lacks phone or text');
      // With no documented message id, a repeated delivery is recognised by its exact bytes.
      const id = p.tranId ?? p.id ?? sha256Hex(req.rawBody.length > 0 ? req.rawBody : req.url).slice(0, 32);
      return [{ type: 'message', externalId: `in:${id}`, from: { externalId: from, phone: from }, text, media: [], receivedAt: new Date().toISOString() }];
    }
    throw new Error('SpeedSMS webhook of unknown type');
  }
}

export class SpeedSmsTransport implements SmsTransport {
  constructor(private readonly config: SpeedSmsConfig) {}

  async sendPart(p: SmsPart): Promise<string> {
    const c = this.config;
    const to = vnRecipient(p.to, '0');
    const res = await gatewayFetch('speedsms', `${c.apiBaseUrl}/index.php/sms/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(c.accessToken, 'x') },
      body: JSON.stringify({ to: [to], content: p.text, sms_type: c.smsType, ...(c.sender ? { sender: c.sender } : {}) }),
    }, c.timeoutMs);
    if (res.status === 401 || res.status === 403) throw new PermanentError(`SpeedSMS: HTTP ${res.status}`, 'auth_failed');
    const status = field(res.json, 'status');
    if (status === 'success') {
      const data = (res.json as { data?: { tranId?: unknown; invalidPhone?: unknown } }).data;
      const invalid = Array.isArray(data?.invalidPhone) ? data.invalidPhone.map(String) : [];
      if (invalid.length > 0) throw new PermanentError('SpeedSMS: invalid phone number', 'invalid_number');
      const tranId = field(data, 'tranId');
      if (!tranId) throw new PermanentError('SpeedSMS accepted without a tranId', 'bad_response');
      return tranId;
    }
    const code = field(res.json, 'code');
    if (status !== 'error' || code === undefined) throw new PermanentError(`SpeedSMS: unexpected answer (HTTP ${res.status})`, 'bad_response');
    const known = SPEEDSMS_SEND_ERRORS[code];
    if (known?.retryable) throw new RetryableError(known.message, known.code);
    throw new PermanentError(known?.message ?? `SpeedSMS ${code}`, known?.code ?? `speedsms_${code}`);
  }
}

export function createSpeedSms(ctx: AppContext): AdapterSet | null {
  const config = speedSmsConfigFromEnv(ctx.env);
  if (!config) return null;
  return {
    inbound: new SpeedSmsInbound(config),
    outbound: new SmsOutboundAdapter('sms-speedsms', new SpeedSmsTransport(config), config, dbPartLedger(ctx.database.db)),
    rateLimit: { max: 60, windowMs: 60_000 },
  };
}
