import { describe, expect, it } from 'vitest';
import { parseConsentDate, parseImport } from './import.parse.js';

const now = new Date('2026-03-10T03:00:00Z');

describe('subscriber list parsing', () => {
  it('reads rows with phone, consent date and method; dates are Vietnam midnight', () => {
    const r = parseImport('SĐT;Ngày đồng ý;Hình thức đồng ý\n0912 345 678;01/03/2026;Phiếu đăng ký giấy\n+84987654321;2026-03-02;Họp dân thôn 3', now);
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 2, phone: '+84912345678', consentAt: new Date('2026-02-28T17:00:00Z'), consentMethod: 'Phiếu đăng ký giấy' },
        { line: 3, phone: '+84987654321', consentAt: new Date('2026-03-01T17:00:00Z'), consentMethod: 'Họp dân thôn 3' },
      ],
    });
  });

  it('rejects the file when any row lacks consent, naming each line and field', () => {
    const r = parseImport('phone,consent_at,consent_method\n0912345678,2026-03-01,form\n0912000111,,form\n0912000222,2026-03-01,\n12345,2026-03-01,form', now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([[3, 'consent_at'], [4, 'consent_method'], [5, 'phone']]);
    expect(r.errors[0]!.message.vi).toContain('Thiếu ngày đồng ý');
  });

  it('a file without the consent columns is refused as a whole', () => {
    const r = parseImport('phone\n0912345678', now);
    expect(r.ok === false && r.errors[0]).toMatchObject({ line: 1, field: 'file' });
  });

  it.each([
    ['2026-02-30', null], ['31/12/2026', null], ['1999-12-31', null], ['2026-03-09T08:00:00+07:00', new Date('2026-03-09T01:00:00Z')], ['9/3/2026', new Date('2026-03-08T17:00:00Z')],
  ])('consent date %s', (raw, expected) => {
    expect(parseConsentDate(raw, now)).toEqual(expected);
  });
});
