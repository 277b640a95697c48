/**
 * Zalo Official Account channel adapter (kind 'zalo-oa', channel 'zalo',
 * webhook `POST /webhooks/zalo`). Facts and their sources: CHANNELS.md §1–2.
 *
 * UNVERIFIED points, each configurable (src/config/env.ts):
 * - webhook mac secret = ZALO_OA_SECRET_KEY (OA Secret Key), app_id first;
 *   ZALO_SIGNATURE_ACCEPT_OA_ID also accepts the oa_id variant (logged);
 * - replay window on the body timestamp: ZALO_SIGNATURE_MAX_SKEW_S (0 = off);
 * - token refresh margin ZALO_TOKEN_REFRESH_MARGIN_S (access token said to live 25 h);
 * - attachment payload fields beyond url/coordinates (name, size) are optional.
 *
 * Inbound needs only configuration; outbound needs the database (token pair,
 * sent parts) and the file store (images to upload).
 */
import type { AppContext } from '../../context.js';
import type { AdapterSet } from '../factory.js';
import type { InboundAdapter, NormalizedEvent, OutboundAdapter, OutboundMessage, RawRequest, SendResult, VerifyResult } from '../types.js';
import { zaloConfigFromEnv, type ZaloConfig } from './zalo.config.js';
import { parseZaloWebhook } from './zalo.parse.js';
import { verifyZaloSignature } from './zalo.signature.js';
import { ZaloSender } from './zalo.send.js';
import { ZaloTokenStore } from './zalo.tokens.js';

export const ZALO_KIND = 'zalo-oa';
export const ZALO_PROVIDER = 'zalo';

export class ZaloOaInboundAdapter implements InboundAdapter {
  readonly kind = ZALO_KIND;
  readonly channel = 'zalo' as const;
  readonly provider = ZALO_PROVIDER;

  constructor(private readonly cfg: ZaloConfig, private readonly now: () => number = Date.now) {}

  verify(req: RawRequest): VerifyResult {
    try {
      return verifyZaloSignature(req, this.cfg, this.now());
    } catch {
      return { ok: false, reason: 'signature check failed' };
    }
  }

  parse(req: RawRequest): NormalizedEvent[] {
    return parseZaloWebhook(req);
  }
}

export class ZaloOaOutboundAdapter implements OutboundAdapter {
  readonly kind = ZALO_KIND;
  readonly channel = 'zalo' as const;
  readonly tokens: ZaloTokenStore;
  private readonly sender: ZaloSender;

  constructor(ctx: Pick<AppContext, 'database' | 'files'>, cfg: ZaloConfig) {
    this.tokens = new ZaloTokenStore(ctx.database.db, cfg);
    this.sender = new ZaloSender({ db: ctx.database.db, files: ctx.files, cfg, tokens: this.tokens });
  }

  send(msg: OutboundMessage): Promise<SendResult> {
    return this.sender.send(msg);
  }
}

export function zaloInboundAdapter(ctx: Pick<AppContext, 'env'>): ZaloOaInboundAdapter {
  return new ZaloOaInboundAdapter(zaloConfigFromEnv(ctx.env));
}

export function zaloOutboundAdapter(ctx: Pick<AppContext, 'env' | 'database' | 'files'>): ZaloOaOutboundAdapter {
  return new ZaloOaOutboundAdapter(ctx, zaloConfigFromEnv(ctx.env));
}

/**
 * Registry factory: inbound when the webhook secret is set, outbound when a
 * token pair (or an already stored one) and the app credentials exist.
 * The send rate comes from ZALO_RATE_LIMIT_MAX / ZALO_RATE_LIMIT_WINDOW_MS (registry).
 */
export function createZaloOa(ctx: AppContext): AdapterSet | null {
  const cfg = zaloConfigFromEnv(ctx.env);
  const inbound = cfg.oaSecretKey ? new ZaloOaInboundAdapter(cfg) : undefined;
  const canSend = !!(cfg.appId && (cfg.initialAccessToken || cfg.initialRefreshToken));
  const outbound = canSend ? new ZaloOaOutboundAdapter(ctx, cfg) : undefined;
  if (!inbound && !outbound) return null;
  return { inbound, outbound };
}

const KEEPALIVE_EVERY_MS = 10 * 60 * 1000;
const lastKeepalive = new WeakMap<object, number>();

/**
 * Called by the reconciler: refresh the Zalo token when due even if nothing is
 * being sent (the refresh token lapses after ~3 months unused). At most every
 * 10 minutes per process, so a failing refresh does not hammer the OAuth server.
 */
export async function keepZaloTokenAlive(outbound: OutboundAdapter | undefined, nowMs: number = Date.now()): Promise<boolean> {
  if (!(outbound instanceof ZaloOaOutboundAdapter)) return false;
  if (nowMs - (lastKeepalive.get(outbound) ?? 0) < KEEPALIVE_EVERY_MS) return false;
  lastKeepalive.set(outbound, nowMs);
  return outbound.tokens.refreshIfDue();
}
