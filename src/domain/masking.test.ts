import { describe, expect, it } from 'vitest';
import { maskName } from './masking.js';

describe('maskName', () => {
  it.each([
    ['Nguyễn Văn Bình', 'N*** V*** B***'],
    ['  Đặng   Thị  Ánh ', 'Đ*** T*** Á***'],
    ['Bình', 'B***'],
    ['Nguye\u0302\u0303n A', 'N*** A***'],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('gives null for no name', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName('   ')).toBeNull();
  });
});
