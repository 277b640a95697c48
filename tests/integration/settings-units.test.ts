/**
 * Unit administration over HTTP: admin only; validation errors write nothing;
 * a new commune is routable at once, in this process and in another one (its
 * own catalog cache); renames; a merger moves open reports, accounts,
 * subscriptions and rules to the successor and leaves closed reports alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { and, count, eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { auditLog, catalogVersion, contacts, inboundEvents, notices, reportEvents, reports, routingRules, subscriptions, units, users } from '../../src/db/schema/index.js';
import { loadCatalog } from '../../src/modules/catalog/catalog.service.js';
import { processInboundEvent } from '../../src/modules/intake/intake.service.js';
import { createTestHub, dbMode, type TestHub } from '../support/context.js';
import { validReport, waitForReport } from '../support/hub-helpers.js';
import { addUser, makeReport, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
let admin: Session;
let officer: Session;
let leader: Session;
const children: ChildProcess[] = [];
const db = () => hub.ctx.database.db;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  await addUser(db(), { username: 'qt.donvi', role: 'admin', unitId: hub.demo.districtId });
  await addUser(db(), { username: 'cb.traphu', role: 'officer', unitId: hub.demo.units.TRAPHU! });
  await addUser(db(), { username: 'ld.huyen', role: 'leader', unitId: hub.demo.districtId });
  [admin, officer, leader] = await Promise.all([signIn(built.app, 'qt.donvi'), signIn(built.app, 'cb.traphu'), signIn(built.app, 'ld.huyen')]);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await built?.close();
  await hub?.close();
});

const send = (s: Session, method: 'post' | 'patch', path: string, body: unknown) => s.agent[method](path).set('X-CSRF-Token', s.csrf).send(body as object);
const countOf = async (table: typeof units | typeof auditLog) => Number((await db().select({ n: count() }).from(table))[0]!.n);
const version = async () => (await db().select().from(catalogVersion))[0]?.version ?? 0;
const unitRow = async (id: number) => (await db().select().from(units).where(eq(units.id, id)))[0]!;

async function submitWeb(commune: string, description: string): Promise<string> {
  const res = await request(built.app).post('/api/public/reports').send(validReport({ commune, description, category: 'khac' })).expect(201);
  return res.body.code as string;
}

/** Run intake for a web report here, as a worker would (no workers run in this hub). */
async function intakeNow(code: string) {
  const [ev] = await db().select({ id: inboundEvents.id }).from(inboundEvents).where(eq(inboundEvents.trackingCode, code));
  await processInboundEvent(db(), ev!.id);
  return waitForReport(db(), code);
}

describe('who may use the settings routes', () => {
  it('officers and leaders get 403 on every unit route, without a session 401, and nothing is written', async () => {
    const before = await countOf(units);
    for (const s of [officer, leader]) {
      await s.agent.get('/api/admin/units').expect(403);
      await send(s, 'post', '/api/admin/units', { name: 'Xã Lén Lút', kind: 'commune', parentId: hub.demo.districtId }).expect(403);
      await send(s, 'patch', `/api/admin/units/${hub.demo.units.TRAPHU}`, { name: 'Xã Đổi Tên' }).expect(403);
      await send(s, 'post', `/api/admin/units/${hub.demo.units.TRAPHU}/merge`, { intoUnitId: hub.demo.units.TRABINH }).expect(403);
    }
    await request(built.app).get('/api/admin/units').expect(401);
    expect(await countOf(units)).toBe(before);
    expect((await unitRow(hub.demo.units.TRAPHU!)).name).toBe('Xã Trà Phú');
  });

  it('a state change without the CSRF token is refused', async () => {
    await admin.agent.post('/api/admin/units').send({ name: 'Xã Không Token', kind: 'commune', parentId: hub.demo.districtId }).expect(403);
  });
});

describe('the unit tree', () => {
  it('lists every unit depth-first with its depth, flags and counts', async () => {
    const res = await admin.agent.get('/api/admin/units').expect(200);
    const items = res.body.items as { id: number; parentId: number | null; depth: number; smsCode: string; active: boolean; counts: { users: number } }[];
    expect(items[0]).toMatchObject({ id: hub.demo.provinceId, depth: 0, parentId: null, active: true });
    const phu = items.find((u) => u.smsCode === 'TRAPHU')!;
    expect(phu).toMatchObject({ depth: 2, parentId: hub.demo.districtId, active: true, kind: 'commune', supersededBy: null, validTo: null });
    expect(phu.counts.users).toBeGreaterThanOrEqual(1);
    const districtAt = items.findIndex((u) => u.id === hub.demo.districtId);
    expect(districtAt).toBeLessThan(items.indexOf(phu));
  });
});

describe('adding a unit', () => {
  it('refuses invalid input with a field error for each problem, writing nothing', async () => {
    const [unitsBefore, auditBefore, versionBefore] = [await countOf(units), await countOf(auditLog), await version()];
    const bad = await send(admin, 'post', '/api/admin/units', { name: 'X', kind: 'ward', parentId: 'abc', smsCode: 'tp' }).expect(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['kind', 'name', 'parentId', 'smsCode']);
    expect(bad.body.error.fields.smsCode).toEqual({ vi: expect.stringContaining('3–16'), en: expect.stringContaining('3–16') });
    const underCommune = await send(admin, 'post', '/api/admin/units', { name: 'Xã Con', kind: 'commune', parentId: hub.demo.units.TRAPHU }).expect(422);
    expect(Object.keys(underCommune.body.error.fields)).toEqual(['parentId']);
    const provinceUnder = await send(admin, 'post', '/api/admin/units', { name: 'Tỉnh Thứ Hai', kind: 'province', parentId: hub.demo.districtId }).expect(422);
    expect(Object.keys(provinceUnder.body.error.fields)).toEqual(['parentId']);
    const taken = await send(admin, 'post', '/api/admin/units', { name: 'Xã Trà Phú Mới', kind: 'commune', parentId: hub.demo.districtId, smsCode: 'traphu' }).expect(422);
    expect(taken.body.error.fields.smsCode.en).toMatch(/already uses/);
    const noCode = await send(admin, 'post', '/api/admin/units', { name: 'Xã Ư', kind: 'commune', parentId: hub.demo.districtId }).expect(422);
    expect(noCode.body.error.fields.smsCode.en).toMatch(/enter one/);
    expect([await countOf(units), await countOf(auditLog), await version()]).toEqual([unitsBefore, auditBefore, versionBefore]);
  });

  it('creates a commune under its district with its path and suggested SMS code; it is routable at once', async () => {
    await loadCatalog(db()); // this process's cache is warm: the new unit must still be seen
    const res = await send(admin, 'post', '/api/admin/units', { name: '  Xã Trà Mới  ', kind: 'commune', parentId: hub.demo.districtId }).expect(201);
    const district = await unitRow(hub.demo.districtId);
    expect(res.body).toMatchObject({ name: 'Xã Trà Mới', kind: 'commune', smsCode: 'TRAMOI', parentId: hub.demo.districtId, active: true, depth: 2 });
    expect(res.body.path).toBe(`${district.path}${res.body.id}/`);
    const report = await intakeNow(await submitWeb('TRAMOI', 'Đèn đường thôn 2 bị hỏng'));
    expect(report).toMatchObject({ assignedUnitId: res.body.id, locationUnitId: res.body.id, routeReason: 'explicit_commune' });
    const tried = await send(admin, 'post', '/api/admin/routing/test', { text: 'Đèn đường hỏng', communeCode: 'tramoi' }).expect(200);
    expect(tried.body.assignedUnit).toEqual({ id: res.body.id, name: 'Xã Trà Mới', smsCode: 'TRAMOI' });
    const [a] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'unit.create'), eq(auditLog.targetId, String(res.body.id))));
    expect(a).toMatchObject({ userId: admin.userId, data: { smsCode: 'TRAMOI', kind: 'commune' } });
  });

  it.runIf(dbMode() === 'server')('another process with a warm catalog routes to a unit created a moment ago', async () => {
    const other = await openDatabase({ url: hub.databaseUrl, poolSize: 2, migrate: false });
    try {
      const warm = await loadCatalog(other.db);
      expect(warm.unitsByCode.has('TRAKHAC')).toBe(false);
      const res = await send(admin, 'post', '/api/admin/units', { name: 'Xã Trà Khác', kind: 'commune', parentId: hub.demo.districtId }).expect(201);
      const accepted = await hub.ctx.inbox.accept({
        channel: 'web', provider: 'web', withTrackingCode: true,
        event: { type: 'message', externalId: `other-${res.body.id}`, from: {}, text: 'Cống thoát nước bị tắc', media: [], receivedAt: new Date().toISOString(), unitCode: 'TRAKHAC', categoryCode: 'khac' },
      });
      const effects = await processInboundEvent(other.db as Db, accepted.eventId);
      const [r] = await db().select().from(reports).where(eq(reports.id, effects.reportId!));
      expect(r).toMatchObject({ assignedUnitId: res.body.id, routeReason: 'explicit_commune' });
    } finally { await other.close(); }
  });

  it.runIf(dbMode() === 'server')('a running worker process routes a report for a new commune to it', async () => {
    const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: {
        ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: hub.databaseUrl, REDIS_URL: hub.env.REDIS_URL,
        QUEUE_PREFIX: hub.env.QUEUE_PREFIX, DATA_DIR: hub.env.DATA_DIR, QUIET_HOURS: 'off',
      },
      stdio: 'ignore',
    });
    children.push(worker);
    // The worker's catalog is loaded by its first job.
    const warmUp = await waitForReport(db(), await submitWeb('TRAPHU', 'Cầu tràn bị ngập'), 30_000);
    expect(warmUp.assignedUnitId).toBe(hub.demo.units.TRAPHU);
    const res = await send(admin, 'post', '/api/admin/units', { name: 'Xã Trà Sau', kind: 'commune', parentId: hub.demo.districtId }).expect(201);
    const report = await waitForReport(db(), await submitWeb('TRASAU', 'Trường học bị dột mái'));
    expect(report).toMatchObject({ assignedUnitId: res.body.id, routeReason: 'explicit_commune' });
    worker.kill('SIGTERM');
  });
});

describe('renaming', () => {
  it('changes the name and SMS code; the old code stops resolving; the change is audited', async () => {
    const made = await send(admin, 'post', '/api/admin/units', { name: 'Xã Trà Đổi', kind: 'commune', parentId: hub.demo.districtId }).expect(201);
    const res = await send(admin, 'patch', `/api/admin/units/${made.body.id}`, { name: 'Xã Trà Đổi Tên', smsCode: 'TRADOITEN' }).expect(200);
    expect(res.body).toMatchObject({ name: 'Xã Trà Đổi Tên', smsCode: 'TRADOITEN' });
    const old = await send(admin, 'post', '/api/admin/routing/test', { text: 'thử', communeCode: 'TRADOI' }).expect(422);
    expect(Object.keys(old.body.error.fields)).toEqual(['communeCode']);
    const [a] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'unit.update'), eq(auditLog.targetId, String(made.body.id))));
    expect(a!.data).toEqual({ name: { from: 'Xã Trà Đổi', to: 'Xã Trà Đổi Tên' }, smsCode: { from: 'TRADOI', to: 'TRADOITEN' } });
  });

  it('refuses a code in use, and an empty name, changing nothing', async () => {
    const before = await unitRow(hub.demo.units.TRABUI!);
    const taken = await send(admin, 'patch', `/api/admin/units/${hub.demo.units.TRABUI}`, { name: 'Xã Trà Bùi Mới', smsCode: 'TRAPHU' }).expect(422);
    expect(Object.keys(taken.body.error.fields)).toEqual(['smsCode']);
    await send(admin, 'patch', `/api/admin/units/${hub.demo.units.TRABUI}`, { name: '  ' }).expect(422);
    expect(await unitRow(hub.demo.units.TRABUI!)).toEqual(before);
  });
});

describe('merging', () => {
  it('moves open reports, accounts, subscriptions, homes and rules; keeps closed reports; closes the old unit', async () => {
    const mk = async (name: string) => (await send(admin, 'post', '/api/admin/units', { name, kind: 'commune', parentId: hub.demo.districtId }).expect(201)).body as { id: number; smsCode: string };
    const [oldU, newU] = [await mk('Xã Trà Cũ'), await mk('Xã Trà Hợp')];
    await addUser(db(), { username: 'cb.tracu', role: 'officer', unitId: oldU.id });
    const oldOfficer = await signIn(built.app, 'cb.tracu');
    const open = await makeReport(hub, { unitCode: oldU.smsCode, phone: '+84912345001' });
    const done = await makeReport(hub, { unitCode: oldU.smsCode, phone: '+84912345002' });
    await db().update(reports).set({ status: 'closed', closedAt: new Date() }).where(eq(reports.id, done.id));
    const doneEventsBefore = await db().select().from(reportEvents).where(eq(reportEvents.reportId, done.id));
    const [openRow] = await db().select().from(reports).where(eq(reports.id, open.id));
    await db().insert(subscriptions).values({ contactId: openRow!.contactId, unitId: oldU.id, channel: 'sms', consentAt: new Date(), consentSource: 'sms:DK' });
    const rule = await send(admin, 'post', '/api/admin/routing-rules', { name: 'Cầu cũ → Trà Cũ', keywords: ['cầu treo cũ'], targetUnitId: oldU.id }).expect(201);
    const notice = async (status: 'scheduled' | 'pending_approval' | 'sent', unitIds: number[]) => (await db().insert(notices).values({
      title: 'Lịch tiêm chủng', text: 'Thứ Bảy tiêm vắc-xin', unitIds, channels: ['sms'], senderName: 'UBND xã', status, createdByUserId: admin.userId,
      scheduledAt: status === 'scheduled' ? new Date(Date.now() + 86_400_000) : null,
    }).returning({ id: notices.id }))[0]!.id;
    const scheduled = await notice('scheduled', [newU.id, oldU.id]);
    const awaiting = await notice('pending_approval', [oldU.id, hub.demo.units.TRAPHU!]);
    const sent = await notice('sent', [oldU.id]);

    const preview = await send(admin, 'post', `/api/admin/units/${oldU.id}/merge`, { intoUnitId: newU.id, dryRun: true }).expect(200);
    expect(preview.body).toMatchObject({ dryRun: true, moved: { openReports: 1, keptReports: 1, users: 1, subscriptions: 1, routingRules: 1, contacts: 2, notices: 2 } });
    expect((await unitRow(oldU.id)).validTo).toBeNull();
    expect((await db().select().from(reports).where(eq(reports.id, open.id)))[0]!.assignedUnitId).toBe(oldU.id);

    const res = await send(admin, 'post', `/api/admin/units/${oldU.id}/merge`, { intoUnitId: newU.id }).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, unit: { active: false, supersededBy: { id: newU.id, name: 'Xã Trà Hợp' } }, into: { id: newU.id } });
    const closedUnit = await unitRow(oldU.id);
    expect(closedUnit.validTo).not.toBeNull();
    expect(closedUnit.supersededById).toBe(newU.id);
    expect(closedUnit.name).toBe('Xã Trà Cũ');

    const [movedReport] = await db().select().from(reports).where(eq(reports.id, open.id));
    expect(movedReport!.assignedUnitId).toBe(newU.id);
    const transfer = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, open.id), eq(reportEvents.type, 'transferred')));
    expect(transfer).toHaveLength(1);
    expect(transfer[0]).toMatchObject({ unitId: newU.id, actorUserId: admin.userId, data: { fromUnitId: oldU.id, toUnitId: newU.id, via: 'merge' } });

    const [keptReport] = await db().select().from(reports).where(eq(reports.id, done.id));
    expect(keptReport!.assignedUnitId).toBe(oldU.id);
    expect(await db().select().from(reportEvents).where(eq(reportEvents.reportId, done.id))).toEqual(doneEventsBefore);
    // The citizen's lookup still names the unit that answered, though it is closed now.
    const lookup = (await request(built.app).get(`/api/public/reports/${keptReport!.code}`).expect(200)).body;
    expect(lookup.unit.name).toBe('Xã Trà Cũ');

    const [moved] = await db().select().from(users).where(eq(users.username, 'cb.tracu'));
    expect(moved!.unitId).toBe(newU.id);
    await oldOfficer.agent.get('/api/auth/me').expect(401); // the session for the old unit has ended
    const [sub] = await db().select().from(subscriptions).where(eq(subscriptions.contactId, openRow!.contactId));
    expect(sub).toMatchObject({ unitId: newU.id, active: true });
    const [home] = await db().select().from(contacts).where(eq(contacts.id, openRow!.contactId));
    expect(home!.homeUnitId).toBe(newU.id);
    expect((await db().select().from(routingRules).where(eq(routingRules.id, rule.body.id)))[0]!.targetUnitId).toBe(newU.id);
    // Notices not sent yet now reach the successor (once, however they were targeted); a sent one keeps its history.
    const targets = async (id: number) => (await db().select({ u: notices.unitIds }).from(notices).where(eq(notices.id, id)))[0]!.u;
    expect(await targets(scheduled)).toEqual([newU.id]);
    expect(await targets(awaiting)).toEqual([hub.demo.units.TRAPHU!, newU.id].sort((a, b) => a - b));
    expect(await targets(sent)).toEqual([oldU.id]);

    // The old code is free again, a report for it now needs the new commune, and the tree shows the history.
    const tried = await send(admin, 'post', '/api/admin/routing/test', { text: 'thử', communeCode: oldU.smsCode }).expect(422);
    expect(Object.keys(tried.body.error.fields)).toEqual(['communeCode']);
    const tree = await admin.agent.get('/api/admin/units').expect(200);
    expect(tree.body.items.find((u: { id: number }) => u.id === oldU.id)).toMatchObject({ active: false, supersededBy: { id: newU.id } });
    const [a] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'unit.merge'), eq(auditLog.targetId, String(oldU.id))));
    expect(a!.data).toMatchObject({ intoUnitId: newU.id, openReports: 1, keptReports: 1 });

    // A closed unit is history: no second merge, no rename.
    await send(admin, 'post', `/api/admin/units/${oldU.id}/merge`, { intoUnitId: newU.id }).expect(409);
    await send(admin, 'patch', `/api/admin/units/${oldU.id}`, { name: 'Xã Hồi Sinh' }).expect(409);
  });

  it('refuses a merge into itself, into another kind or into a closed unit, changing nothing', async () => {
    const before = await countOf(auditLog);
    const phu = hub.demo.units.TRAPHU!;
    const self = await send(admin, 'post', `/api/admin/units/${phu}/merge`, { intoUnitId: phu }).expect(422);
    expect(self.body.error.fields.intoUnitId.en).toMatch(/itself/);
    const kind = await send(admin, 'post', `/api/admin/units/${phu}/merge`, { intoUnitId: hub.demo.units.TNMT }).expect(422);
    expect(kind.body.error.fields.intoUnitId.en).toMatch(/same kind/);
    await send(admin, 'post', `/api/admin/units/${phu}/merge`, { intoUnitId: 999999 }).expect(422);
    await send(admin, 'post', '/api/admin/units/999999/merge', { intoUnitId: phu }).expect(404);
    expect((await unitRow(phu)).validTo).toBeNull();
    expect(await countOf(auditLog)).toBe(before);
  });
});
