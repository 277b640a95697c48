/**
 * Outbound Zalo OA consultation ("cs") messages (CHANNELS.md §2.2):
 *
 *   POST {ZALO_API_BASE_URL}/v3.0/oa/message/cs   header `access_token` (bare, not Bearer)
 *   {recipient:{user_id}, message:{text, quote_message_id?}}
 *
 * - Text is NFC and at most 2000 characters; longer answers go out as several
 *   messages split at word boundaries. The result carries the FIRST part's
 *   provider id (delivery receipts of that part drive the message status) and
 *   the number of parts.
 * - Images are uploaded first (`/v2.0/oa/upload/image`, multipart `file`) and
 *   sent as a `media` template; other files via `/v2.0/oa/upload/file` + a
 *   `file` attachment (upload ids expire after 7 days, so each attempt uploads).
 * - Every accepted part is recorded in channel_sent_parts at once: a retried
 *   send skips parts Zalo already took, and `oa_send_*` echoes of them are
 *   recognised as ours.
 * - `quote_message_id` is the citizen's msg_id, on the first part only; if Zalo
 *   rejects it (-201 invalid field) the part is sent once more without it, as chatwoot does.
 * - Errors: -216/-220 refresh the token once and retry; -32 and other transient
 *   codes → RetryableError; the window codes → OutsideWindowError (caller falls
 *   back to SMS); unknown codes → PermanentError carrying the code.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { channelSentParts, contactIdentities } from '../../db/schema/index.js';
import type { FileStore } from '../../lib/file-store.js';
import { OutsideWindowError, PermanentError, RetryableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import type { OutboundMessage, SendResult } from '../types.js';
import type { ZaloConfig } from './zalo.config.js';
import { classifyZaloError, RATE_LIMIT_BACKOFF_MS, zaloFetch, type ZaloEnvelopeResponse } from './zalo.http.js';
import { splitZaloText } from './zalo.text.js';
import type { ZaloTokenStore } from './zalo.tokens.js';

type MessageBody = Record<string, unknown>;
/** One part to send; `build` gets the token because uploads need it too. */
type PartBuilder = (token: string) => Promise<MessageBody>;

export interface ZaloSenderDeps { db: Db; files: FileStore; cfg: ZaloConfig; tokens: ZaloTokenStore }

export class ZaloSender {
  constructor(private readonly d: ZaloSenderDeps) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    await this.refuseUnfollowed(msg.to);
    const builders: PartBuilder[] = splitZaloText(msg.text).map((text, i) => async () => ({
      text, ...(i === 0 && msg.quoteExternalId ? { quote_message_id: msg.quoteExternalId } : {}),
    }));
    for (const m of msg.media ?? []) builders.push((token) => this.mediaMessage(token, m));
    if (builders.length === 0) throw new PermanentError('empty zalo message', 'empty');
    const done = await this.sentParts(msg.messageId);
    const ids: string[] = [];
    for (const [part, build] of builders.entries()) {
      ids.push(done.get(part) ?? await this.sendPart(msg, part, build));
    }
    return { providerMessageId: ids[0] as string, parts: ids.length };
  }

  /** An unfollow means no more Zalo messages to that citizen: the caller falls back to SMS. */
  private async refuseUnfollowed(userId: string): Promise<void> {
    const [identity] = await this.d.db.select({ profile: contactIdentities.profile }).from(contactIdentities)
      .where(and(eq(contactIdentities.channel, 'zalo'), eq(contactIdentities.externalId, userId)));
    if (identity?.profile?.followed === false) throw new OutsideWindowError('citizen unfollowed the OA', 'unfollowed');
  }

  private async sentParts(messageId: number): Promise<Map<number, string>> {
    const rows = await this.d.db.select({ part: channelSentParts.part, id: channelSentParts.providerMessageId })
      .from(channelSentParts).where(and(eq(channelSentParts.channel, 'zalo'), eq(channelSentParts.messageId, messageId)));
    return new Map(rows.map((r) => [r.part, r.id]));
  }

  private async sendPart(msg: OutboundMessage, part: number, build: PartBuilder): Promise<string> {
    let res = await this.withToken(async (token) => this.postCs(token, msg.to, await build(token)));
    if (res.error === -201 && part === 0 && msg.quoteExternalId) {
      logger.warn({ messageId: msg.messageId, code: res.error }, 'zalo rejected the quote; sending without it');
      res = await this.withToken(async (token) => this.postCs(token, msg.to, withoutQuote(await build(token))));
    }
    const id = ok(res, msg.messageId, 'message/cs').message_id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new PermanentError('zalo accepted without message_id', 'bad_response');
    const providerMessageId = String(id);
    await this.d.db.insert(channelSentParts).values({ channel: 'zalo', messageId: msg.messageId, part, providerMessageId }).onConflictDoNothing();
    return providerMessageId;
  }

  /** Call with the current token; on -216/-220 refresh once (single-flight) and call again. */
  private async withToken(call: (token: string) => Promise<ZaloEnvelopeResponse>): Promise<ZaloEnvelopeResponse> {
    // An upload inside `call` that refuses the token surfaces as its envelope, so it refreshes too.
    const run = (t: string) => call(t).catch((e: unknown) => (e instanceof TokenRejected ? e.res : Promise.reject(e)));
    const token = await this.d.tokens.accessToken();
    const first = await run(token);
    if (classifyZaloError(first.error) !== 'token') return first;
    const fresh = await this.d.tokens.refresh(token);
    const second = await run(fresh);
    if (classifyZaloError(second.error) === 'token') throw new RetryableError('zalo rejected a freshly refreshed token', String(second.error));
    return second;
  }

  private postCs(token: string, userId: string, message: MessageBody): Promise<ZaloEnvelopeResponse> {
    // JSON.stringify keeps the id as the exact string we stored; never Number() it.
    return zaloFetch(`${this.d.cfg.apiBaseUrl}/v3.0/oa/message/cs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: token },
      body: JSON.stringify({ recipient: { user_id: userId }, message }),
    }, this.d.cfg.httpTimeoutMs);
  }

  private async mediaMessage(token: string, m: { storageKey: string; mime: string }): Promise<MessageBody> {
    const isImage = /^image\/(jpeg|png|gif)$/i.test(m.mime);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await this.read(m.storageKey))], { type: m.mime }), m.storageKey.split('/').pop() ?? 'file');
    const res = await zaloFetch(`${this.d.cfg.apiBaseUrl}/v2.0/oa/upload/${isImage ? 'image' : 'file'}`, {
      method: 'POST', headers: { access_token: token }, body: form,
    }, this.d.cfg.httpTimeoutMs);
    if (classifyZaloError(res.error) === 'token') throw new TokenRejected(res);
    const data = ok(res, 0, 'upload');
    if (isImage) {
      return { attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: String(data.attachment_id) }] } } };
    }
    return { attachment: { type: 'file', payload: { token: String(data.token) } } };
  }

  private async read(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this.d.files.open(key)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}

/** An upload refused the token: surfaces to withToken as the same envelope so it refreshes. */
class TokenRejected extends Error {
  constructor(readonly res: ZaloEnvelopeResponse) { super('token rejected'); }
}

function withoutQuote(body: MessageBody): MessageBody {
  const { quote_message_id: _drop, ...rest } = body;
  return rest;
}

/** The data of a successful answer, or the classified error. Logs the code only, never content. */
function ok(res: ZaloEnvelopeResponse, messageId: number, what: string): Record<string, unknown> {
  if (res.error === 0) return res.data;
  const cls = classifyZaloError(res.error);
  const code = String(res.error);
  logger.warn({ messageId, code, cls, what }, 'zalo api error');
  switch (cls) {
    case 'rate_limit': throw new RetryableError('zalo rate limit', code, RATE_LIMIT_BACKOFF_MS);
    case 'retry': case 'token': throw new RetryableError(`zalo error ${code}`, code);
    case 'window': throw new OutsideWindowError(`zalo cannot reach this user now (${code})`, code);
    default: throw new PermanentError(`zalo error ${code}`, code);
  }
}
