import { describe, expect, it } from 'vitest';
import { computeReportMetrics, outcomeAt, type TimelineEvent } from './metrics.js';
import { defaultCalendar } from './working-time.js';

/** 'YYYY-MM-DD HH:MM' in Vietnam local time. 2025-01-06 is a Monday. */
const vn = (text: string): Date => new Date(`${text.replace(' ', 'T')}+07:00`);
const ev = (type: string, at: string, data: Record<string, unknown> | null = null, unitId: number | null = null): TimelineEvent =>
  ({ type, at: vn(at), unitId, data });

const H = 3_600_000;
const M = 60_000;
const A = 11;
const B = 22;
const cal = defaultCalendar();
const received = (at = '2025-01-06 08:00') => [ev('received', at, { channel: 'sms' }, A), ev('routed', at, null, A)];
const due = (at: string) => ev('deadline_set', '2025-01-06 08:00', { dueAt: vn(at).toISOString() });

interface Case {
  name: string;
  events: TimelineEvent[];
  now?: string;
  expect: Partial<{
    firstResponseMs: number | null; firstResponseWorkMs: number | null;
    resolutionMs: number | null; resolutionWorkMs: number | null;
    onTimeStatus: string | null; overdue: boolean; rating: number | null; reopenCount: number; transferCount: number;
    charges: { unitId: number; wallMs: number; workMs: number }[];
  }>;
}

const cases: Case[] = [
  {
    name: 'acknowledgement only: no first response, no resolution, time charged until now',
    events: [...received(), due('2025-01-13 08:00'), ev('ack_queued', '2025-01-06 08:00'), ev('message_sent', '2025-01-06 08:01', { kind: 'ack' }), ev('acknowledged', '2025-01-06 08:01')],
    now: '2025-01-07 08:00',
    expect: {
      firstResponseMs: null, firstResponseWorkMs: null, resolutionMs: null, onTimeStatus: null, overdue: false,
      charges: [{ unitId: A, wallMs: 24 * H, workMs: 7.5 * H }],
    },
  },
  {
    name: 'answered by a reply: first response and resolution at the send, not at the click',
    events: [...received(), due('2025-01-13 08:00'), ev('reply_queued', '2025-01-06 10:00'),
      ev('status_changed', '2025-01-06 10:00', { from: 'received', to: 'answered', via: 'reply' }), ev('reply_sent', '2025-01-06 10:05', { messageId: 1 })],
    expect: {
      firstResponseMs: 2 * H + 5 * M, firstResponseWorkMs: 2 * H + 5 * M, resolutionMs: 2 * H + 5 * M, onTimeStatus: 'on_time',
      charges: [{ unitId: A, wallMs: 2 * H + 5 * M, workMs: 2 * H + 5 * M }],
    },
  },
  {
    name: 'overnight: wall-clock 16 h is 1.5 working hours',
    events: [...received('2025-01-06 16:00'), ev('reply_sent', '2025-01-07 08:00', { messageId: 1 })],
    now: '2025-01-07 09:00',
    expect: { firstResponseMs: 16 * H, firstResponseWorkMs: 1.5 * H, resolutionMs: null, onTimeStatus: null },
  },
  {
    name: 'transfer: each unit is charged the time it held the report',
    events: [...received(), due('2025-01-13 08:00'),
      ev('transferred', '2025-01-06 10:00', { fromUnitId: A, toUnitId: B }, B),
      ev('deadline_recomputed', '2025-01-06 10:00', { dueAt: vn('2025-01-13 10:00').toISOString() }),
      ev('status_changed', '2025-01-07 09:00', { from: 'in_progress', to: 'answered', via: 'manual' }, B)],
    expect: {
      resolutionMs: 25 * H, resolutionWorkMs: 8.5 * H, onTimeStatus: 'on_time', transferCount: 1,
      charges: [{ unitId: A, wallMs: 2 * H, workMs: 2 * H }, { unitId: B, wallMs: 23 * H, workMs: 6.5 * H }],
    },
  },
  {
    name: 'reopen after a low rating: resolution runs to the answer that stands; the gap is not charged',
    events: [...received(), due('2025-01-13 08:00'),
      ev('reply_sent', '2025-01-06 09:00', { messageId: 1 }),
      ev('status_changed', '2025-01-06 10:00', { from: 'in_progress', to: 'answered', via: 'manual' }),
      ev('rated', '2025-01-06 11:00', { score: 1, channel: 'sms' }),
      ev('reopened', '2025-01-06 11:00', { reason: 'low_rating', to: 'in_progress' }),
      ev('status_changed', '2025-01-07 08:00', { from: 'in_progress', to: 'answered', via: 'reply' }),
      ev('reply_sent', '2025-01-07 08:30', { messageId: 2 })],
    expect: {
      firstResponseMs: H, firstResponseWorkMs: H, resolutionMs: 24.5 * H, resolutionWorkMs: 8 * H, onTimeStatus: 'on_time',
      rating: 1, reopenCount: 1, charges: [{ unitId: A, wallMs: 23.5 * H, workMs: 7 * H }],
    },
  },
  {
    name: 'reopened and not answered again: open, no resolution',
    events: [...received(), due('2025-01-06 12:00'),
      ev('status_changed', '2025-01-06 10:00', { to: 'answered', via: 'manual' }),
      ev('reopened', '2025-01-06 11:00', { from: 'answered', to: 'in_progress', via: 'manual' })],
    now: '2025-01-06 14:00',
    expect: { resolutionMs: null, onTimeStatus: null, overdue: true, reopenCount: 1, charges: [{ unitId: A, wallMs: 5 * H, workMs: 3 * H }] },
  },
  {
    name: 'answered within an approved extension: late with extension',
    events: [...received(), due('2025-01-08 08:00'),
      ev('extension_approved', '2025-01-07 09:00', { dueAt: vn('2025-01-10 17:00').toISOString() }),
      ev('status_changed', '2025-01-09 10:00', { to: 'answered', via: 'manual' })],
    expect: { onTimeStatus: 'late_extended' },
  },
  {
    name: 'answered after the extended deadline: late',
    events: [...received(), due('2025-01-08 08:00'),
      ev('extension_approved', '2025-01-07 09:00', { dueAt: vn('2025-01-09 08:00').toISOString() }),
      ev('status_changed', '2025-01-09 10:00', { to: 'answered', via: 'manual' })],
    expect: { onTimeStatus: 'late' },
  },
  {
    name: 'answered before the original deadline although extended: on time',
    events: [...received(), due('2025-01-08 08:00'),
      ev('extension_approved', '2025-01-07 09:00', { dueAt: vn('2025-01-10 17:00').toISOString() }),
      ev('status_changed', '2025-01-07 10:00', { to: 'answered', via: 'manual' })],
    expect: { onTimeStatus: 'on_time' },
  },
  {
    name: 'marked answered with a reply that was never sent: still open',
    events: [...received(), due('2025-01-06 09:00'), ev('status_changed', '2025-01-06 08:30', { to: 'answered', via: 'reply' })],
    now: '2025-01-06 10:00',
    expect: { firstResponseMs: null, resolutionMs: null, onTimeStatus: null, overdue: true },
  },
  {
    name: 'no deadline: answered but no on-time status',
    events: [...received(), ev('status_changed', '2025-01-06 09:00', { to: 'answered', via: 'manual' })],
    expect: { resolutionMs: H, onTimeStatus: null },
  },
];

describe('computeReportMetrics', () => {
  it.each(cases)('$name', (c) => {
    const m = computeReportMetrics(c.events, cal, vn(c.now ?? '2025-02-01 12:00'));
    expect(m).toMatchObject(c.expect);
  });

  it('ignores events it does not know', () => {
    const m = computeReportMetrics([...received(), ev('note_added', '2025-01-06 09:00'), ev('something_new', '2025-01-06 09:30')], cal, vn('2025-01-06 10:00'));
    expect(m.firstResponseAt).toBeNull();
    expect(m.charges).toEqual([{ unitId: A, wallMs: 2 * H, workMs: 2 * H }]);
  });
});

describe('outcomeAt', () => {
  const policy = vn('2025-01-08 08:00');
  it.each([
    ['2025-01-08 08:00', null, 'on_time'],
    ['2025-01-08 08:01', null, 'late'],
    ['2025-01-09 08:00', '2025-01-09 08:00', 'late_extended'],
    ['2025-01-09 08:01', '2025-01-09 08:00', 'late'],
  ])('answered %s with extension to %s → %s', (at, ext, expected) => {
    expect(outcomeAt(vn(at), policy, ext ? vn(ext) : policy)).toBe(expected);
  });
});
