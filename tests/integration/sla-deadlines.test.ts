/**
 * Deadlines: set when intake routes a report, per the administrator's policies
 * and calendar; recomputed on transfer per the policy; extended by a leader of
 * the unit or above. Everything lands on the timeline.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { workingDays } from '../../src/domain/working-time.js';
import { processInboundEvent } from '../../src/modules/intake/intake.service.js';
import { createTestHub, dbMode, type TestHub } from '../support/context.js';
import { DAY, eventTypes, reportAt, reportRow, slaRow, timeline, vn } from '../support/sla.js';
import { addUser, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
const s = {} as Record<'admin' | 'officer' | 'leader' | 'siblingLeader' | 'districtLeader', Session>;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  const db = hub.ctx.database.db;
  const u = hub.demo.units;
  await addUser(db, { username: 'admin', role: 'admin', unitId: hub.demo.districtId });
  await addUser(db, { username: 'officer', role: 'officer', unitId: u.TRAPHU! });
  await addUser(db, { username: 'leader', role: 'leader', unitId: u.TRAPHU! });
  await addUser(db, { username: 'siblingleader', role: 'leader', unitId: u.TRABINH! });
  await addUser(db, { username: 'districtleader', role: 'leader', unitId: hub.demo.districtId });
  for (const [k, name] of [['admin', 'admin'], ['officer', 'officer'], ['leader', 'leader'], ['siblingLeader', 'siblingleader'], ['districtLeader', 'districtleader']] as const) {
    s[k] = await signIn(built.app, name);
  }
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

const post = (who: Session, url: string, body: unknown = {}) => who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body as object);

describe('deadlines set at routing', () => {
  it('an urgent report is due 4 working hours after receipt and acknowledged within 1', async () => {
    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'thien-tai', receivedAt: vn('2026-01-05 08:00') });
    const row = await reportRow(hub, r.id);
    expect(row.priority).toBe('urgent');
    expect(row.dueAt).toEqual(vn('2026-01-05 14:00'));
    expect(row.ackDueAt).toEqual(vn('2026-01-05 09:00'));
    const sla = await slaRow(hub, r.id);
    expect(sla).toMatchObject({ version: 1, armed: true, dueAt: vn('2026-01-05 14:00'), policyDueAt: vn('2026-01-05 14:00'), warnAt: vn('2026-01-05 11:00') });
    const set = (await timeline(hub, r.id)).find((e) => e.type === 'deadline_set');
    expect(set?.data).toMatchObject({ dueAt: vn('2026-01-05 14:00').toISOString(), priority: 'urgent', version: 1 });
  });

  it('a normal report is due 5 working days later, skipping the weekend', async () => {
    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: vn('2026-01-07 10:00') });
    expect((await reportRow(hub, r.id)).dueAt).toEqual(vn('2026-01-14 10:00'));
  });

  it("an administrator's policy and day off apply to reports routed afterwards", async () => {
    const current = await s.admin.agent.get('/api/admin/sla-policies').expect(200);
    expect(current.body.items).toHaveLength(3);
    expect(current.body.workingDayMs).toBe(7.5 * 3_600_000);
    const items = current.body.items.map((p: { categoryId: null; priority: string; ackWithinMs: number; resolveWithinMs: number; warnShare: number; onTransfer: string }) => ({
      categoryId: p.categoryId, priority: p.priority, ackWithinMs: p.ackWithinMs, resolveWithinMs: p.priority === 'urgent' ? 2 * 3_600_000 : p.resolveWithinMs,
      warnShare: p.warnShare, onTransfer: p.onTransfer,
    }));
    await s.officer.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.officer.csrf).send({ items }).expect(403);
    await s.admin.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.admin.csrf).send({ items: items.slice(1) }).expect(422);
    const saved = await s.admin.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.admin.csrf).send({ items }).expect(200);
    expect(saved.body.items.find((p: { priority: string }) => p.priority === 'urgent').resolveWithinHours).toBe(2);
    await post(s.admin, '/api/admin/calendar', { date: '2026-01-13', kind: 'day_off', note: 'Nghỉ bù' }).expect(201);
    const cal = await s.admin.agent.get('/api/admin/calendar?year=2026').expect(200);
    expect(cal.body.items).toEqual([{ date: '2026-01-13', kind: 'day_off', note: 'Nghỉ bù' }]);
    expect(cal.body.holidays.map((h: { date: string }) => h.date)).toContain('2026-02-17'); // Tết 2026

    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'thien-tai', receivedAt: vn('2026-01-12 16:00') });
    expect((await reportRow(hub, r.id)).dueAt).toEqual(vn('2026-01-14 08:30')); // 1 h on Monday, Tuesday off, 1 h on Wednesday

    await s.admin.agent.delete('/api/admin/calendar/2026-01-13').set('X-CSRF-Token', s.admin.csrf).expect(204);
    const restored = items.map((p: { priority: string }) => (p.priority === 'urgent' ? { ...p, resolveWithinMs: 4 * 3_600_000 } : p));
    await s.admin.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.admin.csrf).send({ items: restored }).expect(200);
  });
});

describe('deadline settings seen by intake through its cached copy', () => {
  type PolicyItem = { categoryId: number | null; priority: string; ackWithinMs: number; resolveWithinMs: number; warnShare: number; onTransfer: string };
  const policies = async (): Promise<PolicyItem[]> => (await s.admin.agent.get('/api/admin/sla-policies').expect(200)).body.items
    .map((p: PolicyItem) => ({ categoryId: p.categoryId, priority: p.priority, ackWithinMs: p.ackWithinMs, resolveWithinMs: p.resolveWithinMs, warnShare: p.warnShare, onTransfer: p.onTransfer }));
  const putPolicies = (items: PolicyItem[]) => s.admin.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.admin.csrf).send({ items }).expect(200);

  /** A normal web report received Monday 2 March 2026 08:00, taken in by the intake of `db`; its due date. */
  async function dueVia(db: Db): Promise<Date | null> {
    const receivedAt = vn('2026-03-02 08:00').toISOString();
    const accepted = await hub.ctx.inbox.accept({
      channel: 'web', provider: 'web', withTrackingCode: true,
      event: { type: 'message', externalId: randomUUID(), from: {}, text: 'Đèn đường thôn 3 bị hỏng', media: [], receivedAt, unitCode: 'TRAPHU', categoryCode: 'khac' },
    });
    const effects = await processInboundEvent(db, accepted.eventId);
    return (await reportRow(hub, effects.reportId!)).dueAt;
  }

  it("an administrator's policy and day off reach the next report, in this process and in another with a warm copy", async () => {
    // Another process's intake: its own database handle, so its own cached catalog and deadline settings (server only).
    const other = dbMode() === 'server' ? await openDatabase({ url: hub.databaseUrl, poolSize: 2, migrate: false }) : null;
    try {
      const intakes = [hub.ctx.database.db, ...(other ? [other.db] : [])];
      const dues = async () => { const out: (Date | null)[] = []; for (const db of intakes) out.push(await dueVia(db)); return out; };
      const same = (d: Date) => intakes.map(() => d);
      // Each intake now holds a copy of the settings: 5 working days.
      expect(await dues()).toEqual(same(vn('2026-03-09 08:00')));

      const before = await policies();
      await putPolicies(before.map((p) => (p.priority === 'normal' && p.categoryId === null ? { ...p, resolveWithinMs: workingDays(1) } : p)));
      expect(await dues()).toEqual(same(vn('2026-03-03 08:00'))); // 7 h on Monday, half an hour on Tuesday

      await post(s.admin, '/api/admin/calendar', { date: '2026-03-03', kind: 'day_off', note: 'Nghỉ theo quyết định của tỉnh' }).expect(201);
      expect(await dues()).toEqual(same(vn('2026-03-04 08:00')));

      await s.admin.agent.delete('/api/admin/calendar/2026-03-03').set('X-CSRF-Token', s.admin.csrf).expect(204);
      await putPolicies(before);
      expect(await dues()).toEqual(same(vn('2026-03-09 08:00')));
    } finally { await other?.close(); }
  });
});

describe('transfer', () => {
  it('restarts the clock for the receiving unit (policy "restart"), on the timeline', async () => {
    // Received 10 days ago: its deadline has passed, so any restart from now is later, whatever the weekday.
    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date(Date.now() - 10 * DAY) });
    const before = await reportRow(hub, r.id);
    await post(s.officer, `/api/reports/${r.id}/transfer`, { unitId: hub.demo.units.TRABINH, reason: 'Thuộc địa bàn xã Trà Bình' }).expect(200);
    const after = await reportRow(hub, r.id);
    expect(after.dueAt!.getTime()).toBeGreaterThan(before.dueAt!.getTime());
    expect((await slaRow(hub, r.id)).version).toBe(2);
    const types = await eventTypes(hub, r.id);
    expect(types.slice(types.indexOf('transferred'))).toEqual(['transferred', 'deadline_recomputed']);
  });

  it('leaves the deadline alone when the policy says "keep"', async () => {
    const current = await s.admin.agent.get('/api/admin/sla-policies').expect(200);
    const items = current.body.items.map((p: Record<string, unknown>) => ({
      categoryId: p.categoryId, priority: p.priority, ackWithinMs: p.ackWithinMs, resolveWithinMs: p.resolveWithinMs, warnShare: p.warnShare,
      onTransfer: p.priority === 'normal' ? 'keep' : p.onTransfer,
    }));
    await s.admin.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.admin.csrf).send({ items }).expect(200);
    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date(Date.now() - DAY) });
    const before = await reportRow(hub, r.id);
    await post(s.officer, `/api/reports/${r.id}/transfer`, { unitId: hub.demo.units.TRABINH, reason: 'Thuộc địa bàn xã Trà Bình' }).expect(200);
    expect((await reportRow(hub, r.id)).dueAt).toEqual(before.dueAt);
    expect(await eventTypes(hub, r.id)).not.toContain('deadline_recomputed');
    await s.admin.agent.put('/api/admin/sla-policies').set('X-CSRF-Token', s.admin.csrf)
      .send({ items: items.map((p: Record<string, unknown>) => ({ ...p, onTransfer: 'restart' })) }).expect(200);
  });
});

describe('deadline with an extension', () => {
  it('an officer asks, a leader of the unit approves, and an answer within it is "late with an approved extension"', async () => {
    // Received 10 days ago: the 5-working-day policy deadline has passed.
    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date(Date.now() - 10 * DAY) });
    const policyDue = (await reportRow(hub, r.id)).dueAt!;
    const newDue = new Date(Date.now() + 3 * DAY);
    await post(s.officer, `/api/reports/${r.id}/extensions`, { dueAt: new Date(Date.now() - DAY).toISOString(), reason: 'Cần khảo sát' }).expect(422);
    const asked = await post(s.officer, `/api/reports/${r.id}/extensions`, { dueAt: newDue.toISOString(), reason: 'Cần khảo sát hiện trường' }).expect(201);
    expect(asked.body).toMatchObject({ status: 'pending', reason: 'Cần khảo sát hiện trường', previousDueAt: policyDue.toISOString() });
    await post(s.officer, `/api/reports/${r.id}/extensions`, { dueAt: newDue.toISOString(), reason: 'Lần hai' }).expect(409);

    const extUrl = `/api/reports/${r.id}/extensions/${asked.body.id}/approve`;
    expect((await post(s.officer, extUrl).expect(403)).body.error.code).toBe('forbidden');
    await post(s.siblingLeader, extUrl).expect(404); // another commune's leader: not in scope
    const approved = await post(s.leader, extUrl, { note: 'Đồng ý' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisionNote: 'Đồng ý' });
    await post(s.districtLeader, extUrl).expect(409);

    const row = await reportRow(hub, r.id);
    expect(row.dueAt).toEqual(newDue);
    const sla = await slaRow(hub, r.id);
    expect(sla).toMatchObject({ version: 2, policyDueAt: policyDue, dueAt: newDue, armed: true });
    expect(await eventTypes(hub, r.id)).toEqual(expect.arrayContaining(['deadline_set', 'extension_requested', 'extension_approved']));

    await s.officer.agent.patch(`/api/reports/${r.id}`).set('X-CSRF-Token', s.officer.csrf).send({ status: 'answered' }).expect(200);
    expect((await reportRow(hub, r.id)).onTimeStatus).toBe('late_extended');
    const view = await s.officer.agent.get(`/api/reports/${r.id}/sla`).expect(200);
    expect(view.body).toMatchObject({ extended: true, overdue: false, version: 2, metrics: { onTimeStatus: 'late_extended' } });
    expect(view.body.extensions).toHaveLength(1);
    expect((await slaRow(hub, r.id)).armed).toBe(false); // answered: no timer left to fire
  });

  it('nobody approves their own request', async () => {
    const r = await reportAt(hub, { unitCode: 'TRAPHU', category: 'khac', receivedAt: new Date() });
    const asked = await post(s.leader, `/api/reports/${r.id}/extensions`, { dueAt: new Date(Date.now() + 20 * DAY).toISOString(), reason: 'Chờ ý kiến huyện' }).expect(201);
    const res = await post(s.leader, `/api/reports/${r.id}/extensions/${asked.body.id}/approve`).expect(403);
    expect(res.body.error.code).toBe('self_approval');
    await post(s.districtLeader, `/api/reports/${r.id}/extensions/${asked.body.id}/reject`, { note: 'Không đủ lý do' }).expect(200);
    expect(await eventTypes(hub, r.id)).toContain('extension_rejected');
  });
});
