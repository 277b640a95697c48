/**
 * The channel registry: which adapters this deployment runs, built once per
 * AppContext from its env. STYLE.md rule 6: one folder per adapter, one line
 * here; the pipeline (webhooks, intake, outbound worker) never names a provider.
 *
 * - Inbound: every configured adapter, keyed by channel and webhook provider
 *   name (`/webhooks/sms/:provider`; Zalo has one: `/webhooks/zalo`).
 * - Outbound: one adapter per channel. SMS is the one SMS_PROVIDER selects; in
 *   demo mode without real gateway credentials it is the simulated gateway of
 *   /demo/phone. Zalo is the first configured entry of ZALO_ADAPTERS.
 */
import type { AppContext } from '../context.js';
import type { Env } from '../config/env.js';
import { ingestWebhook } from '../ingress/webhook.ingest.js';
import type { AdapterFactory, AdapterSet, RateLimit } from './factory.js';
import type { InboundAdapter, OutboundAdapter } from './types.js';
import { dbPartLedger, SmsOutboundAdapter, type SmsTextOptions } from './sms/sms-outbound.js';
import { createEsms } from './sms-esms/esms.adapter.js';
import { createSpeedSms } from './sms-speedsms/speedsms.adapter.js';
import { createTwilio } from './sms-twilio/twilio.adapter.js';
import { SimGateway } from './sms-sim/sim.gateway.js';
import { SimInbound } from './sms-sim/sim.adapter.js';
import { createZaloOa } from './zalo-oa/zalo-oa.adapter.js';

export type ChannelName = 'sms' | 'zalo';
type SmsProviderName = NonNullable<Env['SMS_PROVIDER']>;

/** SMS gateways, by the SMS_PROVIDER value that selects them for sending. */
const SMS_ADAPTERS: Record<SmsProviderName, AdapterFactory> = {
  esms: createEsms,
  speedsms: createSpeedSms,
  twilio: createTwilio,
};

/** Zalo adapters. The Zalo OA adapter plugs in here, one line: */
const ZALO_ADAPTERS: Record<string, AdapterFactory> = {
  'zalo-oa': createZaloOa,
};

const DEFAULT_RATE: RateLimit = { max: 60, windowMs: 60_000 };

export interface Channels {
  inbound(channel: ChannelName, provider?: string): InboundAdapter | undefined;
  outbound(channel: ChannelName): OutboundAdapter | undefined;
  /** Send rate for the channel's outbound queue (BullMQ limiter). */
  rateLimit(channel: ChannelName): RateLimit;
  /** Name of the outbound SMS provider ('esms', 'sim', …), if any. */
  smsProvider: string | undefined;
  smsText: SmsTextOptions;
  /** The simulated gateway, in demo mode without real SMS credentials. */
  sim: SimGateway | undefined;
  /** The clock of outbound scheduling (quiet hours); tests inject one. */
  now(): Date;
}

const built = new WeakMap<AppContext, Channels>();

export function channelsFor(ctx: AppContext): Channels {
  let c = built.get(ctx);
  if (!c) { c = buildChannels(ctx); built.set(ctx, c); }
  return c;
}

/**
 * Replace parts of a context's channels: a test's clock, or a fake provider
 * adapter standing in for one that is not built yet.
 */
export function overrideChannels(ctx: AppContext, patch: { now?: () => Date; outbound?: Partial<Record<ChannelName, OutboundAdapter>> }): void {
  const c = channelsFor(ctx);
  const base = c.outbound.bind(c);
  built.set(ctx, {
    ...c,
    now: patch.now ?? c.now,
    outbound: (channel) => patch.outbound?.[channel] ?? base(channel),
  });
}

/** The outbound SMS gateway: SMS_PROVIDER's, or in demo mode without credentials the simulated one. */
function pickSms(ctx: AppContext, sms: Map<string, AdapterSet>, smsText: SmsTextOptions): { set?: AdapterSet; provider?: string; sim?: SimGateway } {
  const env = ctx.env;
  const chosen = env.SMS_PROVIDER ? sms.get(env.SMS_PROVIDER) : undefined;
  if (chosen?.outbound) return { set: chosen, provider: env.SMS_PROVIDER };
  if (env.DEMO_MODE) {
    const sim = new SimGateway({ token: env.SMS_WEBHOOK_TOKEN || undefined, deliveryDelayMs: env.DEMO_SMS_DELIVERY_DELAY_MS, baseUrl: env.PUBLIC_BASE_URL });
    const inbound = new SimInbound(sim.token);
    sim.deliver = (req) => ingestWebhook(ctx, inbound, req);
    const outbound = new SmsOutboundAdapter('sms-sim', sim, smsText, dbPartLedger(ctx.database.db));
    return { set: { inbound, outbound, rateLimit: { max: 600, windowMs: 60_000 } }, provider: 'sim', sim };
  }
  if (env.SMS_PROVIDER) throw new Error(`SMS_PROVIDER=${env.SMS_PROVIDER} but its credentials are not set (see README, SMS gateways)`);
  return {};
}

function buildChannels(ctx: AppContext): Channels {
  const env = ctx.env;
  const inbound = new Map<string, InboundAdapter>();
  const add = (set: AdapterSet | null | undefined) => { if (set?.inbound) inbound.set(`${set.inbound.channel}/${set.inbound.provider}`, set.inbound); };
  const sms = new Map<string, AdapterSet>();
  for (const [name, factory] of Object.entries(SMS_ADAPTERS)) {
    const set = factory(ctx);
    if (set) sms.set(name, set);
    add(set);
  }
  const zalo = Object.values(ZALO_ADAPTERS).map((f) => f(ctx)).filter((s): s is AdapterSet => s !== null);
  zalo.forEach(add);
  const smsText: SmsTextOptions = { unaccented: env.SMS_UNACCENTED, maxParts: env.SMS_MAX_PARTS };
  const picked = pickSms(ctx, sms, smsText);
  if (picked.sim) add(picked.set);
  const zaloSet = zalo.find((s) => s.outbound);
  const rates: Record<ChannelName, RateLimit> = {
    sms: env.SMS_RATE_LIMIT_MAX ? { max: env.SMS_RATE_LIMIT_MAX, windowMs: env.SMS_RATE_LIMIT_WINDOW_MS } : picked.set?.rateLimit ?? DEFAULT_RATE,
    zalo: { max: env.ZALO_RATE_LIMIT_MAX, windowMs: env.ZALO_RATE_LIMIT_WINDOW_MS },
  };
  return {
    inbound: (channel, provider) => (channel === 'zalo' && provider === undefined
      ? [...inbound.values()].find((a) => a.channel === 'zalo')
      : inbound.get(`${channel}/${provider ?? ''}`)),
    outbound: (channel) => (channel === 'sms' ? picked.set?.outbound : zaloSet?.outbound),
    rateLimit: (channel) => rates[channel],
    smsProvider: picked.provider, smsText, sim: picked.sim,
    now: () => new Date(),
  };
}
