import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, calendarFrom, deadlinesFrom, extensionProblem, pickPolicy, warnAtFor, type SlaPolicy } from './deadlines.js';
import { computeReportMetrics } from './metrics.js';
import { workingDays, workingHours } from './working-time.js';

const vn = (text: string): Date => new Date(`${text.replace(' ', 'T')}+07:00`);
const fmt = (d: Date): string => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const policies: SlaPolicy[] = DEFAULT_POLICIES.map((p, i) => ({ ...p, id: i + 1, categoryId: null }));
const landComplex: SlaPolicy = { id: 9, categoryId: 7, priority: 'complex', ackWithinMs: workingHours(4), resolveWithinMs: workingDays(30), warnShare: 0.5, onTransfer: 'keep' };
const cal = calendarFrom([]);

describe('pickPolicy', () => {
  it('prefers the category policy, falls back to the priority default', () => {
    expect(pickPolicy([...policies, landComplex], 7, 'complex')?.id).toBe(9);
    expect(pickPolicy([...policies, landComplex], 8, 'complex')?.priority).toBe('complex');
    expect(pickPolicy([...policies, landComplex], 7, 'urgent')?.priority).toBe('urgent');
    expect(pickPolicy([landComplex], null, 'normal')).toBeNull();
  });
});

describe('deadlinesFrom', () => {
  it.each([
    // urgent: 4 working hours, acknowledged within 1
    ['urgent', '2025-01-06 10:00', '2025-01-06 11:00', '2025-01-06 16:00', '2025-01-06 15:00'],
    // normal: 5 working days of 7.5 h; warned after 75 % (28.125 working hours)
    ['normal', '2025-01-06 10:00', '2025-01-07 10:30', '2025-01-13 10:00', '2025-01-10 08:07'],
    // received on Friday evening: the clock starts on Monday morning; 4 h end exactly at the lunch break
    ['urgent', '2025-01-10 18:00', '2025-01-13 08:30', '2025-01-13 11:30', '2025-01-13 10:30'],
    // complex across Tết 2025 (28 Jan – 3 Feb off)
    ['complex', '2025-01-24 08:00', '2025-01-27 08:30', '2025-02-21 08:00', '2025-02-17 09:52'],
  ] as const)('%s received %s → ack %s, due %s, warn %s', (priority, start, ack, due, warn) => {
    const d = deadlinesFrom(cal, vn(start), pickPolicy(policies, null, priority)!);
    expect([fmt(d.ackDueAt), fmt(d.dueAt), fmt(d.warnAt)]).toEqual([ack, due, warn]);
  });

  it('an administrator day off pushes the deadline; a make-up Saturday pulls it in', () => {
    const urgent = pickPolicy(policies, null, 'urgent')!;
    const off = calendarFrom([{ date: '2025-01-07', kind: 'day_off' }]);
    expect(fmt(deadlinesFrom(off, vn('2025-01-06 16:00'), urgent).dueAt)).toBe('2025-01-08 10:30');
    const makeUp = calendarFrom([{ date: '2025-01-11', kind: 'make_up' }]);
    expect(fmt(deadlinesFrom(makeUp, vn('2025-01-10 16:00'), urgent).dueAt)).toBe('2025-01-11 10:30');
  });
});

describe('warnAtFor', () => {
  it('is the share of the working time left, and the deadline itself when already past', () => {
    expect(fmt(warnAtFor(cal, vn('2025-01-06 07:30'), vn('2025-01-06 17:00'), 0.5))).toBe('2025-01-06 11:15');
    expect(fmt(warnAtFor(cal, vn('2025-01-06 12:00'), vn('2025-01-06 09:00'), 0.75))).toBe('2025-01-06 09:00');
  });
});

describe('deadline with an extension', () => {
  it('the extension must be later than the deadline and in the future', () => {
    const now = vn('2025-01-08 09:00');
    expect(extensionProblem(vn('2025-01-08 08:00'), vn('2025-01-09 08:00'), now)).toBe('past');
    expect(extensionProblem(vn('2025-01-09 08:00'), vn('2025-01-09 08:00'), now)).toBe('not_later');
    expect(extensionProblem(vn('2025-01-10 17:00'), vn('2025-01-09 08:00'), now)).toBeNull();
  });

  it('an answer after the policy deadline but within the approved extension is late with extension', () => {
    const d = deadlinesFrom(cal, vn('2025-01-06 08:00'), pickPolicy(policies, null, 'urgent')!);
    const extended = vn('2025-01-07 17:00');
    const events = [
      { type: 'received', at: vn('2025-01-06 08:00'), unitId: 1, data: null },
      { type: 'deadline_set', at: vn('2025-01-06 08:00'), unitId: 1, data: { dueAt: d.dueAt.toISOString() } },
      { type: 'extension_approved', at: vn('2025-01-06 11:00'), unitId: 1, data: { dueAt: extended.toISOString() } },
      { type: 'status_changed', at: vn('2025-01-07 09:00'), unitId: 1, data: { to: 'answered', via: 'manual' } },
    ];
    const m = computeReportMetrics(events, cal, vn('2025-01-08 00:00'));
    expect(fmt(m.policyDueAt!)).toBe('2025-01-06 14:00');
    expect(m.dueAt).toEqual(extended);
    expect(m.onTimeStatus).toBe('late_extended');
  });
});
