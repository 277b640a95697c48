/**
 * SMS text measurement, "không dấu" rendering and splitting (CHANNELS.md §5.1–5.2). Pure.
 *
 * - GSM-7 (GSM 03.38 basic table + extension table): 160 septets single, 153 per part.
 *   Extension characters (form feed, ^ { } \ [ ~ ] | €) cost 2 septets (ESC + char) and the pair
 *   is never split across parts.
 * - UCS-2 (really UTF-16 on the wire): 70 units single, 67 per part. Astral characters (emoji)
 *   cost 2 units and their surrogate pair is never split across parts.
 * - Everything is measured after NFC normalisation (NFD Vietnamese would count double).
 */
import { nfc, unaccent } from './text.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Single-message and per-part (concatenated, 6-byte UDH) capacities, in septets / UTF-16 units. */
export const SMS_LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multi: number }>;

/** GSM 03.38 basic character set (127 characters; 0x1B ESC is not a character). */
export const GSM7_BASIC_CHARS =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table (each costs ESC + char = 2 septets). */
export const GSM7_EXTENSION_CHARS = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC_CHARS);
const EXTENSION = new Set(GSM7_EXTENSION_CHARS);

/** True when the single code point `ch` can be sent in GSM-7 (basic or extension table). */
export function isGsm7Char(ch: string): boolean {
  return BASIC.has(ch) || EXTENSION.has(ch);
}

/** Cost of one code point in the given encoding. */
function charUnits(ch: string, encoding: SmsEncoding): number {
  if (encoding === 'GSM-7') return EXTENSION.has(ch) ? 2 : 1;
  return ch.length; // 1 for BMP, 2 for a surrogate pair
}

/** Total cost of an (already NFC) string in the given encoding. */
function unitsOf(text: string, encoding: SmsEncoding): number {
  let n = 0;
  for (const ch of text) n += charUnits(ch, encoding);
  return n;
}

/** 'GSM-7' when every character (after NFC) is in the GSM 03.38 tables, otherwise 'UCS-2'. */
export function smsEncoding(text: string): SmsEncoding {
  for (const ch of nfc(text)) if (!isGsm7Char(ch)) return 'UCS-2';
  return 'GSM-7';
}

export interface SmsSegmentInfo {
  encoding: SmsEncoding;
  /** Septets (GSM-7, extension chars count 2) or UTF-16 code units (UCS-2). */
  units: number;
  /** Segments billed when sent as ONE (possibly concatenated) message; 0 for empty text. */
  segments: number;
  /** Capacity of each segment: 160/70 for a single segment, 153/67 once concatenated. */
  perSegment: number;
  /** Units still free in the last segment before another segment is needed. */
  remainingInSegment: number;
}

/**
 * Measures what `text` costs as one message. Multi-part messages are packed greedily, so an
 * extension character or a surrogate pair that would straddle a boundary moves to the next part
 * (this is why the count can exceed ceil(units / 153)).
 */
export function smsSegments(text: string): SmsSegmentInfo {
  const t = nfc(text);
  const encoding = smsEncoding(t);
  const { single, multi } = SMS_LIMITS[encoding];
  const units = unitsOf(t, encoding);
  if (units <= single) {
    return { encoding, units, segments: units === 0 ? 0 : 1, perSegment: single, remainingInSegment: single - units };
  }
  let segments = 1;
  let used = 0;
  for (const ch of t) {
    const u = charUnits(ch, encoding);
    if (used + u > multi) {
      segments++;
      used = 0;
    }
    used += u;
  }
  return { encoding, units, segments, perSegment: multi, remainingInSegment: multi - used };
}

/** Punctuation that has a sensible GSM-7 stand-in. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '`': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-', '\u00B7': '-', '\u20AB': 'd', '\u00D7': 'x', '\t': ' ',
  '\u00A9': '(c)', '\u00AE': '(R)', '\u2122': 'TM',
};
const UNICODE_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const INVISIBLES = /[\u200B\u2060\uFEFF\u00AD]/g;
/** Emoji, with the joiners/selectors/modifiers/flags/tags that build emoji sequences. */
const EMOJI_RUN =
  /( ?)(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\u200D\uFE0E\uFE0F\u20E3]|[\u{E0020}-\u{E007F}])+( ?)/gu;

/**
 * Text as it should go out over SMS. Always NFC. With `unaccented`, Vietnamese diacritics are
 * removed (`unaccent`), typographic punctuation is replaced (curly quotes → straight, dashes →
 * '-', '…' → '...', '₫' → 'd'), emoji are dropped, stray combining marks removed and any other
 * non-GSM character becomes '?', so the result is always pure GSM-7.
 */
export function renderSmsText(text: string, options: { unaccented: boolean }): string {
  const t = nfc(text);
  if (!options.unaccented) return t;
  let s = unaccent(t).replace(UNICODE_SPACES, ' ').replace(INVISIBLES, '');
  s = Array.from(s, (ch) => REPLACEMENTS[ch] ?? ch).join('');
  s = s.replace(EMOJI_RUN, (_m, before: string, after: string) => (before && after ? ' ' : ''));
  s = s.replace(/\p{M}/gu, '');
  return Array.from(s, (ch) => (isGsm7Char(ch) ? ch : '?')).join('');
}

export interface SplitSmsOptions {
  /** Maximum number of messages; the last kept one is cut at a word and ends with "...". */
  maxParts?: number;
  /** Encoding to size parts for; 'auto' (default) detects it from the whole text. */
  encoding?: 'auto' | SmsEncoding;
}

interface Token {
  sep: string;
  word: string;
}

const digitsOf = (n: number): number => String(n).length;
/** Length of "(i/N) " when N has `totalDigits` digits. */
const markerLength = (i: number, totalDigits: number): number => 4 + digitsOf(i) + totalDigits;

/** Greedy word packing; `capOf(k)` is the capacity of the k-th part (1-based). */
function pack(tokens: Token[], capOf: (k: number) => number, enc: SmsEncoding): string[] {
  const parts: string[] = [];
  let cur = '';
  let used = 0;
  const flush = (): void => {
    parts.push(cur);
    cur = '';
    used = 0;
  };
  for (const { sep, word } of tokens) {
    const w = unitsOf(word, enc);
    if (cur !== '') {
      const s = unitsOf(sep, enc);
      if (used + s + w <= capOf(parts.length + 1)) {
        cur += sep + word;
        used += s + w;
        continue;
      }
      flush();
    }
    if (w <= capOf(parts.length + 1)) {
      cur = word;
      used = w;
      continue;
    }
    for (const ch of word) {
      // hard split of an over-long word, never inside a surrogate pair or ESC sequence
      const u = charUnits(ch, enc);
      if (used + u > capOf(parts.length + 1)) flush();
      cur += ch;
      used += u;
    }
  }
  if (cur !== '') parts.push(cur);
  return parts;
}

/** Cuts `text` (preferably at a word boundary) so that `text + "..."` fits `cap` units. */
function ellipsize(text: string, cap: number, enc: SmsEncoding): string {
  if (unitsOf(text, enc) + 3 <= cap) return `${text}...`;
  let prefix = '';
  let used = 0;
  let next = '';
  for (const ch of text) {
    const u = charUnits(ch, enc);
    if (used + u > cap - 3) {
      next = ch;
      break;
    }
    prefix += ch;
    used += u;
  }
  const lastSpace = prefix.search(/\s\S*$/);
  if (!/\s/.test(next) && lastSpace > 0) prefix = prefix.slice(0, lastSpace);
  return `${prefix.trimEnd()}...`;
}

/**
 * Splits a long answer into separately sent SMS, each fitting ONE single-segment SMS of its
 * encoding (160 GSM-7 / 70 UCS-2) including a "(i/N) " prefix. Splits at whitespace (runs of
 * whitespace become one space, or one newline if they contained one); words longer than a part
 * are hard-split. Text that already fits one SMS is returned unchanged with no marker; empty
 * text gives []. With `maxParts`, extra parts are dropped and the last kept part ends in "...".
 * Forcing 'GSM-7' on text that is not GSM-7 throws: run `renderSmsText(..., {unaccented:true})`.
 */
export function splitSms(text: string, options: SplitSmsOptions = {}): string[] {
  const t = nfc(text).trim();
  if (t === '') return [];
  const detected = smsEncoding(t);
  const enc = options.encoding === undefined || options.encoding === 'auto' ? detected : options.encoding;
  if (enc === 'GSM-7' && detected !== 'GSM-7') {
    throw new RangeError('splitSms: text is not GSM-7; render it unaccented first');
  }
  const maxParts = options.maxParts ?? Number.POSITIVE_INFINITY;
  if (!(maxParts >= 1) || (Number.isFinite(maxParts) && !Number.isInteger(maxParts))) {
    throw new RangeError('splitSms: maxParts must be a positive integer');
  }
  const single = SMS_LIMITS[enc].single;
  if (unitsOf(t, enc) <= single) return [t];
  if (maxParts === 1) return [ellipsize(t, single, enc)];

  const pieces = t.split(/(\s+)/);
  const tokens: Token[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const sep = i === 0 ? '' : /\n/.test(pieces[i - 1] ?? '') ? '\n' : ' ';
    tokens.push({ sep, word: pieces[i] ?? '' });
  }
  const packFor = (totalDigits: number): string[] =>
    pack(tokens, (k) => single - markerLength(k, totalDigits), enc);

  let totalDigits = 1;
  let parts = packFor(totalDigits);
  while (parts.length >= 10 ** totalDigits) parts = packFor(++totalDigits);
  if (parts.length > maxParts) {
    totalDigits = digitsOf(maxParts);
    parts = packFor(totalDigits);
    if (parts.length > maxParts) {
      parts = parts.slice(0, maxParts);
      const cap = single - markerLength(maxParts, totalDigits);
      parts[maxParts - 1] = ellipsize(parts[maxParts - 1] ?? '', cap, enc);
    }
  }
  const n = parts.length;
  return parts.map((p, i) => `(${i + 1}/${n}) ${p}`);
}
