/**
 * Fake SMS gateways on 127.0.0.1 (random port) speaking the documented shapes
 * (CHANNELS.md §4): eSMS (JSON send with CodeResult, GET delivery report to the
 * CallbackUrl, GET MO with an MD5 `sign`), SpeedSMS (Basic-auth JSON send,
 * `{status, code, data.tranId}`, 60/min then HTTP 429, JSON webhooks) and Twilio
 * (form send with Basic auth, 201 `{sid}` / 400 `{code}`, signed form webhooks).
 * Every request is recorded. Each can be told to fail the next sends (5xx, rate
 * limited, invalid number, dropped connection), to reject bursts above a rate,
 * and can call our webhooks back as the real gateway would.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SmsFailure = 'server_error' | 'rate_limited' | 'invalid_number' | 'drop';

export interface SentSms {
  id: string;
  /** The recipient exactly as the hub sent it. */
  to: string;
  text: string;
  at: number;
  requestId?: string;
  unicode?: boolean;
  callbackUrl?: string;
}

export interface Recorded { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; outcome: string }
export interface WebhookAnswer { status: number; body: string; contentType: string }

const hex = (n: number) => randomBytes(n).toString('hex');

abstract class FakeGateway {
  url = '';
  readonly requests: Recorded[] = [];
  readonly sent: SentSms[] = [];
  /** Sends refused because of the burst limit. */
  burstRejections = 0;
  private readonly failures: { kind: SmsFailure; to?: string }[] = [];
  private burst: { max: number; windowMs: number } | null = null;
  private readonly recent: number[] = [];
  private readonly server = http.createServer((req, res) => void this.receive(req, res));

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` send requests (to `to`, as the hub renders it, if given) fail this way. */
  failNext(kind: SmsFailure, times = 1, to?: string): void {
    for (let i = 0; i < times; i++) this.failures.push({ kind, to });
  }

  /** Refuse (as rate limited) any send beyond `max` within a sliding `windowMs`. */
  limitBurst(max: number, windowMs: number): void {
    this.burst = { max, windowMs };
  }

  /** Env overrides pointing the hub at this fake. */
  abstract env(): Record<string, string>;
  protected abstract isSend(method: string, path: string): boolean;
  /** The recipient of a send request, as sent. */
  protected abstract recipientOf(body: string): string;
  /** Answer a send; `failure` is what the test asked for (if any). */
  protected abstract answerSend(req: { headers: http.IncomingHttpHeaders; body: string; path: string }, failure: SmsFailure | undefined): { status: number; body: string; headers?: Record<string, string>; outcome: string };

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (!this.isSend(method, path)) {
      this.requests.push({ method, path, headers: req.headers, body, outcome: 'not_found' });
      res.writeHead(404).end();
      return;
    }
    const to = (() => { try { return this.recipientOf(body); } catch { return ''; } })();
    const at = this.failures.findIndex((f) => f.to === undefined || f.to === to);
    let failure = at >= 0 ? this.failures.splice(at, 1)[0]!.kind : undefined;
    if (!failure && this.burst) {
      const now = Date.now();
      while (this.recent.length && now - this.recent[0]! >= this.burst.windowMs) this.recent.shift();
      if (this.recent.length >= this.burst.max) { failure = 'rate_limited'; this.burstRejections++; } else this.recent.push(now);
    }
    if (failure === 'drop') {
      this.requests.push({ method, path, headers: req.headers, body, outcome: 'dropped' });
      req.socket.destroy();
      return;
    }
    const answer = this.answerSend({ headers: req.headers, body, path }, failure);
    this.requests.push({ method, path, headers: req.headers, body, outcome: answer.outcome });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) }).end(answer.body);
  }

  protected accept(sms: Omit<SentSms, 'at'>): SentSms {
    const s = { ...sms, at: Date.now() };
    this.sent.push(s);
    return s;
  }

  /** Send requests only (what reached the provider's send API). */
  sendRequests(): Recorded[] {
    return this.requests.filter((r) => r.outcome !== 'not_found');
  }
}

async function call(url: string, init: RequestInit): Promise<WebhookAnswer> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

// ---------------------------------------------------------------------------------------------
/** eSMS.vn: https://developers.esms.vn (CHANNELS.md §4.1). */
export class FakeEsms extends FakeGateway {
  readonly apiKey = `esms-key-${hex(4)}`;
  readonly secretKey = `esms-secret-${hex(4)}`;
  readonly moPrivateKey = `esms-mo-${hex(6)}`;
  readonly signFields = ['cpid', 'smsid', 'content', 'receiverTime'];
  private readonly requestIds = new Map<string, string>();

  static async start(): Promise<FakeEsms> { const f = new FakeEsms(); await f.listen(); return f; }

  env(): Record<string, string> {
    return { ESMS_API_BASE_URL: this.url, ESMS_API_KEY: this.apiKey, ESMS_SECRET_KEY: this.secretKey, ESMS_BRANDNAME: 'UBNDTRABONG', ESMS_MO_PRIVATE_KEY: this.moPrivateKey };
  }

  protected isSend(method: string, path: string): boolean {
    return method === 'POST' && path === '/MainService.svc/json/SendMultipleMessage_V4_post_json/';
  }

  protected recipientOf(body: string): string {
    return String((JSON.parse(body) as { Phone?: string }).Phone ?? '');
  }

  protected answerSend(req: { body: string }, failure: SmsFailure | undefined) {
    if (failure === 'server_error') return { status: 500, body: '{"Message":"An error has occurred."}', outcome: 'server_error' };
    if (failure === 'rate_limited') return { status: 429, body: '{"Message":"Too many requests"}', outcome: 'rate_limited' };
    const b = JSON.parse(req.body) as Record<string, string>;
    const result = (code: string, extra: Record<string, unknown> = {}) => ({ status: 200, body: JSON.stringify({ CodeResult: code, CountRegenerate: 0, ...extra }), outcome: `code_${code}` });
    if (b.ApiKey !== this.apiKey || b.SecretKey !== this.secretKey) return result('101', { ErrorMessage: 'Authorize Failed' });
    if (failure === 'invalid_number' || !/^0\d{9}$/.test(b.Phone ?? '')) return result('108', { ErrorMessage: 'Phone not valid' });
    if (b.RequestId && this.requestIds.has(b.RequestId)) return result('124', { ErrorMessage: 'Duplicate RequestId' });
    const sms = this.accept({ id: `${hex(8)}-${hex(4)}`, to: b.Phone!, text: b.Content ?? '', requestId: b.RequestId, unicode: b.IsUnicode === '1', callbackUrl: b.CallbackUrl });
    if (b.RequestId) this.requestIds.set(b.RequestId, sms.id);
    return result('100', { SMSID: sms.id });
  }

  /** The delivery report eSMS GETs on the CallbackUrl of the send (5 = sent OK, 4 = rejected). */
  deliveryReport(sms: SentSms, sendStatus: '5' | '4' = '5', opts: { token?: string | null } = {}): Promise<WebhookAnswer> {
    if (!sms.callbackUrl) throw new Error('that send had no CallbackUrl');
    const u = new URL(sms.callbackUrl);
    if (opts.token !== undefined) { u.searchParams.delete('token'); if (opts.token !== null) u.searchParams.set('token', opts.token); }
    const ok = sendStatus === '5';
    const params = { SMSID: sms.id, SendStatus: sendStatus, SendSuccess: ok ? '1' : '0', SendFailed: ok ? '0' : '1', TotalSent: '1', TotalReceiver: '1', TotalPrice: '800', RequestId: sms.requestId ?? '', TypeId: '2', telcoid: '1', phonenumber: sms.to };
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return call(u.toString(), { method: 'GET' });
  }

  /** A citizen's SMS to the short code, as eSMS GETs it on our MO URL. */
  mo(hubUrl: string, from: string, content: string, opts: { smsid?: string; key?: string } = {}): Promise<WebhookAnswer> {
    const p: Record<string, string> = {
      sender: from, content, serviceNumber: '8079', keyword: content.split(/\s+/)[0] ?? '', cpid: '4821',
      smsid: opts.smsid ?? hex(6), receiverTime: '20260310091500',
    };
    const data = this.signFields.map((f) => p[f] ?? '').join('') + (opts.key ?? this.moPrivateKey);
    p.sign = createHash('md5').update(data, 'utf8').digest('hex');
    return call(`${hubUrl}/webhooks/sms/esms?${new URLSearchParams(p)}`, { method: 'GET' });
  }
}

// ---------------------------------------------------------------------------------------------
/** SpeedSMS.vn: https://speedsms.vn/sms-api/ (CHANNELS.md §4.2). */
export class FakeSpeedSms extends FakeGateway {
  readonly accessToken = `speed-${hex(8)}`;
  private tran = 120000;

  static async start(): Promise<FakeSpeedSms> { const f = new FakeSpeedSms(); await f.listen(); return f; }

  env(): Record<string, string> {
    return { SPEEDSMS_API_BASE_URL: this.url, SPEEDSMS_ACCESS_TOKEN: this.accessToken, SPEEDSMS_SENDER: 'UBNDTRABONG' };
  }

  protected isSend(method: string, path: string): boolean {
    return method === 'POST' && path === '/index.php/sms/send';
  }

  protected recipientOf(body: string): string {
    return String((JSON.parse(body) as { to?: string[] }).to?.[0] ?? '');
  }

  protected answerSend(req: { headers: http.IncomingHttpHeaders; body: string }, failure: SmsFailure | undefined) {
    if (req.headers.authorization !== `Basic ${Buffer.from(`${this.accessToken}:x`).toString('base64')}`) {
      return { status: 401, body: '{"name":"Unauthorized","message":"Your request was made with invalid credentials.","code":0,"status":401}', outcome: 'unauthorized' };
    }
    if (failure === 'server_error') return { status: 502, body: '<html>Bad Gateway</html>', outcome: 'server_error' };
    if (failure === 'rate_limited') {
      return { status: 429, body: '{"name":"Too Many Requests","message":"Rate limit exceeded.","code":0,"status":429}', headers: { 'x-rate-limit-reset': '1' }, outcome: 'rate_limited' };
    }
    const b = JSON.parse(req.body) as { to?: string[]; content?: string; sms_type?: number; sender?: string };
    const to = b.to?.[0] ?? '';
    if (failure === 'invalid_number' || !/^0\d{9}$/.test(to)) {
      return { status: 200, body: JSON.stringify({ status: 'error', code: '105', message: 'Phone number invalid' }), outcome: 'code_105' };
    }
    const sms = this.accept({ id: String(++this.tran), to, text: b.content ?? '' });
    return { status: 200, body: JSON.stringify({ status: 'success', code: '00', data: { tranId: Number(sms.id), totalSMS: 1, totalPrice: 250, invalidPhone: [] } }), outcome: 'ok' };
  }

  /** Delivery report webhook (`status` 0 = delivered, ≥ 64 = failed). */
  report(webhookUrl: string, sms: SentSms, status = 0): Promise<WebhookAnswer> {
    return call(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'report', tranId: Number(sms.id), phone: `84${sms.to.slice(1)}`, status }) });
  }

  /** Incoming SMS webhook. */
  incoming(webhookUrl: string, phone: string, content: string, body?: string): Promise<WebhookAnswer> {
    return call(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body ?? JSON.stringify({ type: 'incoming', phone, content }) });
  }
}

// ---------------------------------------------------------------------------------------------
/** Twilio: https://www.twilio.com/docs/messaging (CHANNELS.md §4.5). */
export class FakeTwilio extends FakeGateway {
  readonly accountSid = `AC${hex(16)}`;
  readonly authToken = hex(16);
  readonly from = '+84901000111';

  static async start(): Promise<FakeTwilio> { const f = new FakeTwilio(); await f.listen(); return f; }

  env(): Record<string, string> {
    return { TWILIO_API_BASE_URL: this.url, TWILIO_ACCOUNT_SID: this.accountSid, TWILIO_AUTH_TOKEN: this.authToken, TWILIO_FROM: this.from };
  }

  protected isSend(method: string, path: string): boolean {
    return method === 'POST' && path === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
  }

  protected recipientOf(body: string): string {
    return new URLSearchParams(body).get('To') ?? '';
  }

  protected answerSend(req: { headers: http.IncomingHttpHeaders; body: string }, failure: SmsFailure | undefined) {
    const err = (status: number, code: number, message: string) => ({ status, body: JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }), outcome: `code_${code}` });
    if (req.headers.authorization !== `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`) return err(401, 20003, 'Authenticate');
    if (failure === 'server_error') return { status: 503, body: '', outcome: 'server_error' };
    if (failure === 'rate_limited') return err(429, 20429, 'Too Many Requests');
    const f = Object.fromEntries(new URLSearchParams(req.body)) as Record<string, string>;
    if (failure === 'invalid_number' || !/^\+[1-9]\d{7,14}$/.test(f.To ?? '')) return err(400, 21211, `The 'To' number ${f.To} is not a valid phone number.`);
    const sms = this.accept({ id: `SM${hex(16)}`, to: f.To!, text: f.Body ?? '', callbackUrl: f.StatusCallback });
    return { status: 201, body: JSON.stringify({ sid: sms.id, account_sid: this.accountSid, to: sms.to, from: f.From, body: sms.text, status: 'queued', num_segments: '1' }), outcome: 'ok' };
  }

  private signedPost(url: string, params: Record<string, string>, signAs = url, token = this.authToken): Promise<WebhookAnswer> {
    const data = signAs + Object.keys(params).sort().map((k) => k + params[k]).join('');
    const signature = createHmac('sha1', token).update(data, 'utf8').digest('base64');
    return call(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  }

  /** Status callback to the StatusCallback URL given on the send. */
  statusCallback(sms: SentSms, status: 'sent' | 'delivered' | 'undelivered' | 'failed', errorCode?: string): Promise<WebhookAnswer> {
    if (!sms.callbackUrl) throw new Error('that send had no StatusCallback');
    return this.signedPost(sms.callbackUrl, {
      MessageSid: sms.id, SmsSid: sms.id, MessageStatus: status, SmsStatus: status, AccountSid: this.accountSid, From: this.from, To: sms.to, ApiVersion: '2010-04-01',
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    });
  }

  /** An inbound SMS webhook; `signAs`/`token` let a test forge one. */
  inbound(webhookUrl: string, from: string, body: string, opts: { sid?: string; signAs?: string; token?: string } = {}): Promise<WebhookAnswer> {
    const sid = opts.sid ?? `SM${hex(16)}`;
    return this.signedPost(webhookUrl, {
      ToCountry: 'VN', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: this.from, NumSegments: '1',
      MessageSid: sid, AccountSid: this.accountSid, From: from, ApiVersion: '2010-04-01',
    }, opts.signAs ?? webhookUrl, opts.token ?? this.authToken);
  }
}
