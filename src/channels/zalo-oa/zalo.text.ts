/**
 * Zalo CS text limit: 2000 characters (CHANNELS.md §2.2), counted on NFC text.
 * We count UTF-16 code units, which is never less than the character count, so
 * a part that fits here fits Zalo whichever way it counts. Longer answers are
 * split at a paragraph break, else a line break, else a space, and sent as
 * several messages; a word longer than a part is cut (never inside a surrogate pair).
 */
import { nfc } from '../../domain/text.js';

export const ZALO_TEXT_LIMIT = 2000;

export function splitZaloText(text: string, limit: number = ZALO_TEXT_LIMIT): string[] {
  let rest = nfc(text).trim();
  const parts: string[] = [];
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** Where to cut `s` so the head fits `limit`: the best break in the window, never mid-pair. */
function cutPoint(s: string, limit: number): number {
  const window = s.slice(0, limit + 1);
  const minUseful = Math.floor(limit / 2);
  for (const sep of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= minUseful) return at + sep.length;
  }
  const hi = s.charCodeAt(limit - 1);
  return hi >= 0xd800 && hi <= 0xdbff ? limit - 1 : limit;
}
