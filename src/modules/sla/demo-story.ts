/**
 * Demo history (npm run demo only): the life of one past report as a
 * timeline, generated from a seeded random source with the real deadline
 * rules — received, routed, deadline set, acknowledged, sometimes transferred,
 * answered in working hours (or not yet), sometimes extended, warned and
 * breached when late, closed, rated, reopened by a low rating. Pure: the
 * caller writes it (demo-history.ts) and computes the metrics from it with
 * the same code as production.
 */
import { deadlinesFrom, pickPolicy, warnAtFor, type Deadlines, type Priority, type SlaPolicy } from '../../domain/deadlines.js';
import { addWorkingMs, workingDays, workingHours, workingMsBetween, type WorkCalendar } from '../../domain/working-time.js';

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StoryEvent { type: string; at: Date; actor: 'system' | 'citizen' | 'officer'; unitId: number | null; data: Record<string, unknown> }
export interface StoryMessage { direction: 'in' | 'out'; kind: 'text' | 'ack' | 'reply'; status: 'received' | 'delivered'; at: Date }

export interface StoryInput {
  receivedAt: Date; channel: 'web' | 'sms' | 'zalo'; categoryId: number; priority: Priority;
  unitId: number; transferTo: number | null; parentUnitId: number | null;
  /** Recent backlog the demo inbox always shows: not answered yet, or answered only with a holding reply. */
  fate?: 'waiting' | 'in_progress';
}

export interface Story {
  events: StoryEvent[]; messages: StoryMessage[]; finalUnitId: number;
  status: 'received' | 'in_progress' | 'answered' | 'closed';
  firstResponseAt: Date | null; answeredAt: Date | null; closedAt: Date | null; ackDueAt: Date | null; dueAt: Date | null;
  sla: { policyId: number; startedAt: Date; policyDueAt: Date; dueAt: Date; warnAt: Date; version: number; warned: boolean; breached: boolean } | null;
  extension: { requestedAt: Date; decidedAt: Date; dueAt: Date; previousDueAt: Date } | null;
}

const H = workingHours(1);
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
const later = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** Working hours until the first answer: most within a day, a long tail. */
function responseDelay(rng: Rng, priority: Priority): number {
  const r = rng();
  const hours = r < 0.45 ? between(rng, 0.3, 7.5) : r < 0.75 ? between(rng, 7.5, 30) : r < 0.92 ? between(rng, 30, 75) : between(rng, 75, 150);
  return Math.round((priority === 'urgent' ? hours * 0.25 : priority === 'complex' ? hours * 1.6 : hours) * H);
}

const SCORES = [5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 1];

class Builder {
  events: StoryEvent[] = [];
  messages: StoryMessage[] = [];
  status: Story['status'] = 'received';
  firstResponseAt: Date | null = null;
  answeredAt: Date | null = null;
  closedAt: Date | null = null;
  constructor(readonly now: Date, public unitId: number) {}
  add(type: string, at: Date, actor: StoryEvent['actor'], data: Record<string, unknown> = {}, unitId: number | null = this.unitId): void {
    if (at.getTime() <= this.now.getTime()) this.events.push({ type, at, actor, unitId, data });
  }
  reply(at: Date, answers: boolean): boolean {
    if (at.getTime() + 60_000 > this.now.getTime()) return false;
    const to = answers ? 'answered' : 'in_progress';
    this.add('reply_queued', at, 'officer');
    if (this.status !== to) this.add('status_changed', at, 'officer', { from: this.status, to, via: 'reply' });
    this.status = to;
    const sent = later(at, 60_000);
    this.add('reply_sent', sent, 'system');
    this.messages.push({ direction: 'out', kind: 'reply', status: 'delivered', at: sent });
    this.firstResponseAt ??= sent;
    if (answers) this.answeredAt = sent;
    return true;
  }
}

interface Clock {
  policy: SlaPolicy | null; d: Deadlines | null; start: Date; version: number; ackDueAt: Date | null;
  policyDue: Date | null; due: Date | null; extension: Story['extension'];
}

function opening(b: Builder, input: StoryInput, clock: Clock): void {
  const rec = input.receivedAt;
  b.add('received', rec, 'citizen', { channel: input.channel });
  b.messages.push({ direction: 'in', kind: 'text', status: 'received', at: rec });
  b.add('routed', rec, 'system', { reason: input.transferTo ? 'triage' : 'explicit' });
  if (clock.d && clock.policy) {
    b.add('deadline_set', rec, 'system', { dueAt: clock.d.dueAt.toISOString(), ackDueAt: clock.d.ackDueAt.toISOString(), policyId: clock.policy.id, version: 1 });
  }
  if (input.channel === 'web') { b.add('acknowledged', rec, 'system', { channel: 'web' }); return; }
  b.add('ack_queued', rec, 'system');
  b.add('message_sent', later(rec, 30_000), 'system', { kind: 'ack' });
  b.messages.push({ direction: 'out', kind: 'ack', status: 'delivered', at: later(rec, 30_000) });
}

/** Sent on to the competent unit a few working hours later; `restart` policies start the clock again. */
function transfer(rng: Rng, b: Builder, input: StoryInput, clock: Clock, cal: WorkCalendar): void {
  if (!input.transferTo) return;
  const at = addWorkingMs(cal, input.receivedAt, Math.round(between(rng, 0.5, 6) * H));
  if (at >= b.now) return;
  b.add('transferred', at, 'officer', { fromUnitId: b.unitId, toUnitId: input.transferTo, reason: 'Chuyển đúng đơn vị phụ trách' }, input.transferTo);
  b.unitId = input.transferTo;
  if (clock.policy?.onTransfer !== 'restart') return;
  clock.d = deadlinesFrom(cal, at, clock.policy);
  clock.ackDueAt = clock.d.ackDueAt;
  clock.start = at;
  clock.version++;
  b.add('deadline_recomputed', at, 'system', { reason: 'transfer', dueAt: clock.d.dueAt.toISOString(), version: clock.version });
}

/** A unit that will be late asks, once 60 % of the time is used up, for 5 more working days; the leader approves an hour later. */
function extend(b: Builder, clock: Clock, firstReply: Date, cal: WorkCalendar): void {
  const due = clock.due;
  if (!due || firstReply <= due) return;
  const asked = addWorkingMs(cal, clock.start, Math.round(workingMsBetween(cal, clock.start, due) * 0.6));
  if (asked >= b.now || asked >= due) return;
  const decided = addWorkingMs(cal, asked, H);
  const newDue = addWorkingMs(cal, due, workingDays(5));
  b.add('extension_requested', asked, 'officer', { dueAt: newDue.toISOString(), previousDueAt: due.toISOString(), reason: 'Cần thêm thời gian xác minh thực địa' });
  if (decided >= b.now) return;
  clock.version++;
  b.add('extension_approved', decided, 'officer', { dueAt: newDue.toISOString(), previousDueAt: due.toISOString(), version: clock.version });
  clock.extension = { requestedAt: asked, decidedAt: decided, dueAt: newDue, previousDueAt: due };
  clock.due = newDue;
}

/** The timers' traces: a warning and a breach (escalated to the district) while the report was still open. */
function timers(b: Builder, input: StoryInput, clock: Clock, cal: WorkCalendar): Story['sla'] {
  const { d, policy, due } = clock;
  if (!d || !policy || !due) return null;
  const warnAt = clock.extension ? warnAtFor(cal, clock.extension.decidedAt, due, policy.warnShare) : d.warnAt;
  const openUntil = b.answeredAt ?? b.now;
  const warned = warnAt < due && warnAt < openUntil;
  const breached = due < openUntil;
  if (warned) b.add('sla_warning', warnAt, 'system', { version: clock.version, dueAt: due.toISOString() });
  if (breached) {
    b.add('sla_breached', due, 'system', { version: clock.version, dueAt: due.toISOString() });
    if (input.parentUnitId) b.add('escalated', due, 'system', { toUnitId: input.parentUnitId, version: clock.version }, input.parentUnitId);
  }
  return { policyId: policy.id, startedAt: clock.start, policyDueAt: clock.policyDue!, dueAt: due, warnAt, version: clock.version, warned, breached };
}

export function buildStory(rng: Rng, input: StoryInput, policies: SlaPolicy[], cal: WorkCalendar, now: Date): Story {
  const b = new Builder(now, input.unitId);
  const policy = pickPolicy(policies, input.categoryId, input.priority);
  const d = policy ? deadlinesFrom(cal, input.receivedAt, policy) : null;
  const clock: Clock = { policy, d, start: input.receivedAt, version: 1, ackDueAt: d?.ackDueAt ?? null, policyDue: null, due: null, extension: null };
  opening(b, input, clock);
  transfer(rng, b, input, clock, cal);
  clock.policyDue = clock.d?.dueAt ?? null;
  clock.due = clock.policyDue;
  const first = addWorkingMs(cal, clock.start, responseDelay(rng, input.priority));
  if (input.fate === 'in_progress') {
    // Recent backlog: a holding reply within hours (in the evening if no working hour is left), no answer yet.
    const holding = addWorkingMs(cal, clock.start, Math.round(between(rng, 0.3, 2) * H));
    b.reply(new Date(Math.min(holding.getTime(), clock.start.getTime() + 2 * 3_600_000)), false);
  } else if (!input.fate) {
    // `waiting` backlog gets no reply at all.
    if (rng() < 0.3) extend(b, clock, first, cal);
    if (rng() < 0.35) {
      if (b.reply(first, false)) b.reply(addWorkingMs(cal, first, Math.round(between(rng, 2, 30) * H)), true);
    } else b.reply(first, true);
  }
  afterAnswer(rng, b, cal);
  const sla = timers(b, input, clock, cal);
  // Stable sort: events of the same instant keep the order they happened in.
  b.events.sort((x, y) => x.at.getTime() - y.at.getTime());
  return {
    events: b.events, messages: b.messages, finalUnitId: b.unitId, status: b.status, firstResponseAt: b.firstResponseAt,
    answeredAt: b.status === 'answered' || b.status === 'closed' ? b.answeredAt : null, closedAt: b.closedAt,
    ackDueAt: clock.ackDueAt, dueAt: clock.due, sla, extension: clock.extension,
  };
}

/** Rating, reopen after a low score, a second answer, closing. */
function afterAnswer(rng: Rng, b: Builder, cal: WorkCalendar): void {
  if (!b.answeredAt) return;
  if (rng() < 0.45) {
    const at = later(b.answeredAt, Math.round(between(rng, 1, 40) * 3_600_000));
    const score = SCORES[Math.floor(rng() * SCORES.length)]!;
    if (at < b.now) {
      b.add('rated', at, 'citizen', { score, channel: 'web' });
      if (score <= 2) {
        b.add('reopened', at, 'citizen', { reason: 'low_rating', score, to: 'in_progress' });
        b.status = 'in_progress';
        b.answeredAt = null;
        b.reply(addWorkingMs(cal, at, Math.round(between(rng, 3, 30) * H)), true);
        if (!b.answeredAt) return;
      }
    }
  }
  const closeAt = later(b.answeredAt, Math.round(between(rng, 1, 6) * 86_400_000));
  if (rng() < 0.45 && closeAt < b.now) {
    b.add('status_changed', closeAt, 'officer', { from: 'answered', to: 'closed', via: 'manual' });
    b.status = 'closed';
    b.closedAt = closeAt;
  }
}
