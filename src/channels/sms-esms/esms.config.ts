/**
 * Typed configuration of the eSMS.vn adapter (DESIGN.md env names).
 * Sending needs the API key pair (and a brandname for SmsType 2); delivery
 * reports need SMS_WEBHOOK_TOKEN; inbound MO needs the MO private key.
 */
import { z } from 'zod';
import type { Env } from '../../config/env.js';

export const esmsConfigSchema = z.object({
  apiBaseUrl: z.string().url(),
  apiKey: z.string().min(1).optional(),
  secretKey: z.string().min(1).optional(),
  brandname: z.string().min(1).max(11).optional(),
  smsType: z.string().regex(/^\d+$/),
  sandbox: z.boolean(),
  moPrivateKey: z.string().min(1).optional(),
  /** UNVERIFIED field order of the MO `sign` (CHANNELS.md §4.1). */
  moSignFields: z.array(z.string().min(1)).min(1),
  webhookToken: z.string().min(1).optional(),
  publicBaseUrl: z.string().url(),
  unaccented: z.boolean(),
  maxParts: z.number().int().min(1),
  timeoutMs: z.number().int().positive(),
});
export type EsmsConfig = z.infer<typeof esmsConfigSchema>;

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

export function esmsConfigFromEnv(env: Env): EsmsConfig {
  return esmsConfigSchema.parse({
    apiBaseUrl: env.ESMS_API_BASE_URL.replace(/\/+$/, ''),
    apiKey: blank(env.ESMS_API_KEY),
    secretKey: blank(env.ESMS_SECRET_KEY),
    brandname: blank(env.ESMS_BRANDNAME),
    smsType: env.ESMS_SMS_TYPE,
    sandbox: env.ESMS_SANDBOX,
    moPrivateKey: blank(env.ESMS_MO_PRIVATE_KEY),
    moSignFields: env.ESMS_MO_SIGN_FIELDS.split(',').map((s) => s.trim()).filter(Boolean),
    webhookToken: blank(env.SMS_WEBHOOK_TOKEN),
    publicBaseUrl: env.PUBLIC_BASE_URL,
    unaccented: env.SMS_UNACCENTED,
    maxParts: env.SMS_MAX_PARTS,
    timeoutMs: 15_000,
  });
}

/** Can send: API key pair, and a brandname when the SMS type needs one (2 = brandname CSKH). */
export function esmsCanSend(c: EsmsConfig): boolean {
  return Boolean(c.apiKey && c.secretKey && (c.smsType !== '2' || c.brandname));
}
