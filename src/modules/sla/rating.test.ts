import { describe, expect, it } from 'vitest';
import { isRatable } from './rating.service.js';

const now = new Date('2026-03-10T00:00:00Z');
const day = 86_400_000;

describe('isRatable: one rating per answer', () => {
  it.each([
    ['answered, never rated', { status: 'answered', answeredAt: new Date(now.getTime() - day), ratedAt: null }, true],
    ['not answered yet', { status: 'in_progress', answeredAt: null, ratedAt: null }, false],
    ['already rated this answer', { status: 'answered', answeredAt: new Date(now.getTime() - day), ratedAt: new Date(now.getTime() - 1000) }, false],
    ['rated an earlier answer, answered again since', { status: 'answered', answeredAt: new Date(now.getTime() - 1000), ratedAt: new Date(now.getTime() - day) }, true],
    ['closed within 30 days of the answer', { status: 'closed', answeredAt: new Date(now.getTime() - 29 * day), ratedAt: null }, true],
    ['closed longer ago', { status: 'closed', answeredAt: new Date(now.getTime() - 31 * day), ratedAt: null }, false],
  ])('%s → %s', (_name, r, expected) => {
    expect(isRatable(r, now)).toBe(expected);
  });
});
