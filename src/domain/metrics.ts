/**
 * Report metrics from the timeline (pure; README "Metric definitions").
 *
 * One pass over the report's events in time order:
 *   - received: the clock starts; the report is open and held by its unit.
 *   - reply_sent: an officer's reply reached the citizen's channel. The first
 *     one is the first response. Automatic acknowledgements are never
 *     `reply_sent` (they are ack_queued / message_sent), so they never count.
 *   - status_changed → answered: `via: manual` answers at that instant; `via:
 *     reply` answers when the next reply is sent (the answer must reach the
 *     citizen, as reports.answered_at is stamped).
 *   - reopened: the answer no longer stands; the report is open again.
 *   - transferred: from now on the time is charged to the receiving unit.
 *   - deadline_set / deadline_recomputed: the policy deadline (and the
 *     deadline); extension_approved: the deadline only.
 *   - rated: the latest score counts.
 * Resolution is measured to the answer that stands (the last one); on time
 * compares that answer with the deadlines in force at that moment.
 */
import { workingMsBetween, type WorkCalendar } from './working-time.js';

export interface TimelineEvent {
  type: string;
  at: Date;
  unitId: number | null;
  data: Record<string, unknown> | null;
}

export type OnTimeStatus = 'on_time' | 'late_extended' | 'late';

export interface UnitCharge { unitId: number; wallMs: number; workMs: number }

export interface ReportMetrics {
  receivedAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseMs: number | null;
  firstResponseWorkMs: number | null;
  answeredAt: Date | null;
  resolutionMs: number | null;
  resolutionWorkMs: number | null;
  /** Answered reports only; null while open or without a deadline. */
  onTimeStatus: OnTimeStatus | null;
  /** Open and past its (possibly extended) deadline at `now`. */
  overdue: boolean;
  policyDueAt: Date | null;
  dueAt: Date | null;
  /** Time each unit held the report while it was open, in first-held order. */
  charges: UnitCharge[];
  rating: number | null;
  ratedAt: Date | null;
  reopenCount: number;
  transferCount: number;
}

interface State {
  received: Date | null;
  firstReply: Date | null;
  answered: Date | null;
  answerOnReply: boolean;
  openSince: Date | null;
  holder: number | null;
  policyDue: Date | null;
  due: Date | null;
  outcome: OnTimeStatus | null;
  charges: Map<number, { from: Date; to: Date }[]>;
  rating: number | null;
  ratedAt: Date | null;
  reopens: number;
  transfers: number;
}

const dateOf = (v: unknown): Date | null => {
  if (typeof v !== 'string' && !(v instanceof Date)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
const numberOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function outcomeAt(answeredAt: Date, policyDue: Date | null, due: Date | null): OnTimeStatus | null {
  if (!policyDue && !due) return null;
  const t = answeredAt.getTime();
  if (policyDue && t <= policyDue.getTime()) return 'on_time';
  if (!policyDue && due && t <= due.getTime()) return 'on_time';
  if (due && t <= due.getTime()) return 'late_extended';
  return 'late';
}

/** Close the open interval at `at`, charging it to the unit that held the report. */
function closeInterval(s: State, at: Date): void {
  if (!s.openSince || s.holder === null) return;
  const list = s.charges.get(s.holder) ?? [];
  list.push({ from: s.openSince, to: at });
  s.charges.set(s.holder, list);
  s.openSince = null;
}

function answer(s: State, at: Date): void {
  if (s.answered) return;
  s.answered = at;
  s.answerOnReply = false;
  s.outcome = outcomeAt(at, s.policyDue, s.due);
  closeInterval(s, at);
}

type Handler = (s: State, e: TimelineEvent) => void;

const HANDLERS: Record<string, Handler> = {
  received: (s, e) => {
    if (s.received) return;
    s.received = e.at;
    s.openSince = e.at;
    s.holder = e.unitId;
  },
  routed: (s, e) => { if (s.holder === null) s.holder = e.unitId; },
  reply_sent: (s, e) => {
    s.firstReply ??= e.at;
    if (s.answerOnReply) answer(s, e.at);
  },
  status_changed: (s, e) => {
    if (e.data?.to !== 'answered') return;
    if (e.data.via === 'reply') { if (!s.answered) s.answerOnReply = true; } else answer(s, e.at);
  },
  reopened: (s, e) => {
    if (!s.answered && !s.answerOnReply) return;
    s.answered = null;
    s.answerOnReply = false;
    s.outcome = null;
    s.reopens++;
    s.openSince ??= e.at;
  },
  transferred: (s, e) => {
    const to = numberOf(e.data?.toUnitId) ?? e.unitId;
    if (to === null) return;
    const wasOpen = s.openSince !== null;
    closeInterval(s, e.at);
    s.holder = to;
    s.transfers++;
    if (wasOpen) s.openSince = e.at;
  },
  deadline_set: (s, e) => { const d = dateOf(e.data?.dueAt); if (d) { s.policyDue = d; s.due = d; } },
  deadline_recomputed: (s, e) => { const d = dateOf(e.data?.dueAt); if (d) { s.policyDue = d; s.due = d; } },
  extension_approved: (s, e) => { const d = dateOf(e.data?.dueAt); if (d) s.due = d; },
  rated: (s, e) => {
    const score = numberOf(e.data?.score);
    if (score !== null && score >= 1 && score <= 5) { s.rating = score; s.ratedAt = e.at; }
  },
};

function durations(cal: WorkCalendar, from: Date | null, to: Date | null): [number | null, number | null] {
  if (!from || !to) return [null, null];
  return [Math.max(0, to.getTime() - from.getTime()), workingMsBetween(cal, from, to)];
}

/** Metrics of one report; `events` in time order (ties in insertion order). */
export function computeReportMetrics(events: readonly TimelineEvent[], cal: WorkCalendar, now: Date): ReportMetrics {
  const s: State = {
    received: null, firstReply: null, answered: null, answerOnReply: false, openSince: null, holder: null,
    policyDue: null, due: null, outcome: null, charges: new Map(), rating: null, ratedAt: null, reopens: 0, transfers: 0,
  };
  for (const e of events) HANDLERS[e.type]?.(s, e);
  const end = new Date(Math.max(now.getTime(), s.openSince?.getTime() ?? 0));
  closeInterval(s, end);
  const [firstResponseMs, firstResponseWorkMs] = durations(cal, s.received, s.firstReply);
  const [resolutionMs, resolutionWorkMs] = durations(cal, s.received, s.answered);
  const charges: UnitCharge[] = [...s.charges].map(([unitId, spans]) => ({
    unitId,
    wallMs: spans.reduce((sum, x) => sum + Math.max(0, x.to.getTime() - x.from.getTime()), 0),
    workMs: spans.reduce((sum, x) => sum + workingMsBetween(cal, x.from, x.to), 0),
  }));
  return {
    receivedAt: s.received, firstResponseAt: s.firstReply, firstResponseMs, firstResponseWorkMs,
    answeredAt: s.answered, resolutionMs, resolutionWorkMs, onTimeStatus: s.answered ? s.outcome : null,
    overdue: !s.answered && s.due !== null && s.due.getTime() < now.getTime(),
    policyDueAt: s.policyDue, dueAt: s.due, charges, rating: s.rating, ratedAt: s.ratedAt, reopenCount: s.reopens, transferCount: s.transfers,
  };
}
