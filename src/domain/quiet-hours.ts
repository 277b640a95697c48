/**
 * Quiet hours for automated messages (pure). Vietnam has one time zone with no
 * daylight saving (UTC+7, Asia/Ho_Chi_Minh), so local time is a fixed offset.
 * Night sending of advertising SMS is restricted (Decree 91/2020, CHANNELS.md
 * §5.2; the exact hours are UNVERIFIED), and nobody wants an acknowledgement at
 * 23:40: non-urgent automated messages wait for the end of the window.
 */
export const VN_OFFSET_MINUTES = 7 * 60;

export interface QuietWindow {
  /** Minutes after local midnight when quiet starts (22:00 → 1320). */
  start: number;
  /** Minutes after local midnight when quiet ends (06:00 → 360). */
  end: number;
}

/** "22:00-06:00" → window; "off" → null. Throws on a malformed value (env is validated first). */
export function parseQuietHours(spec: string): QuietWindow | null {
  if (spec === 'off') return null;
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(spec);
  if (!m) throw new RangeError(`quiet hours must look like 22:00-06:00, got ${JSON.stringify(spec)}`);
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw new RangeError(`quiet hours out of range: ${spec}`);
  const w = { start: h1 * 60 + m1, end: h2 * 60 + m2 };
  return w.start === w.end ? null : w;
}

const DAY = 24 * 60;

/**
 * When `now` falls inside the quiet window, the instant the window ends;
 * otherwise null. Handles windows that wrap midnight (22:00–06:00) and ones that
 * do not (12:00–13:30).
 */
export function quietUntil(now: Date, window: QuietWindow | null, offsetMinutes = VN_OFFSET_MINUTES): Date | null {
  if (!window) return null;
  const localMs = now.getTime() + offsetMinutes * 60_000;
  const minuteOfDay = Math.floor(localMs / 60_000) % DAY;
  const wraps = window.start > window.end;
  const inside = wraps
    ? minuteOfDay >= window.start || minuteOfDay < window.end
    : minuteOfDay >= window.start && minuteOfDay < window.end;
  if (!inside) return null;
  // Minutes from now until the window's end, going forward across midnight if needed.
  const untilEnd = (window.end - minuteOfDay + DAY) % DAY;
  const startOfMinute = now.getTime() - (localMs % 60_000);
  return new Date(startOfMinute + untilEnd * 60_000);
}
