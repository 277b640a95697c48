import { describe, it, expect } from 'vitest';
import {
  addWorkingMs,
  defaultCalendar,
  isWorkingInstant,
  nextWorkingStart,
  workingDays,
  workingHours,
  workingMsBetween,
  type WorkCalendar,
} from './working-time.js';

/** 'YYYY-MM-DD HH:MM[:SS.mmm]' in Vietnam local time. */
const vn = (text: string): Date => new Date(`${text.replace(' ', 'T')}+07:00`);
/** Format back to Vietnam local time for readable failures. */
const fmt = (d: Date): string => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const H = 3_600_000;
const M = 60_000;
const cal = defaultCalendar();

describe('helpers', () => {
  it('converts hours and days', () => {
    expect(workingHours(2)).toBe(7_200_000);
    expect(workingDays(1)).toBe(7.5 * H);
    expect(workingDays(2, { ...cal, shifts: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] })).toBe(16 * H);
  });

  it('the vn() helper means Vietnam local time', () => {
    expect(vn('2025-01-06 07:30').toISOString()).toBe('2025-01-06T00:30:00.000Z');
  });
});

describe('isWorkingInstant', () => {
  it.each([
    ['2025-01-06 07:29:59.999', false], // Monday, before opening
    ['2025-01-06 07:30', true],
    ['2025-01-06 11:29:59.999', true],
    ['2025-01-06 11:30', false], // lunch break, half-open shift
    ['2025-01-06 13:29', false],
    ['2025-01-06 13:30', true],
    ['2025-01-06 16:59:59.999', true],
    ['2025-01-06 17:00', false],
    ['2025-01-04 09:00', false], // Saturday
    ['2025-01-05 09:00', false], // Sunday
    ['2025-01-01 09:00', false], // New Year
    ['2025-01-29 09:00', false], // Tết
    ['2025-02-03 09:00', false], // compensatory for Sat 1 Feb
    ['2025-02-04 09:00', true],
    ['2026-04-27 09:00', false], // compensatory for Hùng Kings on Sunday
    ['2026-04-28 09:00', true],
  ])('%s → %s', (at, expected) => {
    expect(isWorkingInstant(cal, vn(at))).toBe(expected);
  });
});

describe('nextWorkingStart', () => {
  it.each([
    ['2025-01-06 06:00', '2025-01-06 07:30'],
    ['2025-01-06 10:00', '2025-01-06 10:00'], // already working
    ['2025-01-06 11:30', '2025-01-06 13:30'],
    ['2025-01-06 17:30', '2025-01-07 07:30'],
    ['2025-01-10 17:00', '2025-01-13 07:30'], // Friday evening → Monday
    ['2025-01-27 17:00', '2025-02-04 07:30'], // across Tết and its compensatory day
  ])('%s → %s', (at, expected) => {
    expect(fmt(nextWorkingStart(cal, vn(at)))).toBe(expected);
  });
});

describe('addWorkingMs', () => {
  it.each([
    ['2025-01-06 10:00', H, '2025-01-06 11:00'],
    ['2025-01-06 10:00', 2 * H, '2025-01-06 14:00'], // lunch skipped
    ['2025-01-06 11:00', 30 * M, '2025-01-06 11:30'], // exact shift end stays at the end
    ['2025-01-06 12:00', 0, '2025-01-06 13:30'], // 0 from lunch: the clock starts at 13:30
    ['2025-01-06 12:00', H, '2025-01-06 14:30'],
    ['2025-01-06 10:00', 0, '2025-01-06 10:00'],
    ['2025-01-11 10:00', 0, '2025-01-13 07:30'], // Saturday
    ['2025-01-10 16:00', 2 * H, '2025-01-13 08:30'], // weekend
    ['2025-01-06 07:30', workingDays(5), '2025-01-10 17:00'],
    ['2026-12-31 16:00', 2 * H, '2027-01-04 08:30'], // 1 Jan holiday, then the weekend
    ['2025-01-27 16:00', workingDays(1), '2025-02-04 16:00'], // Tết + compensatory day
    ['2026-04-24 16:00', 2 * H, '2026-04-28 08:30'], // Fri → Hùng Kings Sunday → Mon off
  ])('%s + %i ms → %s', (from, ms, expected) => {
    expect(fmt(addWorkingMs(cal, vn(from), ms))).toBe(expected);
  });

  it('rejects negative, fractional and invalid input', () => {
    expect(() => addWorkingMs(cal, vn('2025-01-06 10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMs(cal, vn('2025-01-06 10:00'), 0.5)).toThrow(RangeError);
    expect(() => addWorkingMs(cal, new Date(NaN), 1)).toThrow(RangeError);
  });
});

describe('workingMsBetween', () => {
  it.each([
    ['2025-01-06 07:30', '2025-01-06 17:00', 7.5 * H],
    ['2025-01-06 11:00', '2025-01-06 14:00', H], // lunch break excluded
    ['2025-01-06 07:30', '2025-01-13 07:30', 37.5 * H], // one week
    ['2025-01-10 16:00', '2025-01-13 08:30', 2 * H],
    ['2025-01-27 07:30', '2025-02-05 07:30', 15 * H], // only 27 Jan and 4 Feb work
    ['2025-01-06 10:00', '2025-01-06 10:00', 0],
    ['2025-01-06 12:00', '2025-01-06 10:00', 0], // reversed
    // 2026: 261 weekdays minus 11 weekday holidays (Sun 26 Apr is compensated on 27 Apr).
    ['2026-01-01 00:00', '2027-01-01 00:00', 250 * 7.5 * H],
  ])('%s → %s = %i ms', (from, to, expected) => {
    expect(workingMsBetween(cal, vn(from), vn(to))).toBe(expected);
  });

  it('matches a minute-by-minute count', () => {
    const from = vn('2025-01-24 09:17');
    const to = vn('2025-02-06 15:43');
    let minutes = 0;
    for (let t = from.getTime(); t < to.getTime(); t += M) if (isWorkingInstant(cal, new Date(t))) minutes++;
    expect(workingMsBetween(cal, from, to)).toBe(minutes * M);
  });
});

describe('admin days off and make-up days', () => {
  const swapped: WorkCalendar = { ...cal, daysOff: ['2025-01-27'], makeUpDays: ['2025-02-08'] };

  it.each([
    ['2025-01-27 09:00', false], // admin day off (a Monday)
    ['2025-02-08 09:00', true], // make-up Saturday
    ['2025-02-09 09:00', false], // ordinary Sunday
  ])('%s working = %s', (at, expected) => {
    expect(isWorkingInstant(swapped, vn(at))).toBe(expected);
  });

  it.each([
    ['2025-02-07 16:00', 2 * H, '2025-02-08 08:30'], // Friday → make-up Saturday
    ['2025-01-24 16:00', 2 * H, '2025-02-04 08:30'], // Friday → day off, Tết, compensatory
  ])('%s + %i ms → %s', (from, ms, expected) => {
    expect(fmt(addWorkingMs(swapped, vn(from), ms))).toBe(expected);
  });

  it('lets days off win over make-up days, and make-up days over holidays', () => {
    const both: WorkCalendar = { ...cal, daysOff: ['2025-02-08'], makeUpDays: ['2025-02-08', '2025-01-29'] };
    expect(isWorkingInstant(both, vn('2025-02-08 09:00'))).toBe(false);
    expect(isWorkingInstant(both, vn('2025-01-29 09:00'))).toBe(true);
  });

  it('can ignore or tune public holidays', () => {
    expect(isWorkingInstant({ ...cal, holidays: false }, vn('2025-01-29 09:00'))).toBe(true);
    const sep3: WorkCalendar = { ...cal, holidays: { nationalDayExtra: 3 } };
    expect(isWorkingInstant(sep3, vn('2025-09-01 09:00'))).toBe(true);
    expect(isWorkingInstant(sep3, vn('2025-09-03 09:00'))).toBe(false);
    expect(isWorkingInstant(cal, vn('2025-09-01 09:00'))).toBe(false);
  });

  it('rejects malformed configuration', () => {
    const at = vn('2025-01-06 09:00');
    expect(() => isWorkingInstant({ ...cal, daysOff: ['2025-1-6'] }, at)).toThrow(RangeError);
    expect(() => isWorkingInstant({ ...cal, daysOff: ['2025-02-30'] }, at)).toThrow(RangeError);
    expect(() => isWorkingInstant({ ...cal, shifts: [] }, at)).toThrow(RangeError);
    expect(() => isWorkingInstant({ ...cal, shifts: [{ start: '09:00', end: '08:00' }] }, at)).toThrow(RangeError);
    const overlap = [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }];
    expect(() => isWorkingInstant({ ...cal, shifts: overlap }, at)).toThrow(RangeError);
    expect(() => isWorkingInstant({ ...cal, shifts: [{ start: '7:30', end: '11:30' }] }, at)).toThrow(RangeError);
    expect(() => addWorkingMs({ ...cal, workdays: [] }, at, 1)).toThrow(/No working day/);
  });
});

describe('round trip', () => {
  // Deterministic PRNG so failures are reproducible.
  function mulberry32(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const starts = [
    '2025-01-06 07:30', '2025-01-06 11:30', '2025-01-06 12:00', '2025-01-06 16:59:59.999',
    '2025-01-11 10:00', '2025-01-28 09:00', '2026-12-31 16:00', '2026-04-24 23:59',
  ];
  const fixed = [0, 1, M, H, 30 * M, 4 * H, 7.5 * H, workingDays(1) + 1, workingDays(10), workingDays(60)];

  it.each(starts)('from %s', (start) => {
    const rand = mulberry32(start.length * 7919);
    const amounts = [...fixed, ...Array.from({ length: 40 }, () => Math.floor(rand() * workingDays(90)))];
    const from = vn(start);
    for (const x of amounts) {
      const end = addWorkingMs(cal, from, x);
      expect(workingMsBetween(cal, from, end), `${start} + ${x}`).toBe(x);
      // Earliest such instant: one millisecond less is not enough.
      if (x > 0) expect(workingMsBetween(cal, from, new Date(end.getTime() - 1))).toBe(x - 1);
    }
  });

  it('handles multi-year spans quickly', () => {
    const from = vn('2025-03-03 08:00');
    const t0 = performance.now();
    const end = addWorkingMs(cal, from, workingDays(2500));
    expect(workingMsBetween(cal, from, end)).toBe(workingDays(2500));
    expect(end.getUTCFullYear()).toBe(2035);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
