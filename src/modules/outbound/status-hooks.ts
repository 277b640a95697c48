/**
 * Listeners of outbound status changes outside the report flow (added for
 * notices, issue 6: a notice's delivery follows the message that carries it).
 * `publishStatus` (outbound.failures.ts) calls them after every committed
 * change — sent, failed, undeliverable, and the fallback to SMS, whose `extra`
 * carries `fallbackMessageId`. A listener's error is logged, never thrown into
 * the send.
 */
import type { AppContext } from '../../context.js';
import { logger } from '../../lib/logger.js';
import type { OutboundRow } from './outbound.repo.js';

export type OutboundStatusHook = (ctx: AppContext, msg: Pick<OutboundRow, 'id' | 'reportId' | 'channel'>, status: string, extra: Record<string, unknown>) => Promise<void>;

const hooks: OutboundStatusHook[] = [];

export function onOutboundStatus(hook: OutboundStatusHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function runOutboundStatusHooks(ctx: AppContext, msg: OutboundRow, status: string, extra: Record<string, unknown>): Promise<void> {
  for (const hook of hooks) {
    try { await hook(ctx, msg, status, extra); } catch (err) {
      logger.warn({ messageId: msg.id, status, err: (err as Error).message }, 'outbound status hook failed');
    }
  }
}
