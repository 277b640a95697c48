import { describe, expect, it } from 'vitest';
import { splitSms } from '../../domain/sms-text.js';
import { prepareSmsParts } from '../../channels/sms/sms-outbound.js';
import { previewOutbound } from './preview.js';

/** 400 characters of ordinary Vietnamese, as an officer would write an answer. */
const ANSWER = (() => {
  const sentence = 'Ủy ban nhân dân xã đã cử cán bộ địa chính xuống kiểm tra hiện trường và sẽ sửa đường trước mùa mưa. ';
  let s = '';
  while ([...s].length < 400) s += sentence;
  return [...s].slice(0, 400).join('').trim();
})();

describe('outbound preview and SMS splitting', () => {
  it('a 400-character Vietnamese answer costs 6 UCS-2 segments with diacritics', () => {
    const p = previewOutbound({ channel: 'sms', text: ANSWER, unaccented: false });
    expect(p.encoding).toBe('UCS-2');
    expect(p.chars).toBe([...ANSWER].length);
    expect(p.limit).toBe(70);
    expect(p.segments).toBe(Math.ceil(p.chars / 67));
    const parts = splitSms(ANSWER);
    expect(p.parts).toBe(parts.length);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(70);
    expect(parts[0]).toMatch(/^\(1\/\d\) Ủy ban/);
  });

  it('the same answer unaccented is GSM-7: 3 segments, each sent part within 160 characters', () => {
    const p = previewOutbound({ channel: 'sms', text: ANSWER });
    expect(p.encoding).toBe('GSM-7');
    expect(p.limit).toBe(160);
    expect(p.chars).toBe(p.text.length);
    expect(p.segments).toBe(Math.ceil(p.chars / 153));
    expect(p.text).toContain('Uy ban nhan dan xa da cu can bo dia chinh');
    const parts = prepareSmsParts(ANSWER, { unaccented: true, maxParts: 8 });
    expect(parts).toHaveLength(p.parts);
    expect(parts.length).toBe(3);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(160);
      expect(part.startsWith(`(${i + 1}/3) `)).toBe(true);
      expect(part).toMatch(/^[\x20-\x7e]+$/);
    }
    // Nothing is lost: the parts, markers removed, are the rendered text.
    expect(parts.map((x) => x.replace(/^\(\d\/3\) /, '')).join(' ')).toBe(p.text);
  });

  it('a short acknowledgement fits one SMS and gets no part marker', () => {
    const p = previewOutbound({ channel: 'sms', text: 'Cầu Nối: Đã tiếp nhận phản ánh của bạn, mã số 482-910-375.' });
    expect(p).toMatchObject({ encoding: 'GSM-7', segments: 1, parts: 1 });
    expect(p.text).toBe('Cau Noi: Da tiep nhan phan anh cua ban, ma so 482-910-375.');
  });

  it('Zalo counts characters against 2000 and chunks longer text', () => {
    expect(previewOutbound({ channel: 'zalo', text: ANSWER })).toMatchObject({ chars: [...ANSWER].length, limit: 2000, parts: 1 });
    expect(previewOutbound({ channel: 'zalo', text: 'đ'.repeat(4500) })).toMatchObject({ chars: 4500, parts: 3, segments: 3 });
  });
});
