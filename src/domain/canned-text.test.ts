import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from './canned-text.js';

const values = { ma_so: '482-910-375', don_vi: 'UBND xã Trà Phú', xa: 'Xã Trà Phú' };

describe('fillPlaceholders', () => {
  it('fills tracking code, unit and commune', () => {
    expect(fillPlaceholders('Phản ánh {ma_so} tại {xa} đã được {don_vi} tiếp nhận.', values))
      .toBe('Phản ánh 482-910-375 tại Xã Trà Phú đã được UBND xã Trà Phú tiếp nhận.');
  });

  it('fills every occurrence and leaves unknown braces alone', () => {
    expect(fillPlaceholders('{ma_so} {ma_so} {ten}', values)).toBe('482-910-375 482-910-375 {ten}');
  });

  it('does not expand placeholders found in the values', () => {
    expect(fillPlaceholders('{xa}', { ...values, xa: '{ma_so}' })).toBe('{ma_so}');
  });
});
