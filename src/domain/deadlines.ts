/**
 * Deadline rules (pure): which policy applies to a report, and the instants
 * its acknowledgement, warning and resolution are due, counted in working time
 * (working-time.ts) on the administrator's calendar.
 */
import { addWorkingMs, defaultCalendar, workingDays, workingHours, workingMsBetween, type WorkCalendar } from './working-time.js';

export type Priority = 'urgent' | 'normal' | 'complex';
export type TransferMode = 'restart' | 'keep';

export interface SlaPolicy {
  id: number;
  /** null = the default for this priority. */
  categoryId: number | null;
  priority: Priority;
  ackWithinMs: number;
  resolveWithinMs: number;
  /** Share of the time to the deadline after which the unit is warned (0 < share < 1). */
  warnShare: number;
  onTransfer: TransferMode;
}

export type PolicyDefaults = Omit<SlaPolicy, 'id' | 'categoryId'>;

/** Seeded defaults, editable by administrators (GET/PUT /api/admin/sla-policies). */
export const DEFAULT_POLICIES: readonly PolicyDefaults[] = [
  { priority: 'urgent', ackWithinMs: workingHours(1), resolveWithinMs: workingHours(4), warnShare: 0.75, onTransfer: 'restart' },
  { priority: 'normal', ackWithinMs: workingHours(8), resolveWithinMs: workingDays(5), warnShare: 0.75, onTransfer: 'restart' },
  { priority: 'complex', ackWithinMs: workingHours(8), resolveWithinMs: workingDays(15), warnShare: 0.75, onTransfer: 'restart' },
];

/** The category's own policy for the priority, else the priority's default, else none. */
export function pickPolicy(policies: readonly SlaPolicy[], categoryId: number | null, priority: Priority): SlaPolicy | null {
  const own = categoryId === null ? undefined : policies.find((p) => p.categoryId === categoryId && p.priority === priority);
  return own ?? policies.find((p) => p.categoryId === null && p.priority === priority) ?? null;
}

export interface CalendarDay { date: string; kind: 'day_off' | 'make_up' }

/** The default working week and public holidays plus the administrator's exceptions. */
export function calendarFrom(days: readonly CalendarDay[]): WorkCalendar {
  return {
    ...defaultCalendar(),
    daysOff: days.filter((d) => d.kind === 'day_off').map((d) => d.date),
    makeUpDays: days.filter((d) => d.kind === 'make_up').map((d) => d.date),
  };
}

/** When the unit is warned: `share` of the working time between `from` and `due` has elapsed. */
export function warnAtFor(cal: WorkCalendar, from: Date, due: Date, share: number): Date {
  if (due.getTime() <= from.getTime()) return due;
  const span = workingMsBetween(cal, from, due);
  return addWorkingMs(cal, from, Math.floor(span * share));
}

export interface Deadlines {
  ackDueAt: Date;
  dueAt: Date;
  warnAt: Date;
}

/** Deadlines of a clock started at `start` (receipt, or a transfer that restarts it). */
export function deadlinesFrom(cal: WorkCalendar, start: Date, policy: Pick<SlaPolicy, 'ackWithinMs' | 'resolveWithinMs' | 'warnShare'>): Deadlines {
  const dueAt = addWorkingMs(cal, start, policy.resolveWithinMs);
  return {
    ackDueAt: addWorkingMs(cal, start, policy.ackWithinMs),
    dueAt,
    warnAt: warnAtFor(cal, start, dueAt, policy.warnShare),
  };
}

/** Whether a requested extension is acceptable: later than the current deadline and in the future. */
export function extensionProblem(requested: Date, currentDue: Date | null, now: Date): 'not_later' | 'past' | null {
  if (requested.getTime() <= now.getTime()) return 'past';
  if (currentDue && requested.getTime() <= currentDue.getTime()) return 'not_later';
  return null;
}
