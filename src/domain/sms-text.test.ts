import { describe, expect, it } from 'vitest';
import {
  GSM7_BASIC_CHARS,
  GSM7_EXTENSION_CHARS,
  renderSmsText,
  smsEncoding,
  smsSegments,
  splitSms,
} from './sms-text.js';

// 64 characters, every letter precomposed (NFC) in the BMP, only GSM punctuation.
const SENTENCE = 'Đường liên xã bị sạt lở nghiêm trọng, đề nghị ủy ban xử lý sớm. ';
const VI_400 = SENTENCE.repeat(7).slice(0, 400);

const stripMarker = (p: string): string => p.replace(/^\(\d+\/\d+\) /, '');
const wordsOf = (s: string): string[] => s.trim().split(/\s+/);

describe('GSM 03.38 tables', () => {
  it('has 127 basic and 10 extension characters', () => {
    expect([...GSM7_BASIC_CHARS]).toHaveLength(127);
    expect(new Set(GSM7_BASIC_CHARS).size).toBe(127);
    expect([...GSM7_EXTENSION_CHARS]).toHaveLength(10);
  });
});

describe('smsEncoding', () => {
  it.each([
    ['Duong bi sat lo', 'GSM-7'],
    ['Café à Paris, 5€ {ok} [x] ~ | ^ \\', 'GSM-7'],
    ['Cafe\u0301', 'GSM-7'], // NFD é becomes NFC é, which is in the basic table
    ['Đường', 'UCS-2'],
    ['â', 'UCS-2'],
    ['ê', 'UCS-2'],
    ['ơ', 'UCS-2'],
    ['ư', 'UCS-2'],
    ['ạ', 'UCS-2'],
    ['ç', 'UCS-2'], // only capital Ç is in GSM 03.38
    ['“quoted”', 'UCS-2'],
    ['ok 😀', 'UCS-2'],
    ['', 'GSM-7'],
  ] as const)('%j → %s', (text, enc) => {
    expect(smsEncoding(text)).toBe(enc);
  });
});

describe('smsSegments', () => {
  const a = (n: number): string => 'a'.repeat(n);
  const dot = (n: number): string => 'ạ'.repeat(n);
  it.each([
    // [label, text, encoding, units, segments, perSegment, remaining]
    ['empty', '', 'GSM-7', 0, 0, 160, 160],
    ['160 GSM', a(160), 'GSM-7', 160, 1, 160, 0],
    ['161 GSM', a(161), 'GSM-7', 161, 2, 153, 145], // 153 + 8
    ['306 GSM', a(306), 'GSM-7', 306, 2, 153, 0],
    ['307 GSM', a(307), 'GSM-7', 307, 3, 153, 152],
    ['€ costs 2', '€', 'GSM-7', 2, 1, 160, 158],
    ['all ext chars', GSM7_EXTENSION_CHARS, 'GSM-7', 20, 1, 160, 140],
    ['80 ^ = 160 septets', '^'.repeat(80), 'GSM-7', 160, 1, 160, 0],
    ['81 ^ = 162 septets', '^'.repeat(81), 'GSM-7', 162, 2, 153, 143], // 76 per part (152) + 5 (10)
    // € at septet 153 of part 1 would be split: it moves, so 306 septets need 3 parts, not 2
    ['ESC pair not split', a(152) + '€' + a(152), 'GSM-7', 306, 3, 153, 152],
    ['70 UCS-2', dot(70), 'UCS-2', 70, 1, 70, 0],
    ['71 UCS-2', dot(71), 'UCS-2', 71, 2, 67, 63],
    ['emoji = 2 units', '😀', 'UCS-2', 2, 1, 70, 68],
    // 1 + 65 + 2 + 66 = 134 = 2 × 67, but the surrogate pair would straddle: 66 | 67 | 1
    ['surrogate pair not split', 'ạ' + a(65) + '😀' + a(66), 'UCS-2', 134, 3, 67, 66],
    ['NFD measured as NFC', 'Vie\u0302\u0323t', 'UCS-2', 4, 1, 70, 66],
  ] as const)('%s', (_label, text, encoding, units, segments, perSegment, remainingInSegment) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments, perSegment, remainingInSegment });
  });

  it('a 400-character Vietnamese reply is UCS-2 and costs 6 segments (ceil(400/67))', () => {
    expect([...VI_400]).toHaveLength(400);
    // 5 × 67 = 335, 65 units left in the 6th part
    expect(smsSegments(VI_400)).toEqual({
      encoding: 'UCS-2', units: 400, segments: 6, perSegment: 67, remainingInSegment: 2,
    });
  });

  it('its unaccented rendering is GSM-7 and costs 3 segments (ceil(400/153))', () => {
    const plain = renderSmsText(VI_400, { unaccented: true });
    expect(plain).toHaveLength(400);
    expect(plain.startsWith('Duong lien xa bi sat lo nghiem trong, de nghi uy ban xu ly som.')).toBe(true);
    // 2 × 153 = 306, 94 septets in the 3rd part
    expect(smsSegments(plain)).toEqual({
      encoding: 'GSM-7', units: 400, segments: 3, perSegment: 153, remainingInSegment: 59,
    });
  });
});

describe('renderSmsText', () => {
  it.each([
    ['Đường bị sạt lở', 'Duong bi sat lo'],
    ['Cảm ơn 🙏 bạn', 'Cam on ban'],
    ['🙏 Cảm ơn', 'Cam on'],
    ['Xong👍', 'Xong'],
    ['Cờ 🇻🇳!', 'Co!'],
    ['Gia đình 👨‍👩‍👧 ổn', 'Gia dinh on'],
    ['“Họp” lúc 7h–8h…', '"Hop" luc 7h-8h...'],
    ['‘a’ — b', "'a' - b"],
    ['Phí 50.000₫', 'Phi 50.000d'],
    ['a\u00A0b\tc\u200Bd', 'a b cd'],
    ['Giá {x} [y] €5', 'Gia {x} [y] €5'],
    ['Trung 中文', 'Trung ??'],
    ['Cafe\u0301 Ça', 'Cafe Ca'],
  ])('%j → %j', (input, expected) => {
    const out = renderSmsText(input, { unaccented: true });
    expect(out).toBe(expected);
    expect(smsEncoding(out)).toBe('GSM-7');
  });

  it('keeps diacritics (NFC) when not unaccented', () => {
    expect(renderSmsText('Vie\u0302\u0323t Nam 🙏', { unaccented: false })).toBe('Việt Nam 🙏');
  });
});

describe('splitSms', () => {
  const nineWords = (n: number): string => Array(n).fill('abcdefghi').join(' ');

  it('returns short text unchanged without a marker, empty text as []', () => {
    expect(splitSms('  Xin chào  ')).toEqual(['Xin chào']);
    expect(splitSms('a'.repeat(160))).toEqual(['a'.repeat(160)]);
    expect(splitSms('   ')).toEqual([]);
  });

  it('packs GSM-7 words exactly: 40 nine-letter words → 15 + 15 + 10', () => {
    // marker "(i/3) " = 6 → 154 septets: 9 + 14 × 10 = 149 fits, 159 does not
    const parts = splitSms(nineWords(40));
    expect(parts).toEqual([`(1/3) ${nineWords(15)}`, `(2/3) ${nineWords(15)}`, `(3/3) ${nineWords(10)}`]);
  });

  it('uses two-digit markers once there are ten or more parts', () => {
    const parts = splitSms(nineWords(200)); // 15 words per part even with "(10/14) " → 14 parts
    expect(parts).toHaveLength(14);
    expect(parts[9]?.startsWith('(10/14) ')).toBe(true);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(160);
    expect(wordsOf(parts.map(stripMarker).join(' '))).toEqual(wordsOf(nineWords(200)));
  });

  it('each part of the 400-char Vietnamese reply fits one UCS-2 SMS and they rejoin to its words', () => {
    const parts = splitSms(VI_400);
    // at most 70 - 6 = 64 units of text per part and only 6 boundary spaces dropped: ≥ ceil(394/64) = 7
    expect(parts.length).toBeGreaterThanOrEqual(7);
    parts.forEach((p, i) => {
      expect(p.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true);
      expect(smsSegments(p).segments).toBe(1);
      expect(p.length).toBeLessThanOrEqual(70);
    });
    expect(wordsOf(parts.map(stripMarker).join(' '))).toEqual(wordsOf(VI_400));
  });

  it('each part of the unaccented reply fits one GSM-7 SMS', () => {
    const plain = renderSmsText(VI_400, { unaccented: true });
    const parts = splitSms(plain);
    expect(parts).toHaveLength(3); // ≥ ceil(398/154) = 3; 3 × 154 leaves ample slack for word breaks
    for (const p of parts) expect(smsSegments(p)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(wordsOf(parts.map(stripMarker).join(' '))).toEqual(wordsOf(plain));
  });

  it('counts extension characters as 2 when packing', () => {
    const parts = splitSms(Array(40).fill('{ab}').join(' ')); // 6 septets per word, 7 with space
    // cap 154: 6 + 7k ≤ 154 → k = 21 → 22 words per part → 22 + 18
    expect(parts.map((p) => wordsOf(stripMarker(p)).length)).toEqual([22, 18]);
    for (const p of parts) expect(smsSegments(p).units).toBeLessThanOrEqual(160);
  });

  it('hard-splits over-long words without breaking surrogate pairs', () => {
    expect(splitSms('a'.repeat(200))).toEqual([`(1/2) ${'a'.repeat(154)}`, `(2/2) ${'a'.repeat(46)}`]);
    const parts = splitSms('😀'.repeat(40)); // 80 units; cap 64 → 32 emoji + 8 emoji
    expect(parts).toEqual([`(1/2) ${'😀'.repeat(32)}`, `(2/2) ${'😀'.repeat(8)}`]);
  });

  it('keeps newlines inside a part', () => {
    const parts = splitSms(`${nineWords(10)}\n\n${nineWords(10)}`);
    expect(parts[0]).toBe(`(1/2) ${nineWords(10)}\n${nineWords(5)}`); // 99 + 5 × 10 = 149
  });

  it('truncates to maxParts with "..."', () => {
    const parts = splitSms(nineWords(200), { maxParts: 3 });
    expect(parts).toHaveLength(3);
    expect(parts[2]).toBe(`(3/3) ${nineWords(15)}...`); // 6 + 149 + 3 = 158 ≤ 160
    // one part: no marker; 15 words + "..." = 152 (a 16th word would need 162)
    expect(splitSms(nineWords(200), { maxParts: 1 })).toEqual([`${nineWords(15)}...`]);
  });

  it('honours a forced encoding', () => {
    expect(splitSms(nineWords(10), { encoding: 'UCS-2' })).toHaveLength(2); // 99 > 70
    expect(() => splitSms('Đường', { encoding: 'GSM-7' })).toThrow(RangeError);
    expect(() => splitSms('x', { maxParts: 0 })).toThrow(RangeError);
  });
});
