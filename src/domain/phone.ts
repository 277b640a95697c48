/**
 * Vietnamese phone numbers (CHANNELS.md §5.3). Pure. We store E.164 (`+84…`) and render per
 * provider: ZNS / eSMS want `84…`, some gateways want `0…`.
 *
 * Validation uses libphonenumber-js with the 'max' metadata (the 'min' metadata only checks
 * lengths, the 'mobile' one cannot tell fixed lines). Its metadata (1.13.x) only knows some
 * sub-ranges of the newer blocks — e.g. 052 only as 0522/0523/0528, 055 only as 0559 — so a
 * 9-digit number whose two-digit prefix is in the carriers' mobile prefix table below is also
 * accepted as mobile (we would rather accept a citizen's real number than reject it).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneKind = 'mobile' | 'fixed';
export type NormalizedPhone =
  | { ok: true; e164: string; kind: PhoneKind }
  | { ok: false; reason: 'empty' | 'invalid' | 'not_vietnamese' };
export type PhoneStyle = 'e164' | '84' | '0';

/**
 * 2018–2019 conversion of 11-digit mobile numbers: old national prefix (without the leading 0)
 * → new prefix (without the leading 0); the last 7 digits are kept.
 */
export const LEGACY_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  // MobiFone
  '120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
  // VinaPhone
  '123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
  // Viettel
  '162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
  // Vietnamobile, Gmobile
  '186': '56', '188': '58', '199': '59',
};

/**
 * Mobile prefixes in use (national, without 0): Viettel 03[2-9] 086 09[678]; VinaPhone 08[1-58]
 * 09[14]; MobiFone 07[06-9] 089 09[03]; Vietnamobile 052 056 058 092; Gmobile 059 099; iTel 087;
 * Reddi 055. Kept as data; prefix ≠ carrier under number portability, so never route on it.
 */
const MOBILE_PREFIX_FALLBACK = /^(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

const SEPARATORS = /[\s.\-()/\u00A0]/g;

/** National significant number (no leading 0) from the digits of a +84 / 84 / 0 / bare number. */
function vietnameseNsn(digits: string): string {
  if (digits.startsWith('0')) return digits.slice(1);
  // 84 + 9 digits (mobile) or 84 + 10 digits (fixed line, or legacy 11-digit mobile)
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) return digits.slice(2);
  return digits; // leading zero lost (e.g. spreadsheet import): "912345678"
}

/** Rewrites a legacy 10-digit NSN "1xx" + 7 digits to its 2018 replacement; others unchanged. */
function convertLegacy(nsn: string): string {
  if (!/^1\d{9}$/.test(nsn)) return nsn;
  const next = LEGACY_MOBILE_PREFIXES[nsn.slice(0, 3)];
  return next === undefined ? nsn : next + nsn.slice(3);
}

/**
 * Parses a citizen-supplied phone number: "0912 345 678", "091.234.5678", "+84912345678",
 * "84912345678", "0084912345678", "912345678", and legacy 11-digit mobiles ("0120 123 4567",
 * "+84 120 123 4567") converted per the 2018 table. Only mobile and fixed-line numbers are
 * accepted; 1800/1900 service numbers are 'invalid'. A valid foreign number is 'not_vietnamese'.
 */
export function normalizePhone(input: string | null | undefined): NormalizedPhone {
  const trimmed = (input ?? '').trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const compact = trimmed.replace(SEPARATORS, '');
  const m = /^(\+?)(\d+)$/.exec(compact);
  if (!m) return { ok: false, reason: 'invalid' };
  const plus = m[1] === '+';
  const digits = m[2] ?? '';

  let nsn: string;
  if (plus || (digits.startsWith('00') && !digits.startsWith('0084'))) {
    const international = plus ? digits : digits.slice(2);
    if (!international.startsWith('84')) {
      const foreign = parsePhoneNumberFromString(`+${international}`);
      return { ok: false, reason: foreign?.isValid() ? 'not_vietnamese' : 'invalid' };
    }
    nsn = international.slice(2);
  } else if (digits.startsWith('0084')) {
    nsn = digits.slice(4);
  } else {
    nsn = vietnameseNsn(digits);
  }
  nsn = convertLegacy(nsn);

  const parsed = parsePhoneNumberFromString(`+84${nsn}`);
  if (parsed?.isValid() && parsed.country === 'VN') {
    const type = parsed.getType();
    if (type === 'MOBILE') return { ok: true, e164: parsed.number, kind: 'mobile' };
    if (type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE') {
      return { ok: true, e164: parsed.number, kind: 'fixed' };
    }
  }
  if (MOBILE_PREFIX_FALLBACK.test(nsn)) return { ok: true, e164: `+84${nsn}`, kind: 'mobile' };
  return { ok: false, reason: 'invalid' };
}

const VN_E164 = /^\+84(\d{8,10})$/;

/**
 * Renders a stored Vietnamese E.164 number: 'e164' → "+84912345678", '84' → "84912345678"
 * (ZNS, eSMS), '0' → "0912345678". Throws RangeError for anything that is not +84 E.164.
 */
export function formatPhone(e164: string, style: PhoneStyle): string {
  const m = VN_E164.exec(e164);
  if (!m) throw new RangeError(`formatPhone: not a Vietnamese E.164 number: ${JSON.stringify(e164)}`);
  const nsn = m[1] ?? '';
  switch (style) {
    case 'e164':
      return `+84${nsn}`;
    case '84':
      return `84${nsn}`;
    case '0':
      return `0${nsn}`;
  }
}

/**
 * "0912 *** 678" for officers without the right to see the number: national form, first four
 * and last three digits. Never throws; unknown shapes keep at most 4 + 3 characters.
 */
export function maskPhone(e164: string): string {
  const m = VN_E164.exec(e164);
  const shown = m ? `0${m[1] ?? ''}` : e164.replace(/\s+/g, '');
  if (shown.length < 8) return '***';
  return `${shown.slice(0, 4)} *** ${shown.slice(-3)}`;
}
