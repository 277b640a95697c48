/**
 * SLA timers with a controllable clock: the processor is called with an
 * injected `now` (never a wall-clock wait), and the BullMQ path is exercised
 * with deadlines already in the past (delay 0). A breach escalates to the
 * parent unit's leaders, live and by SMS (fake eSMS gateway). Stuck reports
 * are flagged once per idle stretch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startApi, type RunningApi } from '../../src/api.js';
import { reportEvents, users } from '../../src/db/schema/index.js';
import { runSlaTimer } from '../../src/modules/sla/timers.js';
import { flagStuckReports } from '../../src/modules/sla/stuck.js';
import { FakeEsms } from '../fakes/sms-gateways.js';
import { newPhone, startSmsHub, waitForSms, type SmsHub } from '../support/sms-hub.js';
import { DAY, HOUR, eventTypes, reportAt, slaRow } from '../support/sla.js';
import { waitFor } from '../support/wait.js';
import { addUser, connectSocket, signIn, type TestSocket } from '../support/workspace.js';

let h: SmsHub<FakeEsms>;
let api: RunningApi;
let leaderPhone: ReturnType<typeof newPhone>;
let officerSocket: TestSocket;
let leaderSocket: TestSocket;

beforeAll(async () => {
  h = await startSmsHub(await FakeEsms.start(), { SMS_PROVIDER: 'esms', SLA_STUCK_HOURS: '16' });
  const db = h.hub.ctx.database.db;
  await addUser(db, { username: 'officer', role: 'officer', unitId: h.hub.demo.units.TRAPHU! });
  const leaderId = await addUser(db, { username: 'districtleader', role: 'leader', unitId: h.hub.demo.districtId });
  leaderPhone = newPhone();
  await db.update(users).set({ phone: leaderPhone.national }).where(eq(users.id, leaderId));
  api = await startApi(h.hub.ctx, 0);
  const port = (api.server.address() as { port: number }).port;
  officerSocket = await connectSocket(port, (await signIn(api.server as never, 'officer')).cookie);
  leaderSocket = await connectSocket(port, (await signIn(api.server as never, 'districtleader')).cookie);
});
afterAll(async () => {
  officerSocket?.close();
  leaderSocket?.close();
  await api?.close();
  await h?.close();
});

const slaEvents = (s: TestSocket, reportId: number) =>
  s.events.filter((e) => e.event === 'report.sla' && e.data.reportId === reportId).map((e) => e.data.kind);

describe('warning and breach with an injected clock', () => {
  it('warns at the warning instant, once; breaches at the deadline, once; escalates to the district leader by SMS', async () => {
    const ctx = h.hub.ctx;
    const r = await reportAt(h.hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date() });
    const sla = await slaRow(h.hub, r.id);
    const v1 = { reportId: r.id, version: 1 };

    expect(await runSlaTimer(ctx, 'warn', v1, new Date(sla.warnAt!.getTime() - HOUR))).toBe('early');
    expect(await runSlaTimer(ctx, 'warn', v1, sla.warnAt!)).toBe('fired');
    expect(await runSlaTimer(ctx, 'warn', v1, sla.warnAt!)).toBe('done');
    expect(await runSlaTimer(ctx, 'breach', { reportId: r.id, version: 2 }, sla.dueAt!)).toBe('stale');
    expect(await runSlaTimer(ctx, 'breach', v1, new Date(sla.dueAt!.getTime() + 1000))).toBe('fired');
    expect(await runSlaTimer(ctx, 'breach', v1, new Date(sla.dueAt!.getTime() + 2000))).toBe('done');

    const types = await eventTypes(h.hub, r.id);
    expect(types.filter((t) => t === 'sla_warning')).toHaveLength(1);
    expect(types.filter((t) => t === 'sla_breached')).toHaveLength(1);
    expect(types).toContain('escalated');
    expect((await slaRow(h.hub, r.id))).toMatchObject({ warnedVersion: 1, breachedVersion: 1, armed: false });

    const sms = await waitForSms(h.fake, leaderPhone.national, 'escalation SMS to the district leader');
    expect(sms.text).toContain('qua han');
    await waitFor(() => slaEvents(leaderSocket, r.id).includes('escalated'), { what: 'escalation live to the district leader' });
    await waitFor(() => slaEvents(officerSocket, r.id).includes('breached'), { what: 'breach live to the commune officer' });
    expect(slaEvents(officerSocket, r.id)).toEqual(['warning', 'breached']);
  });

  it('an answered report never breaches', async () => {
    const r = await reportAt(h.hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date() });
    const sla = await slaRow(h.hub, r.id);
    const leader = await signIn(api.server as never, 'districtleader');
    await leader.agent.patch(`/api/reports/${r.id}`).set('X-CSRF-Token', leader.csrf).send({ status: 'answered' }).expect(200);
    expect(await runSlaTimer(h.hub.ctx, 'breach', { reportId: r.id, version: 1 }, sla.dueAt!)).toBe('stale');
    expect(await eventTypes(h.hub, r.id)).not.toContain('sla_breached');
  });
});

describe('timers through BullMQ', () => {
  it('a report whose deadline has passed is breached by the workers (armed by the sweeper), once', async () => {
    const r = await reportAt(h.hub, { unitCode: 'TRAPHU', category: 'thien-tai', receivedAt: new Date(Date.now() - 3 * DAY) });
    await waitFor(async () => (await eventTypes(h.hub, r.id)).includes('sla_breached'), { what: 'breach by the worker' });
    expect(await runSlaTimer(h.hub.ctx, 'breach', { reportId: r.id, version: 1 })).toBe('done');
    const rows = await h.hub.ctx.database.db.select().from(reportEvents).where(eq(reportEvents.reportId, r.id));
    expect(rows.filter((e) => e.type === 'sla_breached')).toHaveLength(1);
    expect(rows.filter((e) => e.type === 'sla_warning')).toHaveLength(0); // a warning after the deadline is pointless
  });
});

describe('stuck reports', () => {
  it('are flagged after SLA_STUCK_HOURS working hours without officer action, once per idle stretch', async () => {
    const ctx = h.hub.ctx;
    const fresh = await reportAt(h.hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date() });
    await flagStuckReports(ctx, new Date(Date.now() + HOUR));
    expect(await eventTypes(h.hub, fresh.id)).not.toContain('stuck_flagged');

    // Received a week ago (≥ 16 working hours whatever today is) and never touched by an officer.
    const r = await reportAt(h.hub, { unitCode: 'TRAPHU', receivedAt: new Date(Date.now() - 7 * DAY) });
    const stuckCount = async () => (await eventTypes(h.hub, r.id)).filter((t) => t === 'stuck_flagged').length;
    await flagStuckReports(ctx, new Date());
    expect(await stuckCount()).toBe(1);
    await flagStuckReports(ctx, new Date(Date.now() + HOUR));
    expect(await stuckCount()).toBe(1);
    await waitFor(() => slaEvents(officerSocket, r.id).includes('stuck'), { what: 'stuck flag live to the unit' });

    const officer = await signIn(api.server as never, 'officer');
    await officer.agent.post(`/api/reports/${r.id}/notes`).set('X-CSRF-Token', officer.csrf).send({ text: 'Đang xác minh' }).expect(201);
    await flagStuckReports(ctx, new Date(Date.now() + HOUR));
    expect(await stuckCount()).toBe(1); // the note started a new idle stretch
    await flagStuckReports(ctx, new Date(Date.now() + 14 * DAY));
    expect(await stuckCount()).toBe(2);
  });
});
