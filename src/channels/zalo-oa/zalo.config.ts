/**
 * Typed configuration of the Zalo OA adapter, taken from the parsed env
 * (DESIGN.md names). Inbound needs the OA secret key; outbound needs the app
 * id/secret and a token pair. Either half may be unconfigured: the adapter
 * then fails closed (webhooks rejected, sends refused as permanent).
 */
import { z } from 'zod';
import type { Env } from '../../config/env.js';

export const zaloConfigSchema = z.object({
  appId: z.string().min(1).optional(),
  appSecret: z.string().min(1).optional(),
  /** Secret of the webhook `mac` (CHANNELS.md §1.3: the "OA Secret Key", not the app secret — UNVERIFIED). */
  oaSecretKey: z.string().min(1).optional(),
  apiBaseUrl: z.string().url(),
  oauthBaseUrl: z.string().url(),
  initialAccessToken: z.string().min(1).optional(),
  initialRefreshToken: z.string().min(1).optional(),
  /** 0 = no replay window. */
  signatureMaxSkewS: z.number().int().min(0),
  acceptOaIdSignature: z.boolean(),
  tokenRefreshMarginS: z.number().int().min(0),
  httpTimeoutMs: z.number().int().positive(),
});
export type ZaloConfig = z.infer<typeof zaloConfigSchema>;

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

export function zaloConfigFromEnv(env: Env): ZaloConfig {
  return zaloConfigSchema.parse({
    appId: blankToUndefined(env.ZALO_APP_ID),
    appSecret: blankToUndefined(env.ZALO_APP_SECRET),
    oaSecretKey: blankToUndefined(env.ZALO_OA_SECRET_KEY),
    apiBaseUrl: env.ZALO_API_BASE_URL.replace(/\/+$/, ''),
    oauthBaseUrl: env.ZALO_OAUTH_BASE_URL.replace(/\/+$/, ''),
    initialAccessToken: blankToUndefined(env.ZALO_ACCESS_TOKEN),
    initialRefreshToken: blankToUndefined(env.ZALO_REFRESH_TOKEN),
    signatureMaxSkewS: env.ZALO_SIGNATURE_MAX_SKEW_S,
    acceptOaIdSignature: env.ZALO_SIGNATURE_ACCEPT_OA_ID,
    tokenRefreshMarginS: env.ZALO_TOKEN_REFRESH_MARGIN_S,
    httpTimeoutMs: env.ZALO_HTTP_TIMEOUT_MS,
  });
}

/** Provider key of the Zalo OA row in channel_credentials. */
export const ZALO_CREDENTIALS_PROVIDER = 'zalo-oa';
