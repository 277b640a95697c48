/**
 * Which channel carries a notice to one citizen (pure; issue 6):
 *
 *   1. a Zalo consultation message, if the citizen wrote to (or followed) the OA
 *      in the last 7 days and has not unfollowed it — Zalo refuses consultation
 *      messages after 7 days (error -230, CHANNELS.md §2.4);
 *   2. otherwise a ZNS template to their phone, when a template is configured
 *      (ZNS reaches a phone number without any prior interaction, §3);
 *   3. otherwise an SMS to their phone.
 *
 * The notice's channels restrict the choice: 'zalo' allows 1 and 2, 'sms' allows 3.
 */
export const ZALO_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface ChannelFacts {
  channels: readonly string[];
  /** The citizen's Zalo identity, if any. */
  zalo: { lastInboundAt: Date | null; followed: boolean | null } | null;
  /** E.164 phone, if known. */
  phone: string | null;
  zaloConfigured: boolean;
  znsConfigured: boolean;
  now: Date;
}

export type ChannelChoice = { channel: 'zalo' | 'zns' | 'sms' } | { skip: 'no_channel' };

export function zaloWindowOpen(zalo: ChannelFacts['zalo'], now: Date): boolean {
  if (!zalo || zalo.followed === false || !zalo.lastInboundAt) return false;
  return now.getTime() - zalo.lastInboundAt.getTime() < ZALO_WINDOW_MS;
}

export function chooseNoticeChannel(f: ChannelFacts): ChannelChoice {
  const zaloAllowed = f.channels.includes('zalo');
  if (zaloAllowed && f.zaloConfigured && zaloWindowOpen(f.zalo, f.now)) return { channel: 'zalo' };
  if (zaloAllowed && f.znsConfigured && f.phone) return { channel: 'zns' };
  if (f.channels.includes('sms') && f.phone) return { channel: 'sms' };
  return { skip: 'no_channel' };
}
