/**
 * Webhook endpoints (DESIGN.md external contract): `POST /webhooks/zalo` and
 * `GET|POST /webhooks/sms/:provider`. The body is captured raw, before any
 * parser, for every content type; signatures are checked on those bytes.
 * The URL an adapter sees is PUBLIC_BASE_URL + the original URL: Twilio signs
 * the URL it was configured with, which a reverse proxy's Host header or
 * scheme need not match.
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { channelsFor } from '../channels/registry.js';
import type { RawRequest } from '../channels/types.js';
import { AppError, NotFoundError } from '../lib/errors.js';
import { ingestWebhook } from './webhook.ingest.js';

const MAX_BODY = '1mb';

export function toRawRequest(publicBaseUrl: string, req: Request): RawRequest {
  const url = `${publicBaseUrl.replace(/\/+$/, '')}${req.originalUrl}`;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URL(url).searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.params ?? {})) params[k] = String(v);
  let rawBody: Buffer;
  if (Buffer.isBuffer(req.body)) rawBody = req.body;
  else if (req.body === undefined) rawBody = Buffer.alloc(0);
  // A parser mounted before this router consumed the bytes: we cannot verify, so refuse.
  else throw new AppError(500, 'raw_body_unavailable', 'Webhook body was parsed before verification');
  return { method: req.method, url, params, query, headers, rawBody };
}

export function webhookRoutes(ctx: AppContext): Router {
  // Build the adapters now: a misconfigured gateway stops the api at start, not at the first webhook.
  channelsFor(ctx);
  const r = Router();
  const raw = express.raw({ type: () => true, limit: MAX_BODY });
  const handle = (channel: 'sms' | 'zalo'): RequestHandler => async (req, res) => {
    const provider = channel === 'sms' ? String(req.params.provider) : undefined;
    const adapter = channelsFor(ctx).inbound(channel, provider);
    if (!adapter) throw new NotFoundError('Kênh chưa được cấu hình / Channel not configured');
    const reply = await ingestWebhook(ctx, adapter, toRawRequest(ctx.env.PUBLIC_BASE_URL, req));
    res.status(reply.status).type(reply.contentType).send(reply.body);
  };
  r.post('/webhooks/zalo', raw, handle('zalo'));
  r.get('/webhooks/sms/:provider', raw, handle('sms'));
  r.post('/webhooks/sms/:provider', raw, handle('sms'));
  return r;
}
