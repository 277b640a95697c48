/**
 * Numbers of the dashboard in the reader's language: counts, rates,
 * averages and durations — wall-clock (minutes, hours, days) and working time
 * (one working day = 7.5 working hours, README "Metric definitions").
 * Pure: the browser test formats the API's figures with it to compare.
 */
import { dashboardEn, dashboardVi } from '../../i18n/dashboard.js';

export type Lang = 'vi' | 'en';

export const HOUR_MS = 3_600_000;
export const WORK_DAY_MS = 27_000_000;

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');
const numberFormats = new Map<string, Intl.NumberFormat>();
function number(lang: Lang, n: number, digits = 0): string {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, f = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }));
  return f.format(n);
}

type DurationKey = 'dashDurMinutes' | 'dashDurHours' | 'dashDurDays' | 'dashWorkMinutes' | 'dashWorkHours' | 'dashWorkDays';
const words = (lang: Lang, key: DurationKey, n: string) => (lang === 'vi' ? dashboardVi : dashboardEn)[key].replace('{n}', n);

export const NONE = '—';

export const formatCount = (lang: Lang, n: number) => number(lang, n);

/** 0.625 → "62,5%" / "62.5%"; null (nothing decided) → "—". */
export function formatRate(lang: Lang, rate: number | null): string {
  return rate === null ? NONE : `${number(lang, Math.round(rate * 1000) / 10, 1)}%`;
}

/** A 1–5 average, one decimal. */
export const formatAverage = (lang: Lang, avg: number | null) => (avg === null ? NONE : number(lang, Math.round(avg * 10) / 10, 1));

/** Wall-clock: minutes under an hour, hours under two days, then days. */
export function formatWall(lang: Lang, ms: number | null): string {
  if (ms === null) return NONE;
  if (ms < HOUR_MS) return words(lang, 'dashDurMinutes', number(lang, Math.round(ms / 60_000)));
  if (ms < 48 * HOUR_MS) return words(lang, 'dashDurHours', number(lang, Math.round(ms / HOUR_MS * 10) / 10, 1));
  return words(lang, 'dashDurDays', number(lang, Math.round(ms / (24 * HOUR_MS) * 10) / 10, 1));
}

/** Working time: minutes under an hour, working hours under a working day (7.5 h), then working days. */
export function formatWork(lang: Lang, ms: number | null): string {
  if (ms === null) return NONE;
  if (ms < HOUR_MS) return words(lang, 'dashWorkMinutes', number(lang, Math.round(ms / 60_000)));
  if (ms < WORK_DAY_MS) return words(lang, 'dashWorkHours', number(lang, Math.round(ms / HOUR_MS * 10) / 10, 1));
  return words(lang, 'dashWorkDays', number(lang, Math.round(ms / WORK_DAY_MS * 10) / 10, 1));
}

/** Hours with one decimal, for chart axes and tables. */
export const formatHours = (lang: Lang, ms: number | null) => (ms === null ? NONE : number(lang, Math.round(ms / HOUR_MS * 10) / 10, 1));

/** "2026-03-02" → "02/03" (short) or "02/03/2026". */
export function formatDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-');
  return withYear ? `${d}/${m}/${y}` : `${d}/${m}`;
}
