/**
 * zod shapes of Zalo OA webhook payloads (CHANNELS.md §1.4). Ids are kept as
 * strings: a string stays as sent, a number (small, or made a string by the
 * lossless parser) becomes its decimal digits. Unknown keys are dropped; the
 * raw payload is kept separately by ingress.
 */
import { z } from 'zod';

/** A Zalo id: documented as a JSON string; a bare number is accepted as its exact digits. */
export const zaloId = z.union([
  z.string().trim().min(1),
  z.number().int().nonnegative().transform(String),
]);

/** Coordinates arrive as strings ("16.0544") in chatwoot's fixtures; numbers are accepted too. */
const coordinate = z.union([z.string().trim().min(1), z.number()]).transform(Number).pipe(z.number().finite());

const httpUrl = z.string().trim().url().refine((u) => /^https?:\/\//i.test(u), 'http(s) only');

export const zaloAttachmentSchema = z.object({
  type: z.string(),
  payload: z.object({
    url: z.string().optional(),
    thumbnail: z.string().optional(),
    name: z.string().optional(),
    /** File size in bytes, a string in chatwoot's fixtures. */
    size: z.union([z.string(), z.number()]).optional(),
    id: zaloId.optional(),
    coordinates: z.object({ latitude: coordinate, longitude: coordinate }).optional(),
    title: z.string().optional(),
  }).nullish().transform((p) => p ?? {}),
});
export type ZaloAttachment = z.infer<typeof zaloAttachmentSchema>;

export const zaloMessageSchema = z.object({
  msg_id: zaloId.optional(),
  /** user_seen_message carries an array of the OA's message ids. */
  msg_ids: z.array(zaloId).optional(),
  text: z.string().optional(),
  quote_msg_id: zaloId.optional(),
  attachments: z.array(zaloAttachmentSchema).optional(),
  /** ZNS delivery receipts (CHANNELS.md §0.8). */
  tracking_id: z.string().optional(),
});

const party = z.object({ id: zaloId });

export const zaloEnvelopeSchema = z.object({
  event_name: z.string().trim().min(1).max(100),
  app_id: zaloId.optional(),
  oa_id: zaloId.optional(),
  user_id_by_app: zaloId.optional(),
  /** Epoch milliseconds, as a string (CHANNELS.md §1.3). */
  timestamp: zaloId.refine((t) => /^\d{10,16}$/.test(t), 'epoch milliseconds'),
  sender: party.optional(),
  recipient: party.optional(),
  /** follow / unfollow use a flat shape with `follower.id` (SECONDARY, ZSPEC). */
  follower: party.optional(),
  source: z.string().optional(),
  message: zaloMessageSchema.optional(),
  /** user_submit_info: what the citizen chose to share. */
  info: z.object({
    name: z.string().optional(),
    phone: z.union([z.string(), z.number()]).transform(String).optional(),
    address: z.string().optional(),
    full_address: z.string().optional(),
  }).optional(),
});
export type ZaloEnvelope = z.infer<typeof zaloEnvelopeSchema>;

export { httpUrl };
