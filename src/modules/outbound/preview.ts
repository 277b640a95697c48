/**
 * What a draft will cost before it is sent (issue 3: "the officer sees the cost
 * before sending"). Pure. SMS: the text as the citizen's phone will get it
 * (rendered "không dấu" unless configured otherwise), its encoding, the segments
 * it takes as one message, and the separate SMS we actually send (long answers
 * are split with "(i/N)" markers). Zalo: 2000 characters per message.
 */
import type { AppContext } from '../../context.js';
import { channelsFor } from '../../channels/registry.js';
import { prepareSmsParts } from '../../channels/sms/sms-outbound.js';
import { nfc } from '../../domain/text.js';
import { renderSmsText, SMS_LIMITS, smsSegments, type SmsEncoding } from '../../domain/sms-text.js';

export const ZALO_TEXT_LIMIT = 2000;

export interface OutboundPreview {
  channel: 'sms' | 'zalo';
  encoding: SmsEncoding | 'UTF-8';
  /** Billed segments if sent as one (concatenated) SMS; Zalo: messages. */
  segments: number;
  /** Characters as counted for the limit: GSM-7 septets / UTF-16 units (SMS), code points (Zalo). */
  chars: number;
  /** Capacity of one SMS (160 / 70) or of one Zalo message. */
  limit: number;
  /** Messages that will actually be sent. */
  parts: number;
  /** The text as it will arrive (SMS: rendered). */
  text: string;
}

export interface PreviewInput {
  channel: 'sms' | 'zalo';
  text: string;
  /** SMS provider name (informational; rendering follows `unaccented`). */
  provider?: string;
  /** SMS only: send without diacritics (default true, SMS_UNACCENTED). */
  unaccented?: boolean;
  maxParts?: number;
}

export function previewOutbound(input: PreviewInput): OutboundPreview {
  if (input.channel === 'zalo') {
    const text = nfc(input.text).trim();
    const chars = [...text].length;
    const parts = chars === 0 ? 0 : Math.ceil(chars / ZALO_TEXT_LIMIT);
    return { channel: 'zalo', encoding: 'UTF-8', segments: parts, chars, limit: ZALO_TEXT_LIMIT, parts, text };
  }
  const unaccented = input.unaccented ?? true;
  const text = renderSmsText(input.text, { unaccented }).trim();
  const seg = smsSegments(text);
  const parts = prepareSmsParts(input.text, { unaccented, maxParts: input.maxParts ?? 8 }).length;
  return { channel: 'sms', encoding: seg.encoding, segments: seg.segments, chars: seg.units, limit: SMS_LIMITS[seg.encoding].single, parts, text };
}

/** The same, with this deployment's SMS settings (for the reply endpoint). */
export function previewForContext(ctx: AppContext, input: Pick<PreviewInput, 'channel' | 'text'>): OutboundPreview {
  const c = channelsFor(ctx);
  return previewOutbound({ ...input, provider: c.smsProvider, unaccented: c.smsText.unaccented, maxParts: c.smsText.maxParts });
}
