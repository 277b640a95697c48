import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietUntil } from './quiet-hours.js';

const night = parseQuietHours('22:00-06:00');
/** A Vietnam local time as a Date (UTC+7). */
const vn = (iso: string) => new Date(`${iso}+07:00`);

describe('quiet hours', () => {
  it.each([
    ['2026-03-10T21:59:59', null],
    ['2026-03-10T22:00:00', '2026-03-11T06:00:00'],
    ['2026-03-10T23:41:30', '2026-03-11T06:00:00'],
    ['2026-03-11T00:00:00', '2026-03-11T06:00:00'],
    ['2026-03-11T05:59:59', '2026-03-11T06:00:00'],
    ['2026-03-11T06:00:00', null],
    ['2026-03-11T12:00:00', null],
  ])('at %s local time, sending waits until %s', (at, until) => {
    const got = quietUntil(vn(at), night);
    expect(got?.getTime() ?? null).toBe(until ? vn(until).getTime() : null);
  });

  it('handles a window that does not wrap midnight', () => {
    const lunch = parseQuietHours('11:30-13:30');
    expect(quietUntil(vn('2026-03-10T12:15:00'), lunch)?.getTime()).toBe(vn('2026-03-10T13:30:00').getTime());
    expect(quietUntil(vn('2026-03-10T13:30:00'), lunch)).toBeNull();
  });

  it('can be switched off', () => {
    expect(parseQuietHours('off')).toBeNull();
    expect(quietUntil(vn('2026-03-10T23:00:00'), null)).toBeNull();
  });

  it('rejects malformed windows', () => {
    expect(() => parseQuietHours('22h-6h')).toThrow(RangeError);
    expect(() => parseQuietHours('25:00-06:00')).toThrow(RangeError);
  });
});
