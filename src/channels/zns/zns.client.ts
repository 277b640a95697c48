/**
 * ZNS (Zalo Notification Service): a pre-approved template message to a phone
 * number (CHANNELS.md §3):
 *
 *   POST {ZNS_API_BASE_URL}/message/template      header `access_token` (the OA token, §2.6)
 *   {phone: "84…", template_id, template_data: {...}, tracking_id}
 *   → {error: 0, data: {msg_id, sent_time, quota}}; failures are HTTP 200 {error: <negative>, message}
 *
 * The delivery receipt comes back on the OA webhook as `user_received_message`
 * with `message.msg_id` and `tracking_id` (§3.4): the Zalo parser turns it into
 * a 'delivered' status for that msg_id.
 *
 * Error classes (§3.2, official code page; the tail of the list is SECONDARY):
 * -124 / -216 / -220 token → refresh once and resend; -100 unknown and -32 rate
 * limit → retry; everything else (-108 bad phone, -109/-131 template, -114 user
 * cannot receive, -115/-144 quota, -118 no Zalo account, -133 night ban, unknown
 * codes) → ZnsUndeliverable: ZNS will not carry it, the caller tries SMS.
 */
import { PermanentError, RetryableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { zaloFetch, type ZaloEnvelopeResponse } from '../zalo-oa/zalo.http.js';
import type { ZaloTokenStore } from '../zalo-oa/zalo.tokens.js';

export interface ZnsConfig { baseUrl: string; templateId: string; timeoutMs: number }
export interface ZnsSend { phone84: string; templateData: Record<string, string>; trackingId: string }

/** ZNS cannot deliver this one (user, phone, template, quota or night rule): try another channel. */
export class ZnsUndeliverable extends PermanentError {
  constructor(message: string, providerCode?: string) { super(message, providerCode); this.name = 'ZnsUndeliverable'; }
}

const TOKEN_CODES = new Set([-124, -216, -220]);
const RETRY_CODES = new Set([-100, -32]);

export class ZnsClient {
  constructor(private readonly cfg: ZnsConfig, private readonly tokens: Pick<ZaloTokenStore, 'accessToken' | 'refresh'>) {}

  /** Returns ZNS's msg_id. */
  async send(s: ZnsSend): Promise<string> {
    const token = await this.tokens.accessToken();
    let res = await this.post(token, s);
    if (TOKEN_CODES.has(res.error)) res = await this.post(await this.tokens.refresh(token), s);
    if (res.error === 0) {
      const id = res.data.msg_id;
      if (typeof id !== 'string' && typeof id !== 'number') throw new PermanentError('zns accepted without msg_id', 'bad_response');
      return String(id);
    }
    const code = String(res.error);
    logger.warn({ code, trackingId: s.trackingId }, 'zns error');
    if (TOKEN_CODES.has(res.error)) throw new RetryableError('zns rejected a freshly refreshed token', code);
    if (RETRY_CODES.has(res.error)) throw new RetryableError(`zns error ${code}`, code);
    throw new ZnsUndeliverable(`zns cannot deliver (${code})`, code);
  }

  private post(token: string, s: ZnsSend): Promise<ZaloEnvelopeResponse> {
    return zaloFetch(`${this.cfg.baseUrl}/message/template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: token },
      body: JSON.stringify({ phone: s.phone84, template_id: this.cfg.templateId, template_data: s.templateData, tracking_id: s.trackingId }),
    }, this.cfg.timeoutMs);
  }
}
