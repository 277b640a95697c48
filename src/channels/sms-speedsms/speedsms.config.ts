/**
 * Typed configuration of the SpeedSMS.vn adapter (DESIGN.md env names).
 * Its webhooks (delivery report, incoming SMS) are unsigned: SMS_WEBHOOK_TOKEN.
 */
import { z } from 'zod';
import type { Env } from '../../config/env.js';

export const speedSmsConfigSchema = z.object({
  apiBaseUrl: z.string().url(),
  accessToken: z.string().min(1),
  /** `sms_type`: 2 = brandname customer care; other values UNVERIFIED (CHANNELS.md §4.2). */
  smsType: z.number().int(),
  sender: z.string().min(1).max(11).optional(),
  webhookToken: z.string().min(1).optional(),
  unaccented: z.boolean(),
  maxParts: z.number().int().min(1),
  timeoutMs: z.number().int().positive(),
});
export type SpeedSmsConfig = z.infer<typeof speedSmsConfigSchema>;

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** Null when SpeedSMS is not configured (no access token). */
export function speedSmsConfigFromEnv(env: Env): SpeedSmsConfig | null {
  const accessToken = blank(env.SPEEDSMS_ACCESS_TOKEN);
  if (!accessToken) return null;
  return speedSmsConfigSchema.parse({
    apiBaseUrl: env.SPEEDSMS_API_BASE_URL.replace(/\/+$/, ''),
    accessToken,
    smsType: env.SPEEDSMS_SMS_TYPE,
    sender: blank(env.SPEEDSMS_SENDER),
    webhookToken: blank(env.SMS_WEBHOOK_TOKEN),
    unaccented: env.SMS_UNACCENTED,
    maxParts: env.SMS_MAX_PARTS,
    timeoutMs: 15_000,
  });
}
