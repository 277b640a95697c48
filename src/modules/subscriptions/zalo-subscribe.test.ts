import { describe, expect, it } from 'vitest';
import { bareUnitCode } from './zalo-subscribe.js';

describe('a Zalo message that is just a unit code', () => {
  it.each([
    ['TRAPHU', 'TRAPHU'], ['Trà Phú', 'TRAPHU'], ['  tra phu! ', 'TRAPHU'], ['Thị trấn Trà Xuân', 'TRAXUAN'], ['Xã Trà Phú', 'TRAPHU'],
  ])('%j → %s', (text, code) => { expect(bareUnitCode(text)).toBe(code); });

  it('a sentence is not a code', () => {
    expect(bareUnitCode('Đường vào thôn 3 bị sạt lở')).toBeNull();
    expect(bareUnitCode('?')).toBeNull();
  });
});
