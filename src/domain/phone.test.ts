import { describe, expect, it } from 'vitest';
import { formatPhone, LEGACY_MOBILE_PREFIXES, maskPhone, normalizePhone } from './phone.js';

describe('normalizePhone: accepted spellings', () => {
  it.each([
    '0912 345 678',
    '0912345678',
    '+84912345678',
    '+84 912 345 678',
    '(+84) 912-345-678',
    '84912345678',
    '0084912345678',
    '0084 912 345 678',
    '091.234.5678',
    '091-234-5678',
    '912345678', // leading zero lost in a spreadsheet
    ' \u00A00912 345 678 ',
  ])('%j → +84912345678', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164: '+84912345678', kind: 'mobile' });
  });
});

describe('normalizePhone: mobile prefixes', () => {
  it.each([
    ['0321234567', 'Viettel 032'],
    ['0391234567', 'Viettel 039'],
    ['0861234567', 'Viettel 086'],
    ['0981234567', 'Viettel 098'],
    ['0881234567', 'VinaPhone 088'],
    ['0811234567', 'VinaPhone 081'],
    ['0701234567', 'MobiFone 070'],
    ['0891234567', 'MobiFone 089'],
    ['0931234567', 'MobiFone 093'],
    ['0871234567', 'iTel 087'],
    ['0551234567', 'Reddi 055'],
    ['0521234567', 'Vietnamobile 052'],
    ['0561234567', 'Vietnamobile 056'],
    ['0581234567', 'Vietnamobile 058'],
    ['0921234567', 'Vietnamobile 092'],
    ['0591234567', 'Gmobile 059'],
    ['0991234567', 'Gmobile 099'],
  ])('%s (%s) is mobile', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164: `+84${input.slice(1)}`, kind: 'mobile' });
  });
});

describe('normalizePhone: legacy 11-digit mobiles (2018 conversion)', () => {
  it.each([
    ['01201234567', '+84701234567'],
    ['01211234567', '+84791234567'],
    ['01221234567', '+84771234567'],
    ['01261234567', '+84761234567'],
    ['01281234567', '+84781234567'],
    ['01231234567', '+84831234567'],
    ['01241234567', '+84841234567'],
    ['01251234567', '+84851234567'],
    ['01271234567', '+84811234567'],
    ['01291234567', '+84821234567'],
    ['01621234567', '+84321234567'],
    ['01651234567', '+84351234567'],
    ['01691234567', '+84391234567'],
    ['01861234567', '+84561234567'],
    ['01881234567', '+84581234567'],
    ['01991234567', '+84591234567'],
    ['0162 123 4567', '+84321234567'],
    ['0169.876.5432', '+84398765432'],
    ['+84 120 123 4567', '+84701234567'],
    ['+841691234567', '+84391234567'],
    ['841991234567', '+84591234567'],
    ['00841261234567', '+84761234567'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164, kind: 'mobile' });
  });

  it('covers the whole conversion table', () => {
    expect(Object.keys(LEGACY_MOBILE_PREFIXES)).toHaveLength(21); // 5 + 5 + 8 + 2 + 1
    for (const [old, now] of Object.entries(LEGACY_MOBILE_PREFIXES)) {
      expect(normalizePhone(`0${old}7654321`)).toEqual({ ok: true, e164: `+84${now}7654321`, kind: 'mobile' });
    }
  });
});

describe('normalizePhone: fixed lines', () => {
  it.each([
    ['024 3825 1234', '+842438251234'],
    ['(028) 3829 1234', '+842838291234'],
    ['0236 3812 345', '+842363812345'],
    ['+84 234 3822 123', '+842343822123'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164, kind: 'fixed' });
  });
});

describe('normalizePhone: rejections', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'invalid'],
    ['0912 345 67a', 'invalid'],
    ['-', 'invalid'],
    ['012345', 'invalid'],
    ['091234567', 'invalid'], // 9 digits with the 0
    ['09123456789', 'invalid'], // 11 digits, not a legacy prefix
    ['0801234567', 'invalid'], // 080 is not a mobile block
    ['01301234567', 'invalid'], // 0130 was never a mobile prefix
    ['1900123456', 'invalid'], // premium-rate service number
    ['+84 80 123 4567', 'invalid'],
    ['+84 12345', 'invalid'],
    ['+1 202 555 0123', 'not_vietnamese'],
    ['+33 6 12 34 56 78', 'not_vietnamese'],
    ['0044 7911 123456', 'not_vietnamese'],
    ['+1 000', 'invalid'],
  ])('%j → %s', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });

  it('tolerates null/undefined from loose callers', () => {
    expect(normalizePhone(undefined)).toEqual({ ok: false, reason: 'empty' });
    expect(normalizePhone(null)).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('formatPhone', () => {
  it.each([
    ['+84912345678', 'e164', '+84912345678'],
    ['+84912345678', '84', '84912345678'],
    ['+84912345678', '0', '0912345678'],
    ['+842438251234', '84', '842438251234'],
    ['+842438251234', '0', '02438251234'],
  ] as const)('%s as %s → %s', (e164, style, out) => {
    expect(formatPhone(e164, style)).toBe(out);
  });

  it('round-trips through normalizePhone', () => {
    for (const style of ['e164', '84', '0'] as const) {
      expect(normalizePhone(formatPhone('+84871234567', style))).toMatchObject({ e164: '+84871234567' });
    }
  });

  it.each(['0912345678', '+12025550123', '', '+84'])('throws for %j', (bad) => {
    expect(() => formatPhone(bad, '0')).toThrow(RangeError);
  });
});

describe('maskPhone', () => {
  it.each([
    ['+84912345678', '0912 *** 678'],
    ['+84551234567', '0551 *** 567'],
    ['+842438251234', '0243 *** 234'],
    ['+12025550123', '+120 *** 123'],
    ['', '***'],
    ['+841', '***'],
  ])('%j → %j', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });

  it('never shows the middle digits', () => {
    expect(maskPhone('+84912345678')).not.toContain('345');
  });
});
