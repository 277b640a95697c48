import { describe, it, expect } from 'vitest';
import { Lunar } from 'lunar-javascript';
import { publicHolidays, vietnameseLunarToSolar } from './holidays.js';

const dates = (year: number, opts?: Parameters<typeof publicHolidays>[1]): string[] =>
  publicHolidays(year, opts).map((h) => h.date);

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

/** The Chinese calendar (lunar-javascript) as an independent reference. */
const chinese = (year: number, month: number, day: number): string =>
  Lunar.fromYmd(year, month, day).getSolar().toYmd();

describe('Vietnamese lunar dates', () => {
  it.each([
    // year, Tết (1/1), Giỗ Tổ (10/3)
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
  ])('%i: Tết %s, Hùng Kings %s (same as the Chinese calendar)', (year, tet, hung) => {
    expect(vietnameseLunarToSolar(year, 1, 1)).toBe(tet);
    expect(vietnameseLunarToSolar(year, 3, 10)).toBe(hung);
    expect(chinese(year, 1, 1)).toBe(tet);
    expect(chinese(year, 3, 10)).toBe(hung);
  });

  // UTC+7 vs UTC+8 divergences; every value cross-checked with Hồ Ngọc Đức's
  // amlich algorithm (the usual Vietnamese reference), tz = 7.
  it.each([
    [1968, '1968-01-29', '1968-01-30'],
    [1985, '1985-01-21', '1985-02-20'], // different leap month: a whole month apart
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
    [2053, '2053-02-18', '2053-02-19'],
  ])('%i: Vietnamese Tết %s differs from Chinese %s', (year, vn, cn) => {
    expect(vietnameseLunarToSolar(year, 1, 1)).toBe(vn);
    expect(chinese(year, 1, 1)).toBe(cn);
  });

  it('agrees with the Chinese calendar in every other year 1968–2100', () => {
    const tetDiff: number[] = [];
    const hungDiff: number[] = [];
    for (let y = 1968; y <= 2100; y++) {
      if (vietnameseLunarToSolar(y, 1, 1) !== chinese(y, 1, 1)) tetDiff.push(y);
      if (vietnameseLunarToSolar(y, 3, 10) !== chinese(y, 3, 10)) hungDiff.push(y);
    }
    expect(tetDiff).toEqual([1968, 1969, 1985, 2007, 2030, 2053]);
    expect(hungDiff).toEqual([1975, 2009, 2037, 2038, 2085, 2086, 2095, 2100]);
  });

  it('keeps Tết between 21 Jan and 20 Feb', () => {
    for (let y = 1968; y <= 2100; y++) {
      const tet = vietnameseLunarToSolar(y, 1, 1);
      expect(tet >= `${y}-01-21` && tet <= `${y}-02-20`, `${y}: ${tet}`).toBe(true);
    }
  });
});

describe('publicHolidays', () => {
  it.each([
    [
      2025,
      // Tết Tue 28 Jan (29 Tết) – Sat 1 Feb → compensatory Mon 3 Feb.
      ['01-01', '01-28', '01-29', '01-30', '01-31', '02-01', '02-03', '04-07', '04-30', '05-01', '09-01', '09-02'],
    ],
    [
      2026,
      // Hùng Kings on Sunday 26 Apr → compensatory Monday 27 Apr.
      ['01-01', '02-16', '02-17', '02-18', '02-19', '02-20', '04-26', '04-27', '04-30', '05-01', '09-01', '09-02'],
    ],
    [
      2027,
      // Tết Sat+Sun → Wed 10, Thu 11 Feb (8–9 Feb are Tết already); 1 May Sat → Mon 3 May.
      ['01-01', '02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '04-16', '04-30', '05-01', '05-03', '09-01', '09-02'],
    ],
    [
      2022,
      // 1 Jan Sat → 3 Jan; Hùng Sun 10 Apr → 11 Apr; 30 Apr Sat + 1 May Sun → 2 and 3 May.
      ['01-01', '01-03', '01-31', '02-01', '02-02', '02-03', '02-04', '04-10', '04-11', '04-30', '05-01', '05-02', '05-03', '09-01', '09-02'],
    ],
  ])('%i', (year, expected) => {
    expect(dates(year)).toEqual(expected.map((md) => `${year}-${md}`));
  });

  it('uses real weekdays in the expectations above', () => {
    expect(weekday('2025-02-01')).toBe(6);
    expect(weekday('2026-04-26')).toBe(0);
    expect(weekday('2027-02-06')).toBe(6);
    expect(weekday('2027-05-01')).toBe(6);
  });

  it('names the eve after the length of the last lunar month', () => {
    const eve2025 = publicHolidays(2025).find((h) => h.date === '2025-01-28');
    expect(eve2025?.name_vi).toBe('Tết Nguyên Đán (29 Tết)');
    const eve2024 = publicHolidays(2024).find((h) => h.date === '2024-02-09');
    expect(eve2024?.name_vi).toBe('Tết Nguyên Đán (30 Tết)');
    expect(publicHolidays(2026).find((h) => h.date === '2026-04-27')?.name_en).toMatch(/^Compensatory/);
  });

  it.each([
    [{ nationalDayExtra: 3 as const }, ['2025-09-02', '2025-09-03']],
    [{ nationalDayExtraByYear: { 2025: 3 as const } }, ['2025-09-02', '2025-09-03']],
    [{ nationalDayExtra: 3 as const, nationalDayExtraByYear: { 2024: 1 as const } }, ['2025-09-02', '2025-09-03']],
    [{}, ['2025-09-01', '2025-09-02']],
  ])('National Day second day %j', (opts, expected) => {
    expect(dates(2025, opts).filter((d) => d.startsWith('2025-09'))).toEqual(expected);
  });

  it('skips compensation when disabled', () => {
    expect(dates(2027, { compensatory: false })).not.toContain('2027-02-10');
    expect(dates(2027, { compensatory: false })).toHaveLength(11);
  });

  it('compensates only for the configured weekly days off', () => {
    // A Monday–Saturday office: only Sunday 7 Feb 2027 is a weekly day off.
    const sat = dates(2027, { weeklyDaysOff: [0] });
    expect(sat).toContain('2027-02-10');
    expect(sat).not.toContain('2027-02-11');
    expect(sat).not.toContain('2027-05-03');
  });

  it('rejects nonsense input', () => {
    expect(() => publicHolidays(2025.5)).toThrow(RangeError);
    expect(() => publicHolidays(2025, { weeklyDaysOff: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
  });
});
