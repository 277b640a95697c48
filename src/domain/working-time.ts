/**
 * Working-time clock for SLA deadlines: counts only time inside office shifts
 * on working days (Vietnam, UTC+7, no DST).
 *
 * Day precedence, strongest first: admin `daysOff` > admin `makeUpDays` >
 * public holidays (incl. compensatory days) > weekly `workdays` pattern.
 * Explicit admin entries win because they encode the government's yearly
 * swap decisions, which no rule can predict.
 *
 * Shift intervals are half-open [start, end): 11:30 is not working time.
 * Everything is pure: instants are always passed in, nothing reads the clock.
 */
import { publicHolidays, type HolidayOptions } from './holidays.js';

export interface Shift {
  /** 'HH:MM', local time. */
  start: string;
  /** 'HH:MM' (up to '24:00'), after `start`; shifts may not cross midnight. */
  end: string;
}

export type CalendarHolidayOptions = Pick<HolidayOptions, 'nationalDayExtra' | 'nationalDayExtraByYear'>;

export interface WorkCalendar {
  /** Only Vietnam is supported: fixed offset +07:00. */
  timeZone: 'Asia/Ho_Chi_Minh';
  /** Weekly working days, 0 = Sunday … 6 = Saturday. */
  workdays: readonly number[];
  /** Non-overlapping shifts of a working day. */
  shifts: readonly Shift[];
  /** Extra days off entered by an admin, 'YYYY-MM-DD'. */
  daysOff: readonly string[];
  /** Days that are working days although normally off (e.g. a swapped Saturday), 'YYYY-MM-DD'. */
  makeUpDays: readonly string[];
  /** Observe Vietnamese public holidays (default true); an object tunes them. */
  holidays?: boolean | CalendarHolidayOptions;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * HOUR_MS;
/** Give up when no working day exists this far ahead (misconfigured calendar). */
const MAX_IDLE_DAYS = 3660;

export function defaultCalendar(): WorkCalendar {
  return {
    timeZone: 'Asia/Ho_Chi_Minh',
    workdays: [1, 2, 3, 4, 5],
    shifts: [
      { start: '07:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ],
    daysOff: [],
    makeUpDays: [],
    holidays: true,
  };
}

export function workingHours(n: number): number {
  return Math.round(n * HOUR_MS);
}

/** `n` working days in ms, one day being the total shift length (7.5 h for the default calendar). */
export function workingDays(n: number, cal: WorkCalendar = defaultCalendar()): number {
  return Math.round(n * compile(cal).dayLength);
}

// ---------------------------------------------------------------------------
// Calendar compilation
// ---------------------------------------------------------------------------

/** A local day is an integer (days since 1970-01-01 in UTC+7); an offset is ms since local midnight. */
interface Compiled {
  shifts: readonly (readonly [number, number])[];
  firstStart: number;
  dayLength: number;
  isWorkingDay(day: number): boolean;
}

function parseClock(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= 24 * 60)) throw new RangeError(`Invalid shift time "${text}"`);
  return minutes * MINUTE_MS;
}

function parseShifts(shifts: readonly Shift[]): [number, number][] {
  const parsed = shifts
    .map((s): [number, number] => [parseClock(s.start), parseClock(s.end)])
    .sort((a, b) => a[0] - b[0]);
  if (parsed.length === 0) throw new RangeError('A work calendar needs at least one shift');
  parsed.forEach(([start, end], i) => {
    const prevEnd = parsed[i - 1]?.[1] ?? 0;
    if (end <= start || start < prevEnd) throw new RangeError('Shifts must be non-empty and must not overlap');
  });
  return parsed;
}

function dateSet(dates: readonly string[], field: string): Set<string> {
  for (const d of dates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      throw new RangeError(`Invalid date "${d}" in ${field}`);
    }
  }
  return new Set(dates);
}

// Public holidays are a pure function of (year, options), so a module-level
// cache is safe and keeps per-day lookups to a Set.has().
const holidayCache = new Map<string, ReadonlySet<string>>();

function holidaySet(year: number, opts: CalendarHolidayOptions, weeklyDaysOff: readonly number[]): ReadonlySet<string> {
  const extra = opts.nationalDayExtraByYear?.[year] ?? opts.nationalDayExtra ?? 1;
  const key = `${year}|${extra}|${weeklyDaysOff.join(',')}`;
  let set = holidayCache.get(key);
  if (!set) {
    // With no working weekday at all, "the following working day" does not exist.
    const compensatory = weeklyDaysOff.length < 7;
    const list = publicHolidays(year, { nationalDayExtra: extra, weeklyDaysOff, compensatory });
    set = new Set(list.map((h) => h.date));
    holidayCache.set(key, set);
  }
  return set;
}

function compile(cal: WorkCalendar): Compiled {
  if (cal.timeZone !== 'Asia/Ho_Chi_Minh') throw new RangeError(`Unsupported time zone ${String(cal.timeZone)}`);
  if (cal.workdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) throw new RangeError('workdays must be 0..6');
  const shifts = parseShifts(cal.shifts);
  const daysOff = dateSet(cal.daysOff, 'daysOff');
  const makeUp = dateSet(cal.makeUpDays, 'makeUpDays');
  const holidayOpts = cal.holidays === false ? null : cal.holidays === true || !cal.holidays ? {} : cal.holidays;
  const weeklyDaysOff = [0, 1, 2, 3, 4, 5, 6].filter((d) => !cal.workdays.includes(d));
  const isWorkingDay = (day: number): boolean => {
    const iso = isoOfDay(day);
    if (daysOff.has(iso)) return false;
    if (makeUp.has(iso)) return true;
    if (holidayOpts && holidaySet(Number(iso.slice(0, 4)), holidayOpts, weeklyDaysOff).has(iso)) return false;
    return cal.workdays.includes(weekdayOfDay(day));
  };
  const dayLength = shifts.reduce((sum, [start, end]) => sum + end - start, 0);
  return { shifts, firstStart: shifts[0]?.[0] ?? 0, dayLength, isWorkingDay };
}

// ---------------------------------------------------------------------------
// Local-time arithmetic
// ---------------------------------------------------------------------------

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

function split(at: Date, name: string): { day: number; offset: number } {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${name} is an invalid Date`);
  const local = t + VN_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, offset: local - day * DAY_MS };
}

function instant(day: number, offset: number): Date {
  return new Date(day * DAY_MS + offset - VN_OFFSET_MS);
}

/** Working ms of a working day that lie before `offset`. */
function workedBefore(c: Compiled, offset: number): number {
  let worked = 0;
  for (const [start, end] of c.shifts) worked += Math.max(0, Math.min(offset, end) - start);
  return worked;
}

/** Earliest offset at which `worked` (0 < worked <= dayLength) ms of the day have elapsed; a shift end, not the next start, when exact. */
function offsetAfterWorking(c: Compiled, worked: number): number {
  let left = worked;
  for (const [start, end] of c.shifts) {
    if (left <= end - start) return start + left;
    left -= end - start;
  }
  throw new RangeError('worked exceeds the day length'); // callers guarantee otherwise
}

function nextWorkingDay(c: Compiled, fromDay: number): number {
  for (let day = fromDay; day < fromDay + MAX_IDLE_DAYS; day++) {
    if (c.isWorkingDay(day)) return day;
  }
  throw new RangeError(`No working day within ${MAX_IDLE_DAYS} days of ${isoOfDay(fromDay)}`);
}

/** First working (day, offset) at or after the given local position. */
function nextStartOf(c: Compiled, day: number, offset: number): { day: number; offset: number } {
  if (c.isWorkingDay(day)) {
    for (const [start, end] of c.shifts) {
      if (offset < end) return { day, offset: Math.max(offset, start) };
    }
  }
  return { day: nextWorkingDay(c, day + 1), offset: c.firstStart };
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export function isWorkingInstant(cal: WorkCalendar, at: Date): boolean {
  const c = compile(cal);
  const { day, offset } = split(at, 'at');
  return c.isWorkingDay(day) && c.shifts.some(([start, end]) => offset >= start && offset < end);
}

/** `at` itself when it is working time, otherwise the start of the next shift on a working day. */
export function nextWorkingStart(cal: WorkCalendar, at: Date): Date {
  const c = compile(cal);
  const pos = split(at, 'at');
  const next = nextStartOf(c, pos.day, pos.offset);
  return instant(next.day, next.offset); // exact round trip, so a working `at` comes back unchanged
}

/** Working milliseconds in [from, to); 0 when `to <= from`. Loops per day, not per minute. */
export function workingMsBetween(cal: WorkCalendar, from: Date, to: Date): number {
  const a = split(from, 'from');
  const b = split(to, 'to');
  if (to.getTime() <= from.getTime()) return 0;
  const c = compile(cal);
  let total = 0;
  for (let day = a.day; day <= b.day; day++) {
    if (!c.isWorkingDay(day)) continue;
    const lo = day === a.day ? workedBefore(c, a.offset) : 0;
    const hi = day === b.day ? workedBefore(c, b.offset) : c.dayLength;
    total += hi - lo;
  }
  return total;
}

/**
 * The instant at which `ms` working milliseconds have elapsed since `from`.
 *
 * The clock starts at nextWorkingStart(from), so adding 0 to an evening or
 * weekend instant yields the next shift start (when the clock would start
 * running) — this keeps the result continuous in `ms`. For ms > 0 the result
 * is the earliest such instant: a deadline landing exactly on a shift end is
 * that shift end (11:30), not the next shift start (13:30).
 * Invariant: workingMsBetween(cal, from, addWorkingMs(cal, from, ms)) === ms.
 */
export function addWorkingMs(cal: WorkCalendar, from: Date, ms: number): Date {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`ms must be a non-negative integer, got ${ms}`);
  const c = compile(cal);
  const pos = split(from, 'from');
  const start = nextStartOf(c, pos.day, pos.offset);
  if (ms === 0) return instant(start.day, start.offset);
  let day = start.day;
  // Working ms to accumulate counted from the beginning of `day`.
  let target = workedBefore(c, start.offset) + ms;
  while (target > c.dayLength) {
    target -= c.dayLength;
    day = nextWorkingDay(c, day + 1);
  }
  return instant(day, offsetAfterWorking(c, target));
}
