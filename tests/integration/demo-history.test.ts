/**
 * The demo's historical reports: written once (seed_runs), with timelines
 * whose stored metrics are exactly what the metric code computes, and a
 * dashboard that agrees with a hand count over the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { reportEvents, reports } from '../../src/db/schema/index.js';
import { computeReportMetrics, type TimelineEvent } from '../../src/domain/metrics.js';
import { seedDemoHistory } from '../../src/modules/sla/demo-history.js';
import { loadWorkCalendar } from '../../src/modules/sla/sla-config.repo.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { DAY } from '../support/sla.js';
import { addUser, signIn } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
const now = new Date();

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  await addUser(hub.ctx.database.db, { username: 'lanhdao', role: 'leader', unitId: hub.demo.districtId });
  expect(await seedDemoHistory(hub.ctx.database.db, hub.demo, { count: 150, now })).toBe(150);
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

describe('demo history', () => {
  it('is written once', async () => {
    expect(await seedDemoHistory(hub.ctx.database.db, hub.demo, { count: 150, now })).toBe(0);
    expect(await hub.ctx.database.db.$count(reports)).toBe(150);
  });

  it('has varied, consistent timelines: stored metrics equal the metric code over each timeline', async () => {
    const db = hub.ctx.database.db;
    const rows = await db.select().from(reports);
    const events = await db.select().from(reportEvents).orderBy(asc(reportEvents.id));
    const byReport = new Map<number, TimelineEvent[]>();
    for (const e of events) byReport.set(e.reportId, [...(byReport.get(e.reportId) ?? []), e]);
    const cal = await loadWorkCalendar(db);
    for (const r of rows) {
      const m = computeReportMetrics(byReport.get(r.id) ?? [], cal, now);
      expect({ id: r.id, fr: r.firstResponseMs, res: r.resolutionMs, st: r.onTimeStatus }).toEqual({ id: r.id, fr: m.firstResponseMs, res: m.resolutionMs, st: m.onTimeStatus });
      expect(m.answeredAt?.getTime() ?? null).toBe(r.answeredAt?.getTime() ?? null);
    }
    const types = new Set(events.map((e) => e.type));
    for (const t of ['transferred', 'extension_approved', 'sla_breached', 'rated', 'reopened', 'reply_sent']) expect(types).toContain(t);
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses).toEqual(new Set(['received', 'in_progress', 'answered', 'closed']));
    expect(Math.min(...rows.map((r) => r.receivedAt.getTime()))).toBeGreaterThan(now.getTime() - 121 * DAY);
  });

  it("the district leader's dashboard matches a hand count over the rows", async () => {
    const s = await signIn(built.app, 'lanhdao');
    const from = new Date(now.getTime() - 120 * DAY);
    const b = (await s.agent.get('/api/stats/summary').query({ from: from.toISOString(), to: new Date(now.getTime() + 1000).toISOString() }).expect(200)).body;
    const rows = (await hub.ctx.database.db.select().from(reports)).filter((r) => r.receivedAt >= from);
    const open = (r: typeof rows[number]) => r.status === 'received' || r.status === 'in_progress';
    const outcome = (r: typeof rows[number]) => r.onTimeStatus ?? (open(r) && r.dueAt && r.dueAt < new Date() ? 'late' : null);
    const onTime = rows.filter((r) => outcome(r) === 'on_time').length;
    const decided = rows.filter((r) => outcome(r) !== null).length;
    expect(b.headline.received).toBe(rows.length);
    expect(b.headline.onTime.onTime).toBe(onTime);
    expect(b.headline.onTime.decided).toBe(decided);
    expect(b.headline.onTime.rate).toBeCloseTo(onTime / decided, 10);
    expect(b.headline.satisfaction.count).toBe(rows.filter((r) => r.rating !== null).length);
    expect(b.headline.backlog.open).toBe((await hub.ctx.database.db.select().from(reports)).filter(open).length);
    expect(b.headline.onTime.rate).toBeGreaterThan(0.2);
    expect(b.headline.onTime.rate).toBeLessThan(1);
  });
});
