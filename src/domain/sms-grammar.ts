/**
 * Inbound SMS grammar (pure). Keywords are case- and diacritic-insensitive ("pa", "Hủy", "HUỶ"),
 * may be followed by spaces or punctuation (".", ",", ":" …), and leading/trailing spaces and
 * punctuation around the whole message are ignored.
 *
 *   PA <SMS code> <text>   → new_report   (text keeps the citizen's original diacritics)
 *   TC <tracking code>     → status       (9 digits; spaces, dashes, dots, '#' tolerated)
 *   DK <SMS code>          → subscribe
 *   HUY [DK] [<SMS code>]  → unsubscribe  (a longer sentence starting with "Hủy …" is free text)
 *   1 … 5                  → rating
 *   anything else          → free_text
 *
 * Unit codes are folded (no diacritics) and upper-cased: "Trà Phú" is not one code, "traphu" is
 * TRAPHU. NOTE: after PA, the first word is ALWAYS taken as the unit code, even when it is not a
 * real one ("PA Đường bị sạt lở" → unitCode "DUONG", text "bị sạt lở"). The grammar cannot know
 * the valid codes: the caller must look the code up and, if unknown, reply with an error such as
 * `syntaxError('PA')` hints or the unit list. Likewise "DK <word>" yields whatever word was sent.
 * Hints are unaccented GSM-7 and ≤ 160 characters, because they are sent back by SMS.
 */
import { fold, nfc } from './text.js';

export type SmsCommand = 'PA' | 'TC' | 'DK';

export type ParsedSms =
  | { kind: 'new_report'; unitCode: string; text: string }
  | { kind: 'status'; code: string }
  | { kind: 'subscribe'; unitCode: string }
  | { kind: 'unsubscribe'; unitCode?: string }
  | { kind: 'rating'; score: 1 | 2 | 3 | 4 | 5 }
  | { kind: 'free_text'; text: string }
  | { kind: 'syntax_error'; command: SmsCommand; hint_vi: string; hint_en: string };

export type SmsSyntaxError = Extract<ParsedSms, { kind: 'syntax_error' }>;

/** Reply to a "help"/unknown request; unaccented, one GSM-7 SMS. */
export const SMS_HELP_TEXT =
  'Cau Noi: PA <ma xa> <noi dung> de gui phan anh; TC <ma 9 so> xem tien do; ' +
  'DK <ma xa> nhan tin; HUY ngung nhan tin; 1-5 danh gia.';

/** Reply hints per malformed command (vi without diacritics, en), each ≤ 160 GSM-7 chars. */
export const SMS_SYNTAX_HINTS = {
  PA: {
    hint_vi: 'Sai cu phap. Soan: PA <ma xa> <noi dung>, vi du: PA TRAPHU Duong bi sat lo',
    hint_en: 'Wrong format. Send: PA <commune code> <message>, e.g. PA TRAPHU Road landslide',
  },
  PA_NO_TEXT: {
    hint_vi: 'Thieu noi dung phan anh. Soan: PA <ma xa> <noi dung>, vi du: PA TRAPHU Duong bi sat lo',
    hint_en: 'Message text missing. Send: PA <commune code> <message>, e.g. PA TRAPHU Road landslide',
  },
  TC: {
    hint_vi: 'Sai cu phap. Soan: TC <ma theo doi 9 chu so>, vi du: TC 123456789',
    hint_en: 'Wrong format. Send: TC <9-digit tracking code>, e.g. TC 123456789',
  },
  DK: {
    hint_vi: 'Sai cu phap. Soan: DK <ma xa> de nhan tin, vi du: DK TRAPHU. Huy: soan HUY',
    hint_en: 'Wrong format. Send: DK <commune code> to subscribe, e.g. DK TRAPHU. Stop: send HUY',
  },
} as const;

function syntaxError(command: SmsCommand, variant: keyof typeof SMS_SYNTAX_HINTS = command): SmsSyntaxError {
  const { hint_vi, hint_en } = SMS_SYNTAX_HINTS[variant];
  return { kind: 'syntax_error', command, hint_vi, hint_en };
}

/** Spaces, punctuation and symbols (incl. emoji) tolerated around the message. */
const LEADING_JUNK = /^[\s\p{P}\p{S}]+/u;
const TRAILING_JUNK = /[\s\p{P}\p{S}]+$/u;
/** First word made of letters (keywords) and what follows it. */
const KEYWORD = /^([\p{L}\p{M}]+)(.*)$/su;
/** Separator allowed after a keyword or a unit code. */
const SEPARATOR = /^[\s\p{P}]+/u;
/** A unit-code token (letters/digits) and the rest. */
const CODE_TOKEN = /^([\p{L}\p{M}\p{N}]+)(.*)$/su;

/** Folds a code token to A–Z/0–9: "Trà_Phú" → "TRAPHU". */
function toUnitCode(token: string): string {
  return fold(token).toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Splits "<code><sep><rest>" (rest untrimmed); null when no code token comes first. */
function takeCode(rest: string): { code: string; rest: string } | null {
  const m = CODE_TOKEN.exec(rest);
  if (!m) return null;
  const code = toUnitCode(m[1] ?? '');
  if (code === '') return null;
  const tail = m[2] ?? '';
  if (tail !== '' && !SEPARATOR.test(tail)) return null; // e.g. "TRAPHU@x"
  return { code, rest: tail.replace(SEPARATOR, '') };
}

/** Whitespace-separated words of `s` with surrounding punctuation removed. */
function words(s: string): string[] {
  return s
    .split(/\s+/)
    .map((w) => w.replace(LEADING_JUNK, '').replace(TRAILING_JUNK, ''))
    .filter((w) => w !== '');
}

/** Parses one inbound SMS body. Never throws. */
export function parseSms(body: string): ParsedSms {
  const whole = nfc(body ?? '');
  const free: ParsedSms = { kind: 'free_text', text: whole.trim() };
  const original = whole.replace(LEADING_JUNK, '');
  const trimmed = original.replace(TRAILING_JUNK, '');
  if (trimmed === '') return free;

  if (/^[1-5]$/.test(trimmed)) return { kind: 'rating', score: Number(trimmed) as 1 | 2 | 3 | 4 | 5 };

  const km = KEYWORD.exec(trimmed);
  if (!km) return free;
  const keyword = fold(km[1] ?? '');
  const after = km[2] ?? '';
  const glued = after !== '' && !SEPARATOR.test(after);
  if (glued && !(keyword === 'tc' && /^\d/.test(after))) return free; // "PATRAPHU", "Dkhoan…"
  const args = after.replace(SEPARATOR, '');

  switch (keyword) {
    case 'pa': {
      // Work on the untrimmed original so the report keeps trailing "!" or emoji.
      const origAfter = original.slice(km[1]?.length ?? 0).replace(SEPARATOR, '');
      const taken = takeCode(origAfter);
      if (!taken) return syntaxError('PA');
      const text = taken.rest.trim();
      if (text.replace(TRAILING_JUNK, '') === '') return syntaxError('PA', 'PA_NO_TEXT');
      return { kind: 'new_report', unitCode: taken.code, text };
    }
    case 'tc': {
      const digits = args.replace(/[\s.\-#]/g, '');
      return /^\d{9}$/.test(digits) ? { kind: 'status', code: digits } : syntaxError('TC');
    }
    case 'dk': {
      const w = words(args);
      const code = w.length === 1 ? toUnitCode(w[0] ?? '') : '';
      return /^[A-Z0-9]{2,}$/.test(code) ? { kind: 'subscribe', unitCode: code } : syntaxError('DK');
    }
    case 'huy': {
      const w = words(args);
      if (w.length > 0 && fold(w[0] ?? '') === 'dk') w.shift(); // "HUY DK [code]"
      if (w.length === 0) return { kind: 'unsubscribe' };
      if (w.length === 1) {
        const code = toUnitCode(w[0] ?? '');
        if (/^[A-Z0-9]{2,}$/.test(code)) return { kind: 'unsubscribe', unitCode: code };
      }
      return free; // "Hủy bỏ quyết định …" is a message, not a command
    }
    default:
      return free;
  }
}
