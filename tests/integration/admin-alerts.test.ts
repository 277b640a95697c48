/**
 * What administrators must act on: a dead Zalo refresh token raises an alert
 * they can read; they enter the OA's new token pair, which resolves the alert
 * and makes Zalo sends work again; nothing secret is returned or audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { adminAlerts, auditLog, channelCredentials } from '../../src/db/schema/index.js';
import { zaloConfigFromEnv } from '../../src/channels/zalo-oa/zalo.config.js';
import { ZaloOaOutboundAdapter } from '../../src/channels/zalo-oa/zalo-oa.adapter.js';
import { TOKEN_ALERT_KIND, ZaloTokenStore } from '../../src/channels/zalo-oa/zalo.tokens.js';
import { RetryableError } from '../../src/lib/errors.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { addUser, signIn, type Session } from '../support/workspace.js';
import { FakeZalo } from '../fakes/zalo.js';

let hub: TestHub;
let built: BuiltApp;
let fake: FakeZalo;
let admin: Session;
let leader: Session;

beforeAll(async () => {
  fake = await FakeZalo.start();
  hub = await createTestHub(fake.env());
  built = buildApp(hub.ctx);
  await addUser(hub.ctx.database.db, { username: 'quantri', role: 'admin', unitId: hub.demo.districtId });
  await addUser(hub.ctx.database.db, { username: 'lanhdao', role: 'leader', unitId: hub.demo.districtId });
  admin = await signIn(built.app, 'quantri');
  leader = await signIn(built.app, 'lanhdao');
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
  await fake?.close();
});

const db = () => hub.ctx.database.db;

describe('admin alerts and the Zalo token pair', () => {
  it('a dead refresh token raises an alert that administrators, and only they, can read', async () => {
    const store = new ZaloTokenStore(db(), zaloConfigFromEnv(hub.env));
    await store.accessToken(); // seeds the row from the environment
    // The OA's refresh token died (revoked in the Zalo console): both tokens are refused from now on.
    await db().update(channelCredentials).set({ accessToken: 'at-revoked', refreshToken: 'rt-revoked' }).where(eq(channelCredentials.provider, 'zalo-oa'));
    const adapter = new ZaloOaOutboundAdapter(hub.ctx, zaloConfigFromEnv(hub.env));
    await expect(adapter.send({ messageId: 9001, idempotencyKey: 'msg-9001', to: '8417347285961289123', text: 'Xin chào', urgent: false }))
      .rejects.toBeInstanceOf(RetryableError);

    const list = (await admin.agent.get('/api/admin/alerts').set('X-CSRF-Token', admin.csrf).expect(200)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: TOKEN_ALERT_KIND, severity: 'critical', resolvedAt: null });
    expect(list[0].messageVi).toContain('Zalo');
    expect(list[0].messageEn).toContain('Zalo');
    await leader.agent.get('/api/admin/alerts').set('X-CSRF-Token', leader.csrf).expect(403);

    const state = (await admin.agent.get('/api/admin/channels/zalo').set('X-CSRF-Token', admin.csrf).expect(200)).body;
    expect(state).toMatchObject({ configured: true, hasRefreshToken: true });
    expect(state.lastError).toMatch(/-14014/);
    expect(JSON.stringify(state)).not.toContain('rt-revoked');
  });

  it('bad input is refused field by field and changes nothing', async () => {
    const before = await db().select().from(channelCredentials);
    const res = await admin.agent.put('/api/admin/channels/zalo/tokens').set('X-CSRF-Token', admin.csrf)
      .send({ refreshToken: 'short', accessExpiresInS: 5 }).expect(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['accessExpiresInS', 'refreshToken']);
    expect(res.body.error.fields.refreshToken).toMatchObject({ vi: expect.stringContaining('refresh token'), en: expect.stringContaining('refresh token') });
    await leader.agent.put('/api/admin/channels/zalo/tokens').set('X-CSRF-Token', leader.csrf).send({ refreshToken: fake.refreshToken }).expect(403);
    await admin.agent.put('/api/admin/channels/zalo/tokens').send({ refreshToken: fake.refreshToken }).expect(403); // no CSRF token
    expect(await db().select().from(channelCredentials)).toEqual(before);
  });

  it("the OA's new refresh token resolves the alert and Zalo sends work again; the audit log names no secret", async () => {
    const fresh = fake.refreshToken; // what the OA administrator copies after re-authorising the app
    const state = (await admin.agent.put('/api/admin/channels/zalo/tokens').set('X-CSRF-Token', admin.csrf).send({ refreshToken: fresh }).expect(200)).body;
    expect(state).toMatchObject({ hasRefreshToken: true, hasAccessToken: false, lastError: null });
    expect(JSON.stringify(state)).not.toContain(fresh);
    expect((await admin.agent.get('/api/admin/alerts').set('X-CSRF-Token', admin.csrf).expect(200)).body.items).toEqual([]);

    const adapter = new ZaloOaOutboundAdapter(hub.ctx, zaloConfigFromEnv(hub.env));
    const sent = await adapter.send({ messageId: 9002, idempotencyKey: 'msg-9002', to: '8417347285961289123', text: 'Xin chào', urgent: false });
    expect(sent.providerMessageId).toBeTruthy();
    const [row] = await db().select().from(channelCredentials).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(row?.refreshToken).toBe(fake.refreshToken); // rotated by the refresh it made
    expect(row?.refreshToken).not.toBe(fresh);

    const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'channel.zalo_tokens_replaced'));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(fresh);
  });

  it('an administrator can resolve an alert by hand; resolving twice is harmless, an unknown id is 404', async () => {
    const [a] = await db().insert(adminAlerts).values({ kind: 'test_kind', severity: 'warning', messageVi: 'Kiểm tra', messageEn: 'Check' }).returning();
    await admin.agent.post(`/api/admin/alerts/${a!.id}/resolve`).set('X-CSRF-Token', admin.csrf).expect(204);
    await admin.agent.post(`/api/admin/alerts/${a!.id}/resolve`).set('X-CSRF-Token', admin.csrf).expect(204);
    await admin.agent.post('/api/admin/alerts/999999/resolve').set('X-CSRF-Token', admin.csrf).expect(404);
    const all = (await admin.agent.get('/api/admin/alerts?all=1').set('X-CSRF-Token', admin.csrf).expect(200)).body.items;
    expect(all.find((x: { id: number }) => x.id === a!.id)?.resolvedAt).not.toBeNull();
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'alert.resolved'), eq(auditLog.targetId, String(a!.id))))).toHaveLength(1);
  });
});
