/**
 * A fake Zalo on 127.0.0.1 (random port) speaking the documented shapes
 * (CHANNELS.md §1–2): the Open API (`/v3.0/oa/message/cs`, `/v2.0/oa/upload/image|file`,
 * header `access_token`, errors as HTTP 200 `{error, message}`), the OAuth v4
 * server (`/v4/oa/access_token`, form body, `secret_key` header, single-use
 * rotating refresh tokens, `expires_in` as a string), and a CDN serving
 * attachment bytes. Every request is recorded. It can fail in the documented
 * ways (token expired, rate limit, outside window, 5xx, dropped connection),
 * and it can sign and POST webhook events to our `/webhooks/zalo` exactly as
 * Zalo does.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Endpoint = 'cs' | 'upload' | 'token' | 'cdn';
export type Failure =
  | { kind: 'zalo_error'; code: number; message?: string }
  | { kind: 'http'; status: number }
  | { kind: 'drop' };

export interface RecordedRequest {
  endpoint: Endpoint | 'other';
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body as received (check exact id digits here). */
  rawBody: string;
  form?: Record<string, string>;
  file?: { field: string; name: string; type: string; size: number };
}

const hex = (n: number) => randomBytes(n).toString('hex');

export class FakeZalo {
  readonly appId = '2553928453557884079';
  readonly appSecret = `app-secret-${hex(6)}`;
  readonly oaSecretKey = `oa-secret-${hex(6)}`;
  readonly oaId = '3795634857243201598';
  accessToken = `at-${hex(8)}`;
  refreshToken = `rt-${hex(8)}`;
  readonly requests: RecordedRequest[] = [];
  url = '';
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly validAccess = new Set<string>([this.accessToken]);
  private readonly failures: Record<Endpoint, Failure[]> = { cs: [], upload: [], token: [], cdn: [] };
  private readonly cdnFiles = new Map<string, { body: Buffer; type: string }>();
  private tokenGate: Promise<void> | null = null;

  static async start(): Promise<FakeZalo> {
    const f = new FakeZalo();
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
    return f;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Env overrides pointing the hub at this fake. */
  env(): Record<string, string> {
    return {
      ZALO_API_BASE_URL: this.url, ZALO_OAUTH_BASE_URL: this.url, ZALO_APP_ID: this.appId, ZALO_APP_SECRET: this.appSecret,
      ZALO_OA_SECRET_KEY: this.oaSecretKey, ZALO_ACCESS_TOKEN: this.accessToken, ZALO_REFRESH_TOKEN: this.refreshToken,
      ATTACHMENT_ALLOW_HOSTS: '127.0.0.1', ZALO_HTTP_TIMEOUT_MS: '5000',
    };
  }

  /** The next `times` calls to `endpoint` fail this way. */
  failNext(endpoint: Endpoint, failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures[endpoint].push(failure);
  }

  /** The current access token stops working (Zalo answers -216 until a refresh). */
  expireAccessToken(): void {
    this.validAccess.clear();
  }

  /** Hold token answers until `release()`: lets a test overlap two refreshes. */
  holdTokenResponses(): { release(): void } {
    let release!: () => void;
    this.tokenGate = new Promise<void>((r) => { release = r; });
    return { release: () => { this.tokenGate = null; release(); } };
  }

  /** Serve bytes on the fake CDN; returns their URL. */
  cdnPut(name: string, body: Buffer, type: string): string {
    this.cdnFiles.set(name, { body, type });
    return `${this.url}/cdn/${name}`;
  }

  calls(endpoint: Endpoint): RecordedRequest[] {
    return this.requests.filter((r) => r.endpoint === endpoint);
  }

  // ------------------------------------------------------------------ webhooks

  /** Zalo's mac: sha256(app_id + raw body + timestamp + OA secret key), lowercase hex. */
  mac(rawBody: string, timestamp: string, firstTerm = this.appId, secret = this.oaSecretKey): string {
    return createHash('sha256').update(firstTerm + rawBody + timestamp + secret).digest('hex');
  }

  /**
   * POST an event to `${target}/webhooks/zalo` as Zalo does. `body` may be an
   * object (serialised) or raw JSON text (kept byte for byte). `signature: null`
   * sends none; a string sends that header value instead of the right one.
   */
  async postWebhook(target: string, body: object | string, opts: { signature?: string | null } = {}): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = /"timestamp"\s*:\s*"?(\d+)"?/.exec(raw)?.[1] ?? '';
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'ZaloWebhook/1.0' };
    const sig = opts.signature === undefined ? `mac=${this.mac(raw, timestamp)}` : opts.signature;
    if (sig !== null) headers['x-zevent-signature'] = sig;
    return fetch(`${target}/webhooks/zalo`, { method: 'POST', headers, body: raw });
  }

  // ------------------------------------------------------------------ server

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const endpoint = endpointOf(req.method ?? 'GET', path);
    const rec: RecordedRequest = { endpoint, method: req.method ?? 'GET', path, headers: req.headers, rawBody: body.toString('utf8') };
    this.requests.push(rec);
    if (endpoint === 'other') return send(res, 404, { error: -404, message: 'not found' });
    const failure = this.failures[endpoint].shift();
    if (failure?.kind === 'drop') { res.socket?.destroy(); return; }
    if (failure?.kind === 'http') return send(res, failure.status, { error: -1, message: 'server error' });
    if (failure?.kind === 'zalo_error') return send(res, 200, { error: failure.code, message: failure.message ?? `fake error ${failure.code}` });
    if (endpoint === 'cdn') return this.cdn(path, res);
    if (endpoint === 'token') return this.token(rec, res);
    if (!this.validAccess.has(String(req.headers.access_token ?? ''))) return send(res, 200, { error: -216, message: 'Access token is invalid' });
    if (endpoint === 'upload') return this.upload(req, body, rec, res);
    return this.cs(rec, res);
  }

  private cs(rec: RecordedRequest, res: http.ServerResponse): void {
    let parsed: { recipient?: { user_id?: unknown }; message?: { text?: unknown; attachment?: unknown } };
    try { parsed = JSON.parse(rec.rawBody) as typeof parsed; } catch { return send(res, 200, { error: -201, message: 'body is invalid' }); }
    const userId = parsed.recipient?.user_id;
    const text = parsed.message?.text;
    if (typeof userId !== 'string' || userId === '') return send(res, 200, { error: -201, message: 'user_id is invalid' });
    if (text === undefined && parsed.message?.attachment === undefined) return send(res, 200, { error: -201, message: 'message is invalid' });
    if (typeof text === 'string' && text.length > 2000) return send(res, 200, { error: -201, message: 'text is invalid' });
    send(res, 200, {
      error: 0, message: 'Success',
      data: { message_id: hex(16), user_id: userId, sent_time: String(Date.now()), quota: { quota_type: 'reply', remain: 7, total: 8 } },
    });
  }

  private async upload(req: http.IncomingMessage, body: Buffer, rec: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const form = await new Request('http://fake/upload', { method: 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? '') }, body: new Uint8Array(body) })
      .formData().catch(() => null);
    const file = form?.get('file');
    if (!file || typeof file === 'string') return send(res, 200, { error: -201, message: 'file is invalid' });
    rec.file = { field: 'file', name: file.name, type: file.type, size: file.size };
    const isImage = rec.path.endsWith('/image');
    send(res, 200, { error: 0, message: 'Success', data: isImage ? { attachment_id: hex(20) } : { token: hex(24) } });
  }

  private async token(rec: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(rec.rawBody));
    rec.form = form;
    if (this.tokenGate) await this.tokenGate;
    if (rec.headers.secret_key !== this.appSecret) return send(res, 200, { error: -14002, error_name: 'Invalid app secret', message: 'secret_key is invalid' });
    if (form.app_id !== this.appId || form.grant_type !== 'refresh_token') return send(res, 200, { error: -14001, message: 'invalid parameter' });
    // Single use: the presented refresh token must be the current one, and dies now.
    if (form.refresh_token !== this.refreshToken) return send(res, 200, { error: -14014, error_name: 'Invalid refresh token', message: 'refresh_token is invalid' });
    this.accessToken = `at-${hex(8)}`;
    this.refreshToken = `rt-${hex(8)}`;
    this.validAccess.add(this.accessToken);
    send(res, 200, { access_token: this.accessToken, refresh_token: this.refreshToken, expires_in: '90000' });
  }

  private cdn(path: string, res: http.ServerResponse): void {
    const f = this.cdnFiles.get(path.slice('/cdn/'.length));
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length }).end(f.body);
  }
}

function endpointOf(method: string, path: string): Endpoint | 'other' {
  if (method === 'POST' && path === '/v3.0/oa/message/cs') return 'cs';
  if (method === 'POST' && (path === '/v2.0/oa/upload/image' || path === '/v2.0/oa/upload/file')) return 'upload';
  if (method === 'POST' && path === '/v4/oa/access_token') return 'token';
  if (method === 'GET' && path.startsWith('/cdn/')) return 'cdn';
  return 'other';
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

// ------------------------------------------------------------------ event builders

let seq = 0;
/** A Zalo msg id: 20 hex characters like the documented sample. */
export const zaloMsgId = () => `${hex(8)}${(seq++).toString(16).padStart(4, '0')}`;

/** A user → OA event shaped as CHANNELS.md §1.4 (ids as strings). */
export function userEvent(fake: FakeZalo, userId: string, eventName: string, message: Record<string, unknown>, at = Date.now()): Record<string, unknown> {
  return {
    app_id: fake.appId, user_id_by_app: `9${userId.slice(1)}`, event_name: eventName,
    sender: { id: userId }, recipient: { id: fake.oaId }, message: { msg_id: zaloMsgId(), ...message }, timestamp: String(at),
  };
}

/** An OA → user event (echo, delivery, seen). */
export function oaEvent(fake: FakeZalo, userId: string, eventName: string, message: Record<string, unknown>, at = Date.now()): Record<string, unknown> {
  return { app_id: fake.appId, event_name: eventName, sender: { id: fake.oaId }, recipient: { id: userId }, message, timestamp: String(at) };
}
