/** Whether this deployment sends notices by ZNS, and the client to do it (CHANNELS.md §3). */
import type { AppContext } from '../../context.js';
import { channelsFor } from '../../channels/registry.js';
import { ZaloOaOutboundAdapter } from '../../channels/zalo-oa/zalo-oa.adapter.js';
import { ZnsClient } from '../../channels/zns/zns.client.js';

function zaloAdapter(ctx: AppContext): ZaloOaOutboundAdapter | null {
  const a = channelsFor(ctx).outbound('zalo');
  return a instanceof ZaloOaOutboundAdapter ? a : null;
}

/** A ZNS template id is set and the Zalo OA token pair (which ZNS uses) is configured. */
export function znsConfigured(ctx: AppContext): boolean {
  return !!ctx.env.ZNS_NOTICE_TEMPLATE_ID && zaloAdapter(ctx) !== null;
}

export function znsClient(ctx: AppContext): ZnsClient | null {
  const zalo = zaloAdapter(ctx);
  const templateId = ctx.env.ZNS_NOTICE_TEMPLATE_ID;
  if (!zalo || !templateId) return null;
  return new ZnsClient({ baseUrl: ctx.env.ZNS_API_BASE_URL.replace(/\/+$/, ''), templateId, timeoutMs: ctx.env.ZALO_HTTP_TIMEOUT_MS }, zalo.tokens);
}
