/**
 * Rules of the administrative-unit tree (pure): which kind may sit under
 * which, what an SMS code looks like, and the code suggested for a name.
 *
 * Communes may hang directly off a province: since 1 July 2025 Vietnam's local
 * government has two tiers (province → commune/ward) and districts are being
 * dissolved, while older deployments still have province → district → commune.
 */
import { unaccent } from './text.js';

export const UNIT_KINDS = ['province', 'district', 'commune', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The kinds a unit of each kind may have as its parent; `null` = the root of the tree. */
export const PARENT_KINDS: Record<UnitKind, readonly (UnitKind | null)[]> = {
  province: [null],
  district: ['province'],
  commune: ['district', 'province'],
  department: ['district', 'province'],
};

export function parentKindAllowed(kind: UnitKind, parentKind: UnitKind | null): boolean {
  return PARENT_KINDS[kind].includes(parentKind);
}

/** What citizens type after PA / DK: 3–16 letters A–Z and digits. */
export const SMS_CODE_PATTERN = /^[A-Z0-9]{3,16}$/;

export function isSmsCode(code: string): boolean {
  return SMS_CODE_PATTERN.test(code);
}

/** Typed codes are compared in upper case, without surrounding spaces. */
export function normalizeSmsCode(raw: string): string {
  return raw.trim().toUpperCase();
}

const PREFIX = /^(Tỉnh|Thành phố|TP\.?|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu|Phòng|Ban|Sở)\s+/iu;
const SKIP = new Set(['va', 'cua']);

/**
 * The SMS code suggested for a unit's name: the name without its
 * administrative prefix, diacritics and spaces ("Xã Trà Phú" → TRAPHU, "Huyện
 * Trà Bồng" → TRABONG, as the seed's smsCodeFor); when that is longer than 16,
 * the initials ("Phòng Tài nguyên và Môi trường" → TNMT). Null when neither
 * makes a valid code: the administrator must choose one.
 */
export function suggestSmsCode(name: string): string | null {
  const base = unaccent(name.normalize('NFC').trim().replace(PREFIX, ''));
  const whole = base.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (isSmsCode(whole)) return whole;
  const words = base.split(/[^A-Za-z0-9]+/).filter((w) => w !== '' && !SKIP.has(w.toLowerCase()));
  // Words already in capitals are acronyms (HĐND, UBND): keep them whole.
  const initials = words.map((w) => (w === w.toUpperCase() && /[A-Z]/.test(w) ? w : w[0]!)).join('').toUpperCase();
  return isSmsCode(initials) ? initials : null;
}
