/**
 * A fake ZNS (Zalo Notification Service) on 127.0.0.1 speaking CHANNELS.md §3:
 * `POST /message/template` with header `access_token` (the OA token — checked
 * against the fake Zalo OAuth server's current token) and body
 * `{phone: "84…", template_id, template_data, tracking_id}` → HTTP 200
 * `{error: 0, data: {msg_id, sent_time, quota}}`, or `{error: <code>, message}`
 * (-124 token, -108 phone, -109 template, -111 empty data, and whatever a test
 * asks for: -114 user cannot receive, -118 no Zalo account, -133 night …).
 * It builds the delivery callback Zalo posts to the OA webhook
 * (`user_received_message` with the msg_id and tracking_id, §3.4).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeZalo } from './zalo.js';

export interface ZnsSent { msgId: string; phone: string; templateId: string; templateData: Record<string, unknown>; trackingId: string; at: number }

export class FakeZns {
  url = '';
  readonly templateId = 'a1b2c3d4e5f6a7b8c9d0';
  readonly requests: { headers: http.IncomingHttpHeaders; body: string; outcome: string }[] = [];
  readonly sent: ZnsSent[] = [];
  private readonly failures: { code: number; phone?: string }[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  private constructor(private readonly zalo: FakeZalo) {}

  static async start(zalo: FakeZalo): Promise<FakeZns> {
    const f = new FakeZns(zalo);
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
    return f;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  env(): Record<string, string> {
    return { ZNS_API_BASE_URL: this.url, ZNS_NOTICE_TEMPLATE_ID: this.templateId };
  }

  /** The next `times` sends (to `phone`, as 84…, if given) answer this ZNS error code. */
  failNext(code: number, times = 1, phone?: string): void {
    for (let i = 0; i < times; i++) this.failures.push({ code, phone });
  }

  /** The webhook body Zalo posts when the phone received the template message. */
  receipt(s: ZnsSent, at = Date.now()): Record<string, unknown> {
    return {
      event_name: 'user_received_message', app_id: this.zalo.appId, sender: { id: this.zalo.oaId }, recipient: { id: s.phone },
      message: { msg_id: s.msgId, tracking_id: s.trackingId, delivery_time: String(at) }, timestamp: String(at),
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const answer = (outcome: string, payload: unknown) => {
      this.requests.push({ headers: req.headers, body, outcome });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/message/template') { res.writeHead(404).end(); return; }
    const error = (code: number, message: string) => answer(`error_${code}`, { error: code, message });
    if (req.headers.access_token !== this.zalo.accessToken) return error(-124, 'Access token is invalid');
    let b: { phone?: unknown; template_id?: unknown; template_data?: unknown; tracking_id?: unknown };
    try { b = JSON.parse(body) as typeof b; } catch { return error(-111, 'Body is invalid'); }
    const phone = typeof b.phone === 'string' ? b.phone : '';
    if (!/^84\d{9}$/.test(phone)) return error(-108, 'Phone number invalid');
    if (b.template_id !== this.templateId) return error(-109, 'Template id invalid');
    const data = b.template_data;
    if (typeof data !== 'object' || data === null || Object.keys(data).length === 0) return error(-111, 'Template data empty');
    const at = this.failures.findIndex((f) => f.phone === undefined || f.phone === phone);
    if (at >= 0) return error(this.failures.splice(at, 1)[0]!.code, 'fake failure');
    const s: ZnsSent = {
      msgId: randomBytes(10).toString('hex'), phone, templateId: this.templateId, templateData: data as Record<string, unknown>,
      trackingId: String(b.tracking_id ?? ''), at: Date.now(),
    };
    this.sent.push(s);
    answer('ok', { error: 0, message: 'Success', data: { msg_id: s.msgId, sent_time: String(s.at), quota: { dailyQuota: '500', remainingQuota: '499' } } });
  }
}
