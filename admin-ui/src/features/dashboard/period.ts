/**
 * Periods of the dashboard as Vietnam days (`YYYY-MM-DD`, `to` inclusive, as
 * the API takes them) and the trend's buckets: every day, or every ISO week
 * (Monday), between the period's ends — the API lists only buckets with
 * reports, the charts show the empty ones too. Vietnam has no daylight
 * saving, so +7 h is exact.
 */
export const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

export const PRESETS = [7, 30, 90, 365] as const;
export type Preset = (typeof PRESETS)[number];

export interface DayPeriod { from: string; to: string }

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (s: string | null | undefined): s is string => !!s && DAY_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The Vietnam day of an instant. */
export function vnDay(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted. */
export function daysIn(p: DayPeriod): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The last `days` days, today included. */
export function presetPeriod(days: number, now: Date = new Date()): DayPeriod {
  const to = vnDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** The Monday of the day's ISO week. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * Bucket starts covering the period the API answered with (`from` inclusive,
 * `to` exclusive, ISO instants), in order.
 */
export function bucketStarts(period: { from: string; to: string; bucket: 'day' | 'week' }, max = 1000): string[] {
  const first = vnDay(period.from);
  const last = vnDay(new Date(Date.parse(period.to) - 1));
  const step = period.bucket === 'week' ? 7 : 1;
  const out: string[] = [];
  for (let d = period.bucket === 'week' ? mondayOf(first) : first; d <= last && out.length < max; d = addDays(d, step)) out.push(d);
  return out;
}

/** The last day of a bucket (a week: its Sunday). */
export const bucketEnd = (start: string, bucket: 'day' | 'week') => (bucket === 'week' ? addDays(start, 6) : start);
