import { describe, expect, it } from 'vitest';
import { previewReply } from './reply-preview.js';

const env = { SMS_UNACCENTED: true, SMS_MAX_PARTS: 8 };
const sms = (text: string, unaccented = true) => previewReply({ channel: 'sms', text, env: { ...env, SMS_UNACCENTED: unaccented } });

describe('reply preview', () => {
  it('an unaccented SMS answer is GSM-7 with 160 characters per message', () => {
    const p = sms('Đã sửa xong đường vào thôn 3. Cảm ơn bà con.');
    expect(p).toMatchObject({ channel: 'sms', encoding: 'GSM-7', segments: 1, limit: 160, parts: 1, text: 'Da sua xong duong vao thon 3. Cam on ba con.' });
    expect(p.chars).toBe('Da sua xong duong vao thon 3. Cam on ba con.'.length);
  });

  it('an accented SMS answer is UCS-2 with 70 characters per message', () => {
    expect(sms('Đã sửa xong đường vào thôn 3, cảm ơn bà con đã phản ánh kịp thời.', false)).toMatchObject({ encoding: 'UCS-2', limit: 70, segments: 1 });
  });

  it('a long SMS answer needs several segments and parts', () => {
    const p = sms('Ủy ban nhân dân xã đã tiếp nhận và chuyển phản ánh đến đơn vị quản lý đường. '.repeat(5));
    expect(p.segments).toBeGreaterThan(1);
    expect(p.parts).toBeGreaterThan(1);
  });

  it('Zalo counts against its 2000-character limit', () => {
    expect(previewReply({ channel: 'zalo', text: 'Chào bạn', env })).toMatchObject({ channel: 'zalo', segments: 1, chars: 8, limit: 2000, parts: 1 });
    expect(previewReply({ channel: 'zalo', text: 'a'.repeat(2001), env }).parts).toBe(2);
  });

  it('a reply published on the web page has no limit', () => {
    expect(previewReply({ channel: 'web', text: 'Đã xử lý', env })).toMatchObject({ channel: 'web', limit: null, parts: 1, encoding: null });
  });
});
