/**
 * Categories and routing rules over HTTP: admin only, validation errors write
 * nothing, changes reach intake and the citizen form at once, and the routing
 * test answers with the same decision intake makes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { and, count, eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { auditLog, categories, routingRules } from '../../src/db/schema/index.js';
import { loadCatalog } from '../../src/modules/catalog/catalog.service.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { validReport } from '../support/hub-helpers.js';
import { addUser, makeReport, signIn, type Session } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
let admin: Session;
let leader: Session;
const db = () => hub.ctx.database.db;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  await addUser(db(), { username: 'qt.quytac', role: 'admin', unitId: hub.demo.districtId });
  await addUser(db(), { username: 'ld.quytac', role: 'leader', unitId: hub.demo.districtId });
  [admin, leader] = await Promise.all([signIn(built.app, 'qt.quytac'), signIn(built.app, 'ld.quytac')]);
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

const send = (s: Session, method: 'post' | 'patch' | 'delete', path: string, body: unknown = {}) => s.agent[method](path).set('X-CSRF-Token', s.csrf).send(body as object);
const rows = async (table: typeof categories | typeof routingRules | typeof auditLog) => Number((await db().select({ n: count() }).from(table))[0]!.n);
const tryText = (body: Record<string, unknown>) => send(admin, 'post', '/api/admin/routing/test', body).expect(200).then((r) => r.body);

describe('access', () => {
  it('leaders get 403 on categories, rules and the routing test', async () => {
    await leader.agent.get('/api/admin/categories').expect(403);
    await send(leader, 'post', '/api/admin/categories', { code: 'lanh-dao', nameVi: 'Lãnh đạo', nameEn: 'Leaders' }).expect(403);
    await leader.agent.get('/api/admin/routing-rules').expect(403);
    await send(leader, 'post', '/api/admin/routing-rules', { name: 'X', keywords: ['abc'], setPriority: 'urgent' }).expect(403);
    await send(leader, 'delete', '/api/admin/routing-rules/1').expect(403);
    await send(leader, 'post', '/api/admin/routing/test', { text: 'sạt lở' }).expect(403);
    expect(await db().select().from(categories).where(eq(categories.code, 'lanh-dao'))).toEqual([]);
  });
});

describe('categories', () => {
  it('refuses bad or duplicate codes and short names, writing nothing', async () => {
    const before = [await rows(categories), await rows(auditLog)];
    const bad = await send(admin, 'post', '/api/admin/categories', { code: 'Đất Đai', nameVi: 'Đ', nameEn: '', defaultPriority: 'high', sortOrder: -1 }).expect(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['code', 'defaultPriority', 'nameEn', 'nameVi', 'sortOrder']);
    const dup = await send(admin, 'post', '/api/admin/categories', { code: 'dat-dai', nameVi: 'Đất đai 2', nameEn: 'Land 2' }).expect(422);
    expect(dup.body.error.fields.code.vi).toBe('Mã lĩnh vực này đã có.');
    expect([await rows(categories), await rows(auditLog)]).toEqual(before);
  });

  it('a new category is offered and accepted by the citizen form at once; switching it off withdraws it', async () => {
    await loadCatalog(db());
    const made = await send(admin, 'post', '/api/admin/categories', { code: 'giao-duc', nameVi: 'Giáo dục', nameEn: 'Education' }).expect(201);
    expect(made.body).toMatchObject({ code: 'giao-duc', nameVi: 'Giáo dục', defaultPriority: 'normal', active: true });
    const maxBefore = Math.max(...(await db().select().from(categories)).filter((c) => c.id !== made.body.id).map((c) => c.sortOrder));
    expect(made.body.sortOrder).toBe(maxBefore + 1);
    const listed = await admin.agent.get('/api/categories').expect(200);
    expect(listed.body.items.map((c: { code: string }) => c.code)).toContain('giao-duc');
    await request(built.app).post('/api/public/reports').send(validReport({ category: 'giao-duc' })).expect(201);

    const off = await send(admin, 'patch', `/api/admin/categories/${made.body.id}`, { active: false, nameEn: 'Schools' }).expect(200);
    expect(off.body).toMatchObject({ active: false, nameEn: 'Schools', code: 'giao-duc' });
    const refused = await request(built.app).post('/api/public/reports').send(validReport({ category: 'giao-duc' })).expect(422);
    expect(Object.keys(refused.body.error.fields)).toContain('category');
    const all = await admin.agent.get('/api/admin/categories').expect(200);
    expect(all.body.items.find((c: { code: string }) => c.code === 'giao-duc')).toMatchObject({ active: false });
    const [a] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'category.update'), eq(auditLog.targetId, String(made.body.id))));
    expect(a!.data).toEqual({ code: 'giao-duc', active: { from: true, to: false }, nameEn: { from: 'Education', to: 'Schools' } });
  });
});

describe('routing rules', () => {
  it('lists the rules in the order they are tried', async () => {
    const res = await admin.agent.get('/api/admin/routing-rules').expect(200);
    const priorities = res.body.items.map((r: { priority: number }) => r.priority);
    expect(priorities).toEqual([...priorities].sort((a: number, b: number) => a - b));
    expect(res.body.items.find((r: { categoryCode: string | null }) => r.categoryCode === 'dat-dai'))
      .toMatchObject({ targetUnit: { id: hub.demo.units.TNMT, name: 'Phòng Tài nguyên và Môi trường', active: true }, keywords: [] });
  });

  it('refuses a rule that matches nothing, does nothing, or points at unknown things, writing nothing', async () => {
    const before = [await rows(routingRules), await rows(auditLog)];
    const empty = await send(admin, 'post', '/api/admin/routing-rules', { name: 'Trống' }).expect(422);
    expect(Object.keys(empty.body.error.fields).sort()).toEqual(['keywords', 'targetUnitId']);
    const unknown = await send(admin, 'post', '/api/admin/routing-rules', {
      name: 'Sai', categoryCode: 'khong-co', setCategoryCode: 'cung-khong', targetUnitId: 999999, keywords: ['cống'],
    }).expect(422);
    expect(Object.keys(unknown.body.error.fields).sort()).toEqual(['categoryCode', 'setCategoryCode', 'targetUnitId']);
    const short = await send(admin, 'post', '/api/admin/routing-rules', { name: 'Ngắn', keywords: ['x'], setPriority: 'urgent' }).expect(422);
    expect(Object.keys(short.body.error.fields)).toEqual(['keywords']);
    expect([await rows(routingRules), await rows(auditLog)]).toEqual(before);
  });

  it('a new keyword rule routes real reports and the test box at once; edits and deletion too', async () => {
    const sample = 'Trạm bơm thôn 5 bị hỏng, ruộng khô hạn';
    expect(await tryText({ text: sample, communeCode: 'TRAPHU' })).toMatchObject({ assignedUnit: { id: hub.demo.units.TRAPHU }, reason: 'explicit_commune', rule: null });
    const made = await send(admin, 'post', '/api/admin/routing-rules', {
      name: 'Thủy lợi → Phòng KT&HT', priority: 15, keywords: ['trạm bơm', 'kênh mương', 'Tram bom'], targetUnitId: hub.demo.units.KTHT, setCategoryCode: 'khac',
    }).expect(201);
    expect(made.body).toMatchObject({ keywords: ['trạm bơm', 'kênh mương'], targetUnit: { id: hub.demo.units.KTHT }, active: true });

    const tried = await tryText({ text: 'tram bom thon 5 hong roi', communeCode: 'traphu' });
    expect(tried).toMatchObject({
      assignedUnit: { id: hub.demo.units.KTHT, smsCode: 'KTHT' }, locationUnit: { id: hub.demo.units.TRAPHU }, reason: 'rule',
      rule: { id: made.body.id, name: 'Thủy lợi → Phòng KT&HT', keyword: 'trạm bơm' }, category: { code: 'khac' }, priority: 'normal',
    });
    const report = await makeReport(hub, { unitCode: 'TRAPHU', text: sample, category: 'moi-truong' });
    const detail = await admin.agent.get(`/api/reports/${report.id}`).expect(200);
    expect(detail.body.report.assignedUnit.id).toBe(hub.demo.units.KTHT);

    await send(admin, 'patch', `/api/admin/routing-rules/${made.body.id}`, { active: false }).expect(200);
    expect(await tryText({ text: sample, communeCode: 'TRAPHU' })).toMatchObject({ reason: 'explicit_commune', rule: null });
    const noMatch = await send(admin, 'patch', `/api/admin/routing-rules/${made.body.id}`, { keywords: [] }).expect(422);
    expect(Object.keys(noMatch.body.error.fields)).toEqual(['keywords']);

    await send(admin, 'delete', `/api/admin/routing-rules/${made.body.id}`).expect(204);
    await send(admin, 'delete', `/api/admin/routing-rules/${made.body.id}`).expect(404);
    const actions = (await db().select().from(auditLog).where(eq(auditLog.targetId, String(made.body.id))))
      .filter((a) => a.targetType === 'routing_rule').map((a) => a.action);
    expect(actions).toEqual(['routing_rule.create', 'routing_rule.update', 'routing_rule.delete']);
  });

  it('the test box shows the demo rules at work: category rules, keyword priority, triage', async () => {
    expect(await tryText({ text: 'Nhà tôi bị lấn chiếm', categoryCode: 'dat-dai', communeCode: 'TRABINH' }))
      .toMatchObject({ assignedUnit: { id: hub.demo.units.TNMT }, reason: 'rule', category: { code: 'dat-dai' }, priority: 'complex' });
    expect(await tryText({ text: 'Sat lo dat tren duong vao thon', communeCode: 'TRABINH' }))
      .toMatchObject({ assignedUnit: { id: hub.demo.units.TRABINH }, reason: 'explicit_commune', category: { code: 'thien-tai' }, priority: 'urgent' });
    expect(await tryText({ text: 'Xin hỏi thủ tục' })).toMatchObject({ assignedUnit: { id: hub.demo.units.VANPHONG }, reason: 'triage', triage: true });
    const bad = await send(admin, 'post', '/api/admin/routing/test', { text: '', communeCode: 'KHONGCO', categoryCode: 'khong-co' }).expect(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(['text']);
  });
});
