import { describe, expect, it } from 'vitest';
import { isSmsCode, normalizeSmsCode, parentKindAllowed, suggestSmsCode } from './unit-rules.js';

describe('unit tree rules', () => {
  it.each([
    ['province', null, true], ['province', 'province', false],
    ['district', 'province', true], ['district', null, false], ['district', 'district', false],
    ['commune', 'district', true], ['commune', 'province', true], ['commune', 'commune', false], ['commune', 'department', false],
    ['department', 'district', true], ['department', 'province', true], ['department', 'commune', false], ['department', null, false],
  ] as const)('a %s under a %s is allowed: %s', (kind, parent, ok) => {
    expect(parentKindAllowed(kind, parent)).toBe(ok);
  });

  it.each([
    ['TRAPHU', true], ['TB1', true], ['ABCDEFGHIJKLMNOP', true],
    ['AB', false], ['ABCDEFGHIJKLMNOPQ', false], ['TRA PHU', false], ['traphu', false], ['TRÀPHÚ', false], ['TRA-PHU', false], ['', false],
  ])('%s is an SMS code: %s', (code, ok) => {
    expect(isSmsCode(code)).toBe(ok);
  });

  it('normalises a typed code to upper case without spaces around it', () => {
    expect(normalizeSmsCode('  traphu ')).toBe('TRAPHU');
  });

  it.each([
    ['Xã Trà Phú', 'TRAPHU'], ['Thị trấn Trà Xuân', 'TRAXUAN'], ['Xã Hương Trà', 'HUONGTRA'], ['Huyện Trà Bồng', 'TRABONG'],
    ['Tỉnh Quảng Ngãi', 'QUANGNGAI'], ['Phường Đông Hải', 'DONGHAI'], ['Phòng Tài nguyên và Môi trường', 'TNMT'],
    ['Phòng Văn hóa và Thông tin', 'VANHOAVATHONGTIN'], ['Phòng Lao động – Thương binh và Xã hội', 'LDTBXH'],
    ['Văn phòng HĐND và UBND huyện', 'VPHDNDUBNDH'], ['Xã A', null],
  ])('suggests %s → %s', (name, code) => {
    expect(suggestSmsCode(name)).toBe(code);
  });
});
