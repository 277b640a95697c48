/**
 * Vietnamese public holidays (Bộ luật Lao động 2019, điều 112).
 *
 * Lunar dates follow the *Vietnamese* lunisolar calendar: the same rules as the
 * Chinese one, but new moons and solar terms are dated in UTC+7 instead of
 * UTC+8. The two calendars disagree in a few years (Tết 1985: VN 21 Jan vs
 * CN 20 Feb; Tết 2007: VN 17 Feb vs CN 18 Feb), so we do not use
 * lunar-javascript's `Lunar` (Chinese) conversion. Instead we reuse its
 * astronomy core (ShouXingUtil: new-moon and solar-longitude instants) and
 * apply the calendar rules ourselves in Vietnam's time zone.
 *
 * Vietnam adopted the UTC+7 calendar in 1968 (Tết 1968 was 29 Jan in the
 * North, 30 Jan in the South); earlier years are computed with the same
 * rules and may not match the calendar used at the time.
 *
 * Legal notes:
 *  - The law grants 5 days for Tết but the Prime Minister fixes the exact days
 *    each year; the default here is the last day of the lunar year + 1..4
 *    Giêng. Government day swaps (hoán đổi) are not predictable: enter them as
 *    admin days off / make-up days in the work calendar.
 *  - Art. 112(3): a holiday on a weekly day off gives a compensatory day off on
 *    the following working day(s).
 */
import { ShouXingUtil } from 'lunar-javascript';

export interface Holiday {
  /** Local date, 'YYYY-MM-DD'. */
  date: string;
  name_vi: string;
  name_en: string;
}

export interface HolidayOptions {
  /** Day of September given with Quốc khánh (2 Sep); the government picks 1 or 3 each year. Default 1. */
  nationalDayExtra?: 1 | 3;
  /** Per-year override of `nationalDayExtra`, e.g. { 2024: 3 }. */
  nationalDayExtraByYear?: Readonly<Record<number, 1 | 3>>;
  /** Weekly days off (0 = Sunday … 6 = Saturday) that trigger compensatory days. Default [0, 6]. */
  weeklyDaysOff?: readonly number[];
  /** Add compensatory days (nghỉ bù). Default true. */
  compensatory?: boolean;
}

const DAY_MS = 86_400_000;
/** Day number 0 = 2000-01-01, the civil date of J2000.0. */
const EPOCH_2000_MS = Date.UTC(2000, 0, 1);
const VN_OFFSET_DAYS = 7 / 24;
const MEAN_SYNODIC_MONTH = 29.530588853;

// ---------------------------------------------------------------------------
// Vietnamese lunisolar calendar (day numbers are days since 2000-01-01, local)
// ---------------------------------------------------------------------------

/** Civil day number in UTC+7 of an instant given in Julian centuries TT since J2000.0. */
function localDayOf(centuriesTT: number): number {
  const tt = centuriesTT * 36525; // days since 2000-01-01 12:00 TT
  const ut = tt - ShouXingUtil.dtT(tt);
  // +0.5 moves the origin from noon to midnight.
  return Math.floor(ut + VN_OFFSET_DAYS + 0.5);
}

/** First day of lunation `k` (k = 0 is the month starting 2000-01-07 in Vietnam). */
function newMoonDay(k: number): number {
  return localDayOf(ShouXingUtil.msaLonT(k * 2 * Math.PI));
}

/** Day of major solar term `n` (a Sun longitude multiple of 30°); n = 9 is the 1999 winter solstice. */
function majorTermDay(n: number): number {
  return localDayOf(ShouXingUtil.saLonT((n * Math.PI) / 6));
}

/** Index of the lunation containing day `day`. */
function lunationContaining(day: number): number {
  let k = Math.floor((day - 6) / MEAN_SYNODIC_MONTH);
  while (newMoonDay(k) > day) k--;
  while (newMoonDay(k + 1) <= day) k++;
  return k;
}

/** Term index of the winter solstice in Gregorian year `year`. */
function solsticeTerm(year: number): number {
  return 9 + 12 * (year - 1999);
}

/** Lunation index of month 11 (the month containing the winter solstice) of Gregorian `year`. */
function month11(year: number): number {
  return lunationContaining(majorTermDay(solsticeTerm(year)));
}

/**
 * Offset (from month 11 of `year`) of the leap month in the lunar year that
 * follows, or Infinity when that year has 12 months. The leap month is the
 * first month after month 11 that contains no major solar term.
 */
function leapOffsetAfter(year: number, k11: number): number {
  if (month11(year + 1) - k11 !== 13) return Infinity;
  const n0 = solsticeTerm(year);
  const terms = Array.from({ length: 14 }, (_, i) => majorTermDay(n0 + i));
  for (let i = 1; i < 13; i++) {
    const start = newMoonDay(k11 + i);
    const end = newMoonDay(k11 + i + 1);
    if (!terms.some((d) => d >= start && d < end)) return i;
  }
  return Infinity; // unreachable for a real 13-month year
}

interface LunarKeyDays {
  /** Day number of 1 Giêng (Tết). */
  tet: number;
  /** Length (29/30) of the last month of the previous lunar year. */
  lastMonthLength: number;
  /** Day number of 10/3 (Giỗ Tổ Hùng Vương). */
  hungKings: number;
}

const keyDaysCache = new Map<number, LunarKeyDays>();

/** Lunar key days of the lunar year that starts in Gregorian `year` (memoised: ~30 astronomy evaluations each). */
function lunarKeyDays(year: number): LunarKeyDays {
  const cached = keyDaysCache.get(year);
  if (cached) return cached;
  const k11 = month11(year - 1);
  const leap = leapOffsetAfter(year - 1, k11);
  // Month 11 is offset 0; a leap month before the target shifts it by one.
  const kTet = k11 + (leap <= 2 ? 3 : 2);
  const kMonth3 = k11 + (leap <= 4 ? 5 : 4);
  const tet = newMoonDay(kTet);
  const days = { tet, lastMonthLength: tet - newMoonDay(kTet - 1), hungKings: newMoonDay(kMonth3) + 9 };
  keyDaysCache.set(year, days);
  return days;
}

/** Gregorian date (local) of lunar day `lunarDay` of month `lunarMonth` in the lunar year starting in `year`; only months 1 and 3 are supported because that is all the law needs. */
export function vietnameseLunarToSolar(year: number, lunarMonth: 1 | 3, lunarDay: number): string {
  const days = lunarKeyDays(year);
  const base = lunarMonth === 1 ? days.tet : days.hungKings - 9;
  return dayToIso(base + lunarDay - 1);
}

// ---------------------------------------------------------------------------
// Holiday list
// ---------------------------------------------------------------------------

function dayToIso(day: number): string {
  return new Date(EPOCH_2000_MS + day * DAY_MS).toISOString().slice(0, 10);
}

function isoToDay(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH_2000_MS) / DAY_MS);
}

function weekdayOf(day: number): number {
  return (((day + 6) % 7) + 7) % 7; // 2000-01-01 was a Saturday
}

function iso(year: number, month: number, dayOfMonth: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

const TET_DAY_NAMES_VI = ['Mùng 1', 'Mùng 2', 'Mùng 3', 'Mùng 4'];

function tetHolidays(year: number): Holiday[] {
  const { tet, lastMonthLength } = lunarKeyDays(year);
  const eve: Holiday = {
    date: dayToIso(tet - 1),
    name_vi: `Tết Nguyên Đán (${lastMonthLength} Tết)`,
    name_en: "Lunar New Year's Eve",
  };
  const days = TET_DAY_NAMES_VI.map((label, i) => ({
    date: dayToIso(tet + i),
    name_vi: `Tết Nguyên Đán (${label})`,
    name_en: `Lunar New Year (day ${i + 1})`,
  }));
  return [eve, ...days];
}

function fixedHolidays(year: number, opts: HolidayOptions): Holiday[] {
  const extra = opts.nationalDayExtraByYear?.[year] ?? opts.nationalDayExtra ?? 1;
  return [
    { date: iso(year, 1, 1), name_vi: 'Tết Dương lịch', name_en: "New Year's Day" },
    {
      date: dayToIso(lunarKeyDays(year).hungKings),
      name_vi: 'Giỗ Tổ Hùng Vương',
      name_en: "Hùng Kings' Commemoration Day",
    },
    { date: iso(year, 4, 30), name_vi: 'Ngày Chiến thắng', name_en: 'Reunification Day' },
    { date: iso(year, 5, 1), name_vi: 'Ngày Quốc tế Lao động', name_en: 'International Labour Day' },
    { date: iso(year, 9, 2), name_vi: 'Quốc khánh', name_en: 'National Day' },
    { date: iso(year, 9, extra), name_vi: 'Quốc khánh (ngày liền kề)', name_en: 'National Day holiday' },
  ];
}

/**
 * Art. 112(3): each holiday that falls on a weekly day off yields one
 * compensatory day on the next day that is neither a day off nor a holiday
 * nor already a compensatory day. Processing in date order makes consecutive
 * weekend holidays (e.g. Sat 30/4 + Sun 1/5) take consecutive working days.
 */
function compensatoryDays(holidays: readonly Holiday[], weeklyDaysOff: readonly number[]): Holiday[] {
  const taken = new Set(holidays.map((h) => h.date));
  const result: Holiday[] = [];
  for (const h of holidays) {
    let day = isoToDay(h.date);
    if (!weeklyDaysOff.includes(weekdayOf(day))) continue;
    do day++;
    while (weeklyDaysOff.includes(weekdayOf(day)) || taken.has(dayToIso(day)));
    taken.add(dayToIso(day));
    result.push({ date: dayToIso(day), name_vi: `Nghỉ bù ${h.name_vi}`, name_en: `Compensatory day off (${h.name_en})` });
  }
  return result;
}

/**
 * Public holidays of Gregorian `year`, sorted by date, including compensatory
 * days (which may follow the holiday by several days but never leave the year).
 */
export function publicHolidays(year: number, opts: HolidayOptions = {}): Holiday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) {
    throw new RangeError(`publicHolidays: unsupported year ${year}`);
  }
  const weeklyDaysOff = opts.weeklyDaysOff ?? [0, 6];
  const compensatory = opts.compensatory ?? true;
  if (compensatory && weeklyDaysOff.length >= 7) {
    throw new RangeError('publicHolidays: every weekday is a day off, so no day can be compensatory');
  }
  const holidays = [...fixedHolidays(year, opts), ...tetHolidays(year)].sort(byDate);
  const extra = compensatory ? compensatoryDays(holidays, weeklyDaysOff) : [];
  return [...holidays, ...extra].sort(byDate);
}

function byDate(a: Holiday, b: Holiday): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
