/**
 * The shape every channel adapter speaks (STYLE.md "Channel adapter shape").
 * Ingress turns a provider's raw request into these normalised events and
 * stores each one as an inbound_event; the intake job works only on them.
 */
import { z } from 'zod';

export const mediaSchema = z.object({
  kind: z.enum(['image', 'file', 'audio', 'video', 'sticker']),
  /** Already stored (web uploads): content-addressed key under DATA_DIR/attachments. */
  storageKey: z.string().optional(),
  /** To be downloaded by a job (Zalo CDN links). */
  url: z.string().optional(),
  mime: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().optional(),
  name: z.string().optional(),
});
export type Media = z.infer<typeof mediaSchema>;

export const inboundMessageSchema = z.object({
  type: z.literal('message'),
  /** Provider's id for this message; with the channel, the duplicate key. */
  externalId: z.string().min(1),
  from: z.object({
    externalId: z.string().min(1).optional(),
    phone: z.string().optional(),
    name: z.string().optional(),
    /** Extra channel profile data (e.g. Zalo user_id_by_app). */
    profile: z.record(z.string(), z.unknown()).optional(),
  }),
  text: z.string(),
  media: z.array(mediaSchema).default([]),
  location: z.object({ lat: z.number(), lng: z.number() }).optional(),
  receivedAt: z.string(),
  /** Web form fields. */
  unitCode: z.string().optional(),
  categoryCode: z.string().optional(),
  consent: z.object({ at: z.string(), version: z.string() }).optional(),
  /** Provider message id of a quoted message (Zalo quote_msg_id). */
  inReplyTo: z.string().optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const inboundStatusSchema = z.object({
  type: z.literal('status'),
  externalId: z.string().min(1),
  /** Provider message id(s) whose status changed. */
  providerMessageIds: z.array(z.string()).min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  at: z.string(),
  errorCode: z.string().optional(),
});
export type InboundStatus = z.infer<typeof inboundStatusSchema>;

export const inboundOtherSchema = z.object({
  type: z.literal('other'),
  externalId: z.string().min(1),
  /** What the event is (follow, unfollow, oa echo, …) and its normalised data. */
  event: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
  at: z.string(),
});
export type InboundOther = z.infer<typeof inboundOtherSchema>;

export const normalizedEventSchema = z.discriminatedUnion('type', [inboundMessageSchema, inboundStatusSchema, inboundOtherSchema]);
export type NormalizedEvent = z.infer<typeof normalizedEventSchema>;

// ---------------------------------------------------------------------------
// Adapter interface (STYLE.md "Channel adapter shape"). One folder per adapter
// under src/channels/, one line in src/channels/registry.ts.

/** An inbound HTTP request as the provider sent it: raw bytes, before any parser. */
export interface RawRequest {
  method: string;
  /** Full URL as received, including the query string (Twilio signs it). */
  url: string;
  /** Path parameters of the webhook route (e.g. provider). */
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** A provider-specific HTTP answer (eSMS's XML, TwiML); default is 200 JSON {ok:true}. */
export interface ProviderReply { status: number; contentType: string; body: string }

export interface InboundAdapter {
  /** e.g. 'zalo-oa', 'sms-esms'. */
  readonly kind: string;
  readonly channel: 'sms' | 'zalo';
  /** Name in the webhook URL (`/webhooks/sms/:provider`), e.g. 'esms'. */
  readonly provider: string;
  /** Check the request on its raw bytes, in constant time; never throws. */
  verify(req: RawRequest): VerifyResult;
  /** Pure: raw request → normalised events (may be empty). Throws only on a poison payload. */
  parse(req: RawRequest): NormalizedEvent[];
  reply?(events: NormalizedEvent[], req: RawRequest): ProviderReply;
}

export interface OutboundMessage {
  /** Our message id; also the idempotency key handed to providers that take one. */
  messageId: number;
  idempotencyKey: string;
  /** Recipient: the channel identity's external id (Zalo user id, E.164 phone). */
  to: string;
  text: string;
  /** Provider id of the citizen message being answered (Zalo quote_message_id). */
  quoteExternalId?: string;
  /** Stored attachments to send (storage keys under DATA_DIR/attachments). */
  media?: { storageKey: string; mime: string }[];
  urgent: boolean;
}

export interface SendResult {
  providerMessageId: string;
  /** Number of provider messages/segments it took (SMS parts, Zalo chunks). */
  parts: number;
}

export interface OutboundAdapter {
  readonly kind: string;
  readonly channel: 'sms' | 'zalo';
  /**
   * Send, or throw RetryableError (network, 5xx, 429, rate limit), PermanentError
   * (bad number, rejected content), or OutsideWindowError (Zalo reply window
   * closed / user blocked: the caller falls back to SMS).
   */
  send(msg: OutboundMessage): Promise<SendResult>;
}
