/**
 * Helpers for the SLA and statistics tests: reports received at a chosen
 * instant (through the real inbox and intake), timelines and SLA rows.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { reportEvents, reportSla, reports } from '../../src/db/schema/index.js';
import type { TestHub } from './context.js';
import { intakeNow, type Session } from './workspace.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** 'YYYY-MM-DD HH:MM' in Vietnam local time. */
export const vn = (text: string): Date => new Date(`${text.replace(' ', 'T')}+07:00`);

/** A web report received at `receivedAt` (its deadlines count from then), processed by intake at once. */
export async function reportAt(hub: TestHub, spec: { unitCode: string; category?: string; receivedAt: Date; text?: string }): Promise<{ id: number; code: string }> {
  const accepted = await hub.ctx.inbox.accept({
    channel: 'web', provider: 'web', withTrackingCode: true,
    event: {
      type: 'message', externalId: randomUUID(), from: {},
      text: spec.text ?? `Phản ánh thử nghiệm ${randomUUID()}`, media: [], receivedAt: spec.receivedAt.toISOString(),
      unitCode: spec.unitCode, categoryCode: spec.category ?? 'khac', consent: { at: spec.receivedAt.toISOString(), version: '2026-01' },
    },
  });
  const reportId = await intakeNow(hub, accepted.eventId, { publish: false });
  return { id: reportId, code: accepted.trackingCode ?? '' };
}

export async function timeline(hub: TestHub, reportId: number) {
  return hub.ctx.database.db.select().from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(asc(reportEvents.id));
}

export async function eventTypes(hub: TestHub, reportId: number): Promise<string[]> {
  return (await timeline(hub, reportId)).map((e) => e.type);
}

export async function slaRow(hub: TestHub, reportId: number) {
  const [row] = await hub.ctx.database.db.select().from(reportSla).where(eq(reportSla.reportId, reportId));
  return row!;
}

export async function reportRow(hub: TestHub, reportId: number) {
  const [row] = await hub.ctx.database.db.select().from(reports).where(eq(reports.id, reportId));
  return row!;
}

/** An officer's reply (published on the web page for a web report without a phone, so it is sent at once). */
export async function reply(s: Session, reportId: number, markAnswered: boolean): Promise<void> {
  const res = await s.agent.post(`/api/reports/${reportId}/replies`).set('X-CSRF-Token', s.csrf).send({ text: 'Đơn vị đã tiếp nhận và xử lý.', markAnswered });
  if (res.status !== 201) throw new Error(`reply failed: ${res.status} ${JSON.stringify(res.body)}`);
}
