/**
 * What a reply will cost on its channel, for the reply box and the reply
 * response. SMS and Zalo use the channels' own `previewOutbound`
 * (src/modules/outbound/preview.ts: SMS rendered "không dấu" per
 * SMS_UNACCENTED and split per SMS_MAX_PARTS, Zalo's 2000-character limit);
 * a reply published only on the web lookup page has no limit.
 */
import type { Env } from '../../config/env.js';
import { nfc } from '../../domain/text.js';
import { previewOutbound, type OutboundPreview } from '../outbound/preview.js';

export type ReplyChannel = 'sms' | 'zalo' | 'web';

export interface WebPreview {
  channel: 'web';
  encoding: null;
  segments: number;
  chars: number;
  limit: null;
  parts: number;
  text: string;
}
export type ReplyPreview = OutboundPreview | WebPreview;

export function previewReply(args: { channel: ReplyChannel; text: string; env: Pick<Env, 'SMS_UNACCENTED' | 'SMS_MAX_PARTS'> }): ReplyPreview {
  if (args.channel === 'web') {
    const text = nfc(args.text).trim();
    const n = text === '' ? 0 : 1;
    return { channel: 'web', encoding: null, segments: n, chars: Array.from(text).length, limit: null, parts: n, text };
  }
  return previewOutbound({ channel: args.channel, text: args.text, unaccented: args.env.SMS_UNACCENTED, maxParts: args.env.SMS_MAX_PARTS });
}
