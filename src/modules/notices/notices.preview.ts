/**
 * POST /api/notices/preview: what a draft notice will cost, while the officer
 * types (stores nothing). The text exactly as citizens get it on SMS (with its
 * encoding, segments and separately sent parts — previewOutbound) and on Zalo,
 * the unaccented rendering, the recipients now and by channel, and the number
 * of messages that makes.
 */
import type { AppContext } from '../../context.js';
import { channelsFor } from '../../channels/registry.js';
import { chooseNoticeChannel } from '../../domain/notice-channel.js';
import { composeNoticeText } from '../../domain/notice-text.js';
import { renderSmsText } from '../../domain/sms-text.js';
import type { AuthUser } from '../auth/auth.types.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { previewOutbound } from '../outbound/preview.js';
import { holdUntil } from './handoff.js';
import type { AudienceEstimate } from './notices.repo.js';
import type { PreviewInput } from './notices.schemas.js';
import { estimateFor, resolveUnits } from './notices.service.js';
import { OPT_OUT_NOTE } from './notices.view.js';
import { znsConfigured } from './zns.config.js';

type ByChannel = { zalo: number; zns: number; sms: number; none: number };

/** Apply the per-citizen channel rule to each class of the estimate. */
function byChannel(ctx: AppContext, e: AudienceEstimate, channels: string[]): ByChannel {
  const now = new Date();
  const out: ByChannel = { zalo: 0, zns: 0, sms: 0, none: 0 };
  const classes: [number, boolean, boolean][] = [
    [e.classes.zaloPhone, true, true], [e.classes.zaloOnly, true, false], [e.classes.phoneOnly, false, true], [e.classes.neither, false, false],
  ];
  for (const [count, window, phone] of classes) {
    const c = chooseNoticeChannel({
      channels, now, zaloConfigured: !!channelsFor(ctx).outbound('zalo'), znsConfigured: znsConfigured(ctx),
      zalo: window ? { lastInboundAt: now, followed: true } : null, phone: phone ? '+84900000000' : null,
    });
    out['skip' in c ? 'none' : c.channel] += count;
  }
  return out;
}

export async function previewNotice(ctx: AppContext, user: AuthUser, input: PreviewInput) {
  const catalog = await loadCatalog(ctx.database.db);
  const units = resolveUnits(catalog, user, input.unitCodes);
  const base = { title: input.title, text: input.text, senderName: user.unitName, emergency: input.emergency };
  const smsText = composeNoticeText({ ...base, channel: 'sms' });
  const zaloText = composeNoticeText({ ...base, channel: 'zalo' });
  const c = channelsFor(ctx);
  const sms = previewOutbound({ channel: 'sms', text: smsText, provider: c.smsProvider, unaccented: c.smsText.unaccented, maxParts: c.smsText.maxParts });
  const zalo = previewOutbound({ channel: 'zalo', text: zaloText });
  const estimate = await estimateFor(ctx, catalog, units, input.channels, input.emergency, true);
  const split = byChannel(ctx, estimate, input.channels);
  const messages = { sms: split.sms * sms.parts, zalo: split.zalo * zalo.parts, zns: split.zns };
  return {
    senderName: user.unitName,
    sms, zalo,
    unaccented: renderSmsText(smsText, { unaccented: true }),
    recipients: { total: estimate.recipients, optedOut: estimate.optedOut, byChannel: split },
    estimatedMessages: { ...messages, total: messages.sms + messages.zalo + messages.zns },
    approval: { threshold: ctx.env.NOTICE_APPROVAL_THRESHOLD, required: estimate.recipients > ctx.env.NOTICE_APPROVAL_THRESHOLD },
    // Sent now, a non-emergency notice would wait until the quiet hours end (null: it goes at once).
    quietHours: { window: ctx.env.QUIET_HOURS, heldUntil: holdUntil(ctx, input, c.now())?.toISOString() ?? null },
    optOutNote: OPT_OUT_NOTE,
  };
}
