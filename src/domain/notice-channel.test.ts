import { describe, expect, it } from 'vitest';
import { chooseNoticeChannel, type ChannelFacts } from './notice-channel.js';

const now = new Date('2026-03-10T03:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const base: ChannelFacts = { channels: ['sms', 'zalo'], zalo: null, phone: '+84912345678', zaloConfigured: true, znsConfigured: true, now };

describe('notice channel per citizen', () => {
  it.each([
    ['Zalo inside the 7-day window', { zalo: { lastInboundAt: daysAgo(2), followed: true } }, 'zalo'],
    ['Zalo window closed → ZNS to the phone', { zalo: { lastInboundAt: daysAgo(8), followed: true } }, 'zns'],
    ['unfollowed the OA → not Zalo', { zalo: { lastInboundAt: daysAgo(1), followed: false } }, 'zns'],
    ['follow state unknown counts as following', { zalo: { lastInboundAt: daysAgo(1), followed: null } }, 'zalo'],
    ['no ZNS template → SMS', { znsConfigured: false }, 'sms'],
    ['Zalo OA not configured, window open → ZNS', { zaloConfigured: false, zalo: { lastInboundAt: daysAgo(1), followed: true } }, 'zns'],
    ['SMS-only notice ignores Zalo', { channels: ['sms'], zalo: { lastInboundAt: daysAgo(1), followed: true } }, 'sms'],
  ] as const)('%s', (_name, over, expected) => {
    expect(chooseNoticeChannel({ ...base, ...over })).toEqual({ channel: expected });
  });

  it('no phone and no open Zalo window: nothing can reach the citizen', () => {
    expect(chooseNoticeChannel({ ...base, phone: null, zalo: { lastInboundAt: daysAgo(30), followed: true } })).toEqual({ skip: 'no_channel' });
  });

  it('a Zalo-only notice never falls to SMS', () => {
    expect(chooseNoticeChannel({ ...base, channels: ['zalo'], znsConfigured: false })).toEqual({ skip: 'no_channel' });
  });
});
