/**
 * The text a citizen receives for a notice (pure). The sender (the author's
 * unit) comes first so a citizen knows who speaks; a non-emergency notice ends
 * with how to stop. No brackets or other GSM-7 extension characters: they cost
 * two septets and some brandname gateways refuse them (CHANNELS.md §5.2).
 */
import { nfc } from './text.js';

export interface NoticeTextInput {
  title: string;
  text: string;
  senderName: string;
  emergency: boolean;
  channel: 'sms' | 'zalo';
}

export const STOP_HINT = { sms: 'Soạn HUY để ngừng nhận thông báo.', zalo: 'Nhắn HUY để ngừng nhận thông báo.' } as const;

export function composeNoticeText(i: NoticeTextInput): string {
  const head = i.emergency ? `KHẨN CẤP - ${i.senderName}` : i.senderName;
  const lines = [`${head}: ${i.title.trim()}`, i.text.trim()];
  if (!i.emergency) lines.push(STOP_HINT[i.channel]);
  return nfc(lines.join('\n'));
}

/** Cut to `max` characters (code points), ending with "…" when cut (ZNS template parameters have typed maxima). */
export function clip(s: string, max: number): string {
  const chars = [...nfc(s).trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
