import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, calendarFrom, type SlaPolicy } from '../../domain/deadlines.js';
import { computeReportMetrics } from '../../domain/metrics.js';
import { buildStory, seededRng, type StoryInput } from './demo-story.js';

const policies: SlaPolicy[] = DEFAULT_POLICIES.map((p, i) => ({ ...p, id: i + 1, categoryId: null }));
const cal = calendarFrom([]);
const HOUR = 3_600_000;

// Every 7 hours across a year, so Tết, weekends, nights and lunch breaks all come up as "now".
const nows = Array.from({ length: 1252 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 7 * HOUR));
const input = (receivedAt: Date, fate: StoryInput['fate']): StoryInput => ({
  receivedAt, channel: 'sms', categoryId: 1, priority: 'normal', unitId: 10, transferTo: null, parentUnitId: 1, fate,
});

describe('demo story backlog', () => {
  it('a waiting report ends unanswered whatever the time of the demo', () => {
    const rng = seededRng(7);
    for (const now of nows) {
      const s = buildStory(rng, input(new Date(now.getTime() - (1 + rng() * 100) * HOUR), 'waiting'), policies, cal, now);
      expect(s.status).toBe('received');
      expect(s.firstResponseAt).toBeNull();
    }
  });

  it('an in-progress report has a holding reply before now and no answer, and its metrics agree', () => {
    const rng = seededRng(8);
    for (const now of nows) {
      const received = new Date(now.getTime() - (27 + rng() * 170) * HOUR);
      const s = buildStory(rng, input(received, 'in_progress'), policies, cal, now);
      expect(s.status).toBe('in_progress');
      expect(s.firstResponseAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(s.answeredAt).toBeNull();
      const m = computeReportMetrics(s.events, cal, now);
      expect(m.answeredAt).toBeNull();
      expect(m.firstResponseMs).toBe(s.firstResponseAt!.getTime() - received.getTime());
    }
  });
});
