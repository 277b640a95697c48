/**
 * What one adapter folder gives the registry: its inbound half (webhooks), its
 * outbound half (sends), and a default send rate. A factory returns null when
 * the provider is not configured; it reads its own typed config from ctx.env.
 */
import type { AppContext } from '../context.js';
import type { InboundAdapter, OutboundAdapter } from './types.js';

export interface RateLimit {
  /** Provider requests allowed per window. */
  max: number;
  windowMs: number;
}

export interface AdapterSet {
  inbound?: InboundAdapter;
  outbound?: OutboundAdapter;
  rateLimit?: RateLimit;
}

export type AdapterFactory = (ctx: AppContext) => AdapterSet | null;
