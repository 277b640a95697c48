import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('CSV reader', () => {
  it('reads comma-separated rows with quotes, escapes and line numbers', () => {
    const r = parseCsv('\uFEFFphone,consent_at,consent_method\r\n0912345678,2026-03-01,"Phiếu đăng ký, thôn 3"\r\n\r\n"0912 000 111","2026-03-02","Họp dân ""thôn 5"""\n');
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 1, cells: ['phone', 'consent_at', 'consent_method'] },
        { line: 2, cells: ['0912345678', '2026-03-01', 'Phiếu đăng ký, thôn 3'] },
        { line: 4, cells: ['0912 000 111', '2026-03-02', 'Họp dân "thôn 5"'] },
      ],
    });
  });

  it('reads what Excel writes in a Vietnamese locale (semicolons)', () => {
    const r = parseCsv('phone;consent_at;consent_method\n0912345678;01/03/2026;giấy, có chữ ký');
    expect(r.ok && r.rows[1]!.cells).toEqual(['0912345678', '01/03/2026', 'giấy, có chữ ký']);
  });

  it('keeps the starting line of a row whose quoted field spans lines', () => {
    const r = parseCsv('a,b\n"x\ny",z\nlast,row');
    expect(r.ok && r.rows.map((x) => x.line)).toEqual([1, 2, 4]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({ ok: false, line: 2, error: 'unterminated_quote' });
  });
});
