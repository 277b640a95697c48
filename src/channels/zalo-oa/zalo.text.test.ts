import { describe, expect, it } from 'vitest';
import { splitZaloText, ZALO_TEXT_LIMIT } from './zalo.text.js';

describe('splitting Zalo text', () => {
  it('keeps a short answer as one NFC message', () => {
    const decomposed = 'Xa\u0303 đã tiếp nhận'; // "Xã" written with a combining tilde
    expect(splitZaloText(decomposed)).toEqual(['Xã đã tiếp nhận']);
  });

  it('splits a long answer at spaces into parts of at most 2000 characters, losing no word', () => {
    const words = Array.from({ length: 700 }, (_, i) => `từ${i}`);
    const parts = splitZaloText(words.join(' '));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    expect(parts.join(' ').split(' ')).toEqual(words);
  });

  it('prefers a paragraph break inside the window', () => {
    const a = 'a'.repeat(1500);
    const b = 'b '.repeat(600).trim();
    const parts = splitZaloText(`${a}\n\n${b}`);
    expect(parts[0]).toBe(a);
  });

  it('cuts a word longer than a part without splitting a surrogate pair', () => {
    const text = `${'x'.repeat(1999)}😀${'y'.repeat(10)}`;
    const parts = splitZaloText(text);
    expect(parts[0]).toBe('x'.repeat(1999));
    expect(parts[1]?.startsWith('😀')).toBe(true);
  });

  it('returns nothing for blank text', () => {
    expect(splitZaloText('   ')).toEqual([]);
  });
});
