import { describe, expect, it } from 'vitest';
import { aggregateRaw, bucketOf, BUCKET_RATIO, PeriodAggregates, weekStartOf } from './rollup.js';

/** percentile_cont as PostgreSQL defines it. */
function exact(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  return lo === pos ? v[lo]! : v[lo]! + (v[lo + 1]! - v[lo]!) * (pos - lo);
}

/** A deterministic pseudo-random sequence (no flaky data). */
function lcg(seed: number) {
  let s = seed;
  return () => { s = (s * 1_103_515_245 + 12_345) % 2 ** 31; return s / 2 ** 31; };
}

describe('duration classes', () => {
  it('start at one second and grow by 2 %', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(999)).toBe(0);
    expect(bucketOf(1000)).toBe(1);
    expect(bucketOf(1019)).toBe(1);
    expect(bucketOf(1021)).toBe(2);
    const b = bucketOf(3_600_000);
    expect(1000 * BUCKET_RATIO ** (b - 1)).toBeLessThanOrEqual(3_600_000);
    expect(1000 * BUCKET_RATIO ** b).toBeGreaterThan(3_600_000);
    expect(bucketOf(1e22)).toBe(2047);
  });
});

describe('percentiles from classes', () => {
  it.each([{ seed: 1, n: 5 }, { seed: 2, n: 200 }, { seed: 3, n: 5000 }])('are within 2 percent of percentile_cont (seed $seed, $n durations)', ({ seed, n }) => {
    const rnd = lcg(seed);
    const at = Date.parse('2026-06-03T03:00:00Z');
    const rows = Array.from({ length: n }, () => {
      const fw = Math.round(-Math.log(1 - rnd()) * 6 * 3_600_000) + 30_000;
      const rw = fw + Math.round(rnd() ** 3 * 30 * 86_400_000);
      return { at, unit: 1, status: 'answered', channel: 'sms', category: null, commune: null, fw, fk: fw / 4, rw, rk: rw / 4, outcome: 'on_time', rating: null };
    });
    const h = new PeriodAggregates(aggregateRaw(rows, []), new Map()).headline();
    for (const [got, values, p] of [
      [h.firstResponse.medianMs, rows.map((r) => r.fw), 0.5], [h.firstResponse.p90Ms, rows.map((r) => r.fw), 0.9],
      [h.resolution.medianWorkMs, rows.map((r) => r.rk), 0.5], [h.resolution.p90Ms, rows.map((r) => r.rw), 0.9],
    ] as const) {
      const want = exact([...values], p);
      expect(Math.abs(got! - want) / want).toBeLessThan(0.02);
    }
    expect(h.firstResponse.count).toBe(n);
  });

  it('are null without durations, and one duration is its own class', () => {
    expect(new PeriodAggregates([], new Map()).headline().firstResponse.medianMs).toBeNull();
    const one = aggregateRaw([{ at: 0, unit: 1, status: 'answered', channel: 'web', category: null, commune: null, fw: 90_000, fk: null, rw: null, rk: null, outcome: null, rating: null }], []);
    const m = new PeriodAggregates(one, new Map()).headline().firstResponse.medianMs!;
    expect(Math.abs(m - 90_000) / 90_000).toBeLessThan(0.02);
  });
});

describe('weeks', () => {
  it('start on Monday 00:00 Vietnam time (Sunday 17:00 UTC)', () => {
    expect(weekStartOf(new Date('2026-11-22T16:59:59Z')).toISOString()).toBe('2026-11-15T17:00:00.000Z');
    expect(weekStartOf(new Date('2026-11-22T17:00:00Z')).toISOString()).toBe('2026-11-22T17:00:00.000Z');
    expect(weekStartOf(new Date('2026-11-25T09:00:00Z')).toISOString()).toBe('2026-11-22T17:00:00.000Z');
  });
});
