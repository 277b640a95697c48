/**
 * Typed configuration of the Twilio-compatible adapter (DESIGN.md env names).
 * The auth token both authenticates sends and signs Twilio's webhooks.
 */
import { z } from 'zod';
import type { Env } from '../../config/env.js';

export const twilioConfigSchema = z.object({
  apiBaseUrl: z.string().url(),
  accountSid: z.string().min(1),
  authToken: z.string().min(1),
  /** A sender number (+E.164) or a Messaging Service SID (MG…). */
  from: z.string().min(1).optional(),
  publicBaseUrl: z.string().url(),
  unaccented: z.boolean(),
  maxParts: z.number().int().min(1),
  timeoutMs: z.number().int().positive(),
});
export type TwilioConfig = z.infer<typeof twilioConfigSchema>;

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** Null when Twilio is not configured (no account SID or auth token). */
export function twilioConfigFromEnv(env: Env): TwilioConfig | null {
  const accountSid = blank(env.TWILIO_ACCOUNT_SID);
  const authToken = blank(env.TWILIO_AUTH_TOKEN);
  if (!accountSid || !authToken) return null;
  return twilioConfigSchema.parse({
    apiBaseUrl: env.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
    accountSid, authToken, from: blank(env.TWILIO_FROM),
    publicBaseUrl: env.PUBLIC_BASE_URL,
    unaccented: env.SMS_UNACCENTED,
    maxParts: env.SMS_MAX_PARTS,
    timeoutMs: 15_000,
  });
}
