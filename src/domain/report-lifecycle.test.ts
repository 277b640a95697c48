import { describe, expect, it } from 'vitest';
import { canTransition, isReopen, transitionRefusal, type LifecycleStatus } from './report-lifecycle.js';

describe('report lifecycle', () => {
  it.each<[LifecycleStatus, LifecycleStatus, boolean]>([
    ['received', 'in_progress', true],
    ['received', 'answered', true],
    ['received', 'closed', false],
    ['received', 'received', false],
    ['in_progress', 'answered', true],
    ['in_progress', 'closed', false],
    ['in_progress', 'received', false],
    ['answered', 'closed', true],
    ['answered', 'in_progress', true],
    ['answered', 'received', false],
    ['closed', 'in_progress', true],
    ['closed', 'answered', false],
    ['closed', 'received', false],
  ])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  it('reopening is going back to in_progress from answered or closed', () => {
    expect(isReopen('closed', 'in_progress')).toBe(true);
    expect(isReopen('answered', 'in_progress')).toBe(true);
    expect(isReopen('received', 'in_progress')).toBe(false);
  });

  it('explains a refusal in Vietnamese and English, naming what is allowed', () => {
    const msg = transitionRefusal('received', 'closed');
    expect(msg).toContain('Không thể chuyển từ "Đã tiếp nhận" sang "Đã đóng"');
    expect(msg).toContain('"Đang xử lý" hoặc "Đã trả lời"');
    expect(msg).toContain('Cannot change from "Received" to "Closed"');
  });
});
