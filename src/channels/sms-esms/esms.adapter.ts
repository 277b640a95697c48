/**
 * eSMS.vn (VIHAT) — CHANNELS.md §4.1.
 *
 * - Send: JSON POST `…/MainService.svc/json/SendMultipleMessage_V4_post_json/`, credentials in
 *   the body, `RequestId` = our idempotency key (eSMS answers 124 to a repeated RequestId, which
 *   we take as "already accepted"), `IsUnicode` from the rendered text, `CallbackUrl` with our
 *   webhook token.
 * - Delivery report: GET on the callback with `SMSID`, `SendStatus`, `RequestId`… — unsigned, so
 *   it must carry SMS_WEBHOOK_TOKEN.
 * - Inbound MO (short code): GET with `sender` (84…), `content`, `smsid`, `sign`. `sign` =
 *   MD5 of the configured fields' values + the MO private key. UNVERIFIED: the field order
 *   (ESMS_MO_SIGN_FIELDS), and whether eSMS accepts an empty `<Message>` in our XML answer
 *   (we answer by a separate MT send, so the MO reply carries no text).
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { safeEqual } from '../../lib/crypto.js';
import { PermanentError } from '../../lib/errors.js';
import type { AdapterSet } from '../factory.js';
import type { InboundAdapter, NormalizedEvent, ProviderReply, RawRequest, VerifyResult } from '../types.js';
import { callbackUrl, verifyWebhookToken } from '../webhook-token.js';
import { gatewayFetch, field } from '../sms/sms-http.js';
import { dbPartLedger, SmsOutboundAdapter, type SmsPart, type SmsTransport } from '../sms/sms-outbound.js';
import { queryParams, type Params } from '../sms/sms-params.js';
import { senderE164, vnRecipient } from '../sms/sms-phone.js';
import { esmsCanSend, esmsConfigFromEnv, type EsmsConfig } from './esms.config.js';
import { ESMS_ACCEPTED, ESMS_DUPLICATE_REQUEST, ESMS_SEND_ERRORS, esmsDeliveryStatus } from './esms.codes.js';

export const ESMS_WEBHOOK_PATH = '/webhooks/sms/esms';
const SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

/** MD5 of the configured fields' values followed by the private key, lowercase hex. */
export function esmsMoSign(params: Params, fields: readonly string[], privateKey: string): string {
  const data = fields.map((f) => params[f] ?? '').join('') + privateKey;
  return createHash('md5').update(data, 'utf8').digest('hex');
}

const isMo = (p: Params) => p.sign !== undefined;

/** "20260310214501" (yyyyMMddHHmmss, Vietnam time) → ISO; now when absent or malformed. */
function moTime(v: string | undefined): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v ?? '');
  if (!m) return new Date().toISOString();
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(d.getTime()) ? new Date().toISOString() : d.toISOString();
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export class EsmsInbound implements InboundAdapter {
  readonly kind = 'sms-esms';
  readonly channel = 'sms' as const;
  readonly provider = 'esms';

  constructor(private readonly config: EsmsConfig) {}

  verify(req: RawRequest): VerifyResult {
    const p = queryParams(req);
    if (!isMo(p)) return verifyWebhookToken(req, this.config.webhookToken);
    if (!this.config.moPrivateKey) return { ok: false, reason: 'ESMS_MO_PRIVATE_KEY not configured' };
    const expected = esmsMoSign(p, this.config.moSignFields, this.config.moPrivateKey);
    return safeEqual((p.sign ?? '').toLowerCase(), expected) ? { ok: true } : { ok: false, reason: 'bad MO sign' };
  }

  parse(req: RawRequest): NormalizedEvent[] {
    const p = queryParams(req);
    if (isMo(p)) {
      const from = senderE164(p.sender);
      if (!from || !p.smsid || p.content === undefined) throw new Error('eSMS MO lacks sender, smsid or content');
      return [{
        type: 'message', externalId: `mo:${p.smsid}`, from: { externalId: from, phone: from },
        text: p.content, media: [], receivedAt: moTime(p.receiverTime),
      }];
    }
    if (!p.SMSID || !p.SendStatus) throw new Error('eSMS callback lacks SMSID or SendStatus');
    const s = esmsDeliveryStatus(p);
    if (!s) return [];
    const ids = [p.SMSID, ...(p.RequestId ? [`rq:${p.RequestId}`] : [])];
    return [{
      type: 'status', externalId: `dlr:${p.SMSID}:${p.SendStatus}`, providerMessageIds: ids, status: s.status,
      at: new Date().toISOString(), ...(s.errorCode ? { errorCode: s.errorCode } : {}),
    }];
  }

  reply(_events: NormalizedEvent[], req: RawRequest): ProviderReply {
    const p = queryParams(req);
    if (!isMo(p)) return { status: 200, contentType: 'application/json', body: '{"ok":true}' };
    const body = `<ClientResponse><Message></Message><Smsid>${xmlEscape(p.smsid ?? '')}</Smsid>`
      + `<Receiver>${xmlEscape(p.sender ?? '')}</Receiver></ClientResponse>`;
    return { status: 200, contentType: 'text/xml; charset=utf-8', body };
  }
}

export class EsmsTransport implements SmsTransport {
  constructor(private readonly config: EsmsConfig) {}

  async sendPart(p: SmsPart): Promise<string> {
    const c = this.config;
    const body = {
      ApiKey: c.apiKey, SecretKey: c.secretKey, Phone: vnRecipient(p.to, '0'), Content: p.text,
      ...(c.brandname ? { Brandname: c.brandname } : {}), SmsType: c.smsType,
      IsUnicode: p.encoding === 'UCS-2' ? '1' : '0', Sandbox: c.sandbox ? '1' : '0', RequestId: p.key,
      CallbackUrl: callbackUrl(c.publicBaseUrl, ESMS_WEBHOOK_PATH, c.webhookToken),
    };
    const res = await gatewayFetch('esms', `${c.apiBaseUrl}${SEND_PATH}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    }, c.timeoutMs);
    const code = field(res.json, 'CodeResult');
    if (res.status >= 400 || code === undefined) throw new PermanentError(`eSMS: unexpected answer (HTTP ${res.status})`, 'bad_response');
    if (code === ESMS_ACCEPTED) {
      const id = field(res.json, 'SMSID');
      if (!id) throw new PermanentError('eSMS accepted without an SMSID', 'bad_response');
      return id;
    }
    // Our retry of a send eSMS already took: its delivery report names this RequestId.
    if (code === ESMS_DUPLICATE_REQUEST) return `rq:${p.key}`;
    const known = ESMS_SEND_ERRORS[code];
    throw new PermanentError(known?.message ?? `eSMS ${code}`, known?.code ?? `esms_${code}`);
  }
}

export function createEsms(ctx: AppContext): AdapterSet | null {
  const config = esmsConfigFromEnv(ctx.env);
  const canSend = esmsCanSend(config);
  if (!canSend && !config.moPrivateKey) return null;
  return {
    inbound: new EsmsInbound(config),
    ...(canSend ? {
      outbound: new SmsOutboundAdapter('sms-esms', new EsmsTransport(config), config, dbPartLedger(ctx.database.db)),
    } : {}),
    // eSMS documents no request rate; stay polite.
    rateLimit: { max: 300, windowMs: 60_000 },
  };
}
