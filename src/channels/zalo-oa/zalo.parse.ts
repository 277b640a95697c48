/**
 * Pure: a verified Zalo webhook body → normalised events (CHANNELS.md §1.4).
 *
 * - user_send_* → a message from sender.id (the OA-scoped user id; the
 *   app-scoped user_id_by_app goes in the identity profile); attachments become
 *   media with their CDN url (downloaded later by a job), location becomes
 *   {lat, lng}, a link is appended to the text (never fetched).
 * - user_received_message / user_seen_message → delivered / read status of our
 *   messages (msg_id, or the msg_ids array).
 * - follow, unfollow, user_submit_info, oa_send_* echoes (event 'oa_echo') and
 *   anything unknown → 'other' events: stored, handled by intake handlers or ignored.
 *
 * Event ids: a user message's own msg_id (it is also the message's provider id);
 * every other event `<event_name>:<msg_id>` or, without one, a stable composite
 * `<event_name>:<timestamp>:<user id>[:<hash of msg ids>]`.
 * Throws only on a poison payload (not JSON, no event_name/timestamp, a known
 * event missing what defines it).
 */
import { createHash } from 'node:crypto';
import type { Media, NormalizedEvent, RawRequest } from '../types.js';
import { nfc } from '../../domain/text.js';
import { parseJsonLossless } from './zalo.json.js';
import { httpUrl, zaloEnvelopeSchema, type ZaloAttachment, type ZaloEnvelope } from './zalo.schemas.js';

export class ZaloPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZaloPayloadError';
  }
}

type Handler = (p: ZaloEnvelope) => NormalizedEvent[];

const MESSAGE_EVENTS = [
  'user_send_text', 'user_send_image', 'user_send_file', 'user_send_location', 'user_send_sticker',
  'user_send_audio', 'user_send_video', 'user_send_gif', 'user_send_link',
] as const;

const HANDLERS: Record<string, Handler> = {
  ...Object.fromEntries(MESSAGE_EVENTS.map((e) => [e, userMessage])),
  user_received_message: (p) => status(p, 'delivered'),
  user_seen_message: (p) => status(p, 'read'),
  follow: followChange,
  unfollow: followChange,
  user_submit_info: submitInfo,
};

export function parseZaloWebhook(req: RawRequest): NormalizedEvent[] {
  let body: unknown;
  try { body = parseJsonLossless(req.rawBody.toString('utf8')); } catch { throw new ZaloPayloadError('body is not JSON'); }
  const parsed = zaloEnvelopeSchema.safeParse(body);
  if (!parsed.success) throw new ZaloPayloadError(`invalid envelope: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const p = parsed.data;
  const handler = HANDLERS[p.event_name] ?? (p.event_name.startsWith('oa_send_') ? oaEcho : unknownEvent);
  return handler(p);
}

/** Epoch ms string → ISO time. */
export function zaloTime(ts: string): string {
  return new Date(Number(ts)).toISOString();
}

function compositeId(p: ZaloEnvelope, userId: string | undefined, ids: string[] = []): string {
  const base = `${p.event_name}:${p.timestamp}:${userId ?? '-'}`;
  if (ids.length === 0) return base;
  return `${base}:${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16)}`;
}

/** Text shown when a message has no caption, so officers see what arrived. */
const PLACEHOLDER: Record<string, string> = {
  image: '[Hình ảnh]', gif: '[Ảnh GIF]', sticker: '[Nhãn dán]', file: '[Tệp đính kèm]',
  audio: '[Tin nhắn thoại]', video: '[Video]', location: '[Vị trí]', link: '[Liên kết]',
};

const MEDIA_KIND: Record<string, Media['kind']> = { image: 'image', gif: 'image', sticker: 'sticker', file: 'file', audio: 'audio', video: 'video' };

function toMedia(a: ZaloAttachment): Media | null {
  const kind = MEDIA_KIND[a.type];
  const url = httpUrl.safeParse(a.payload.url);
  if (!kind || !url.success) return null;
  const size = a.payload.size === undefined ? NaN : Number(a.payload.size);
  return {
    kind, url: url.data,
    ...(a.type === 'gif' ? { mime: 'image/gif' } : {}),
    ...(a.payload.name ? { name: a.payload.name.slice(0, 255) } : {}),
    ...(Number.isSafeInteger(size) && size >= 0 ? { size } : {}),
  };
}

function userMessage(p: ZaloEnvelope): NormalizedEvent[] {
  const userId = p.sender?.id;
  if (!userId) throw new ZaloPayloadError(`${p.event_name} without sender.id`);
  const atts = p.message?.attachments ?? [];
  const media = atts.map(toMedia).filter((m): m is Media => m !== null);
  const coords = atts.find((a) => a.type === 'location')?.payload.coordinates;
  const links = atts.filter((a) => a.type === 'link').map((a) => httpUrl.safeParse(a.payload.url)).flatMap((r) => (r.success ? [r.data] : []));
  let text = nfc(p.message?.text ?? '').trim();
  if (links.length > 0) text = [text, ...links].filter(Boolean).join('\n');
  if (text === '') text = PLACEHOLDER[atts[0]?.type ?? ''] ?? PLACEHOLDER[p.event_name.replace('user_send_', '')] ?? '';
  const location = coords && Math.abs(coords.latitude) <= 90 && Math.abs(coords.longitude) <= 180
    ? { lat: coords.latitude, lng: coords.longitude } : undefined;
  return [{
    type: 'message',
    externalId: p.message?.msg_id ?? compositeId(p, userId),
    from: { externalId: userId, profile: p.user_id_by_app ? { user_id_by_app: p.user_id_by_app } : {} },
    text,
    media,
    ...(location ? { location } : {}),
    receivedAt: zaloTime(p.timestamp),
    ...(p.message?.quote_msg_id ? { inReplyTo: p.message.quote_msg_id } : {}),
  }];
}

function status(p: ZaloEnvelope, s: 'delivered' | 'read'): NormalizedEvent[] {
  const ids = [...new Set([...(p.message?.msg_ids ?? []), ...(p.message?.msg_id ? [p.message.msg_id] : [])])];
  if (ids.length === 0) return unknownEvent(p);
  const single = ids.length === 1 && p.message?.msg_id;
  return [{
    type: 'status',
    externalId: single ? `${p.event_name}:${ids[0]}` : compositeId(p, p.recipient?.id, [...ids].sort()),
    providerMessageIds: ids,
    status: s,
    at: zaloTime(p.timestamp),
  }];
}

function other(p: ZaloEnvelope, event: string, externalId: string, data: Record<string, unknown>): NormalizedEvent[] {
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  return [{ type: 'other', externalId, event, data: clean, at: zaloTime(p.timestamp) }];
}

function followChange(p: ZaloEnvelope): NormalizedEvent[] {
  const userId = p.follower?.id ?? p.sender?.id;
  if (!userId) throw new ZaloPayloadError(`${p.event_name} without follower.id`);
  return other(p, p.event_name, compositeId(p, userId), {
    userId, userIdByApp: p.user_id_by_app, oaId: p.oa_id ?? p.recipient?.id, source: p.source,
  });
}

function submitInfo(p: ZaloEnvelope): NormalizedEvent[] {
  const userId = p.sender?.id;
  if (!userId) throw new ZaloPayloadError('user_submit_info without sender.id');
  const info = p.info ?? {};
  return other(p, 'user_submit_info', compositeId(p, userId), {
    userId,
    userIdByApp: p.user_id_by_app,
    name: info.name ? nfc(info.name).trim().slice(0, 200) : undefined,
    phone: info.phone?.trim().slice(0, 40),
    address: (info.address ?? info.full_address)?.slice(0, 500),
  });
}

/** What the OA sent (from our API or typed in the Zalo OA app): sender = OA, recipient = user. */
function oaEcho(p: ZaloEnvelope): NormalizedEvent[] {
  const msgId = p.message?.msg_id;
  const userId = p.recipient?.id;
  if (!msgId || !userId) throw new ZaloPayloadError(`${p.event_name} without msg_id or recipient.id`);
  const atts = p.message?.attachments ?? [];
  return other(p, 'oa_echo', `${p.event_name}:${msgId}`, {
    eventName: p.event_name,
    msgId,
    userId,
    oaId: p.sender?.id,
    text: p.message?.text !== undefined ? nfc(p.message.text) : undefined,
    attachments: atts.map((a) => ({ type: a.type, url: a.payload.url })),
    quoteMsgId: p.message?.quote_msg_id,
  });
}

function unknownEvent(p: ZaloEnvelope): NormalizedEvent[] {
  const msgId = p.message?.msg_id;
  const userId = p.sender?.id ?? p.follower?.id ?? p.recipient?.id;
  return other(p, p.event_name, msgId ? `${p.event_name}:${msgId}` : compositeId(p, userId), {
    senderId: p.sender?.id, recipientId: p.recipient?.id, msgId,
  });
}
