import { describe, expect, it } from 'vitest';
import { clip, composeNoticeText } from './notice-text.js';

describe('notice text', () => {
  it('names the sender, then the title and text, and says how to stop', () => {
    const t = composeNoticeText({ title: 'Lịch tiêm chủng', text: 'Thứ Bảy 14/3 tại trạm y tế.', senderName: 'UBND xã Trà Phú', emergency: false, channel: 'sms' });
    expect(t).toBe('UBND xã Trà Phú: Lịch tiêm chủng\nThứ Bảy 14/3 tại trạm y tế.\nSoạn HUY để ngừng nhận thông báo.');
    expect(t).not.toMatch(/[[\]{}]/);
  });

  it('an emergency alert is marked as such and carries no stop hint', () => {
    const t = composeNoticeText({ title: 'Lũ quét', text: 'Sơ tán ngay.', senderName: 'Huyện Trà Bồng', emergency: true, channel: 'zalo' });
    expect(t.startsWith('KHẨN CẤP - Huyện Trà Bồng: Lũ quét')).toBe(true);
    expect(t).not.toContain('HUY');
  });

  it('clips by characters, not bytes', () => {
    expect(clip('Thông báo', 20)).toBe('Thông báo');
    expect(clip('Thông báo khẩn', 6)).toBe('Thông…');
  });
});
