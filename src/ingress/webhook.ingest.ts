/**
 * The one webhook path every provider request takes (DESIGN.md data flow step
 * 1): verify on the raw bytes → parse to normalised events → commit each to the
 * durable inbox → only then answer. The adapter that verifies is the adapter
 * that parses (STYLE.md: Chatwoot lost messages when the two lookups differed).
 * A rejected or poison request stores nothing and gets a 4xx, so the provider
 * stops retrying it; a database outage is a 503 (the inbox raises it), so the
 * provider retries later.
 */
import type { AppContext } from '../context.js';
import { normalizedEventSchema, type InboundAdapter, type NormalizedEvent, type ProviderReply, type RawRequest } from '../channels/types.js';
import { TOKEN_PARAM } from '../channels/webhook-token.js';
import { AppError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';

export const DEFAULT_REPLY: ProviderReply = { status: 200, contentType: 'application/json', body: '{"ok":true}' };
const MAX_AUDIT_BODY = 64 * 1024;

export async function ingestWebhook(ctx: AppContext, adapter: InboundAdapter, req: RawRequest): Promise<ProviderReply> {
  let verdict;
  try { verdict = adapter.verify(req); } catch { verdict = { ok: false as const, reason: 'verifier threw' }; }
  if (!verdict.ok) {
    logger.warn({ provider: adapter.provider, reason: verdict.reason }, 'webhook rejected');
    throw new AppError(401, 'invalid_signature', 'Chữ ký hoặc mã xác thực không hợp lệ / Invalid signature or token');
  }
  let events: NormalizedEvent[];
  try {
    events = adapter.parse(req).map((e) => normalizedEventSchema.parse(e));
  } catch (err) {
    logger.warn({ provider: adapter.provider, err: (err as Error).name }, 'webhook payload rejected');
    throw new AppError(400, 'invalid_payload', 'Nội dung webhook không hợp lệ / Invalid webhook payload');
  }
  const raw = auditCopy(req);
  await Promise.all(events.map((event) => ctx.inbox.accept({ channel: adapter.channel, provider: adapter.provider, event, raw })));
  return adapter.reply?.(events, req) ?? DEFAULT_REPLY;
}

/** What is kept of the provider's request for audit and re-parsing: never our token. */
function auditCopy(req: RawRequest): Record<string, unknown> {
  const url = new URL(req.url);
  url.searchParams.delete(TOKEN_PARAM);
  return {
    method: req.method,
    url: url.pathname + url.search,
    contentType: req.headers['content-type'] ?? null,
    body: req.rawBody.length <= MAX_AUDIT_BODY ? req.rawBody.toString('utf8') : null,
  };
}
