import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Redis } from 'ioredis';
import { eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { auditLog, messages, users } from '../../src/db/schema/index.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { PASSWORD, addUser, makeReport, signIn } from '../support/workspace.js';

let hub: TestHub;
let built: BuiltApp;
let redis: Redis;
let reportId: number;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  redis = new Redis(hub.env.REDIS_URL);
  const u = hub.demo.units;
  await addUser(hub.ctx.database.db, { username: 'admin.test', role: 'admin', unitId: hub.demo.districtId });
  for (const name of ['can.bo', 'khoa.thu', 'nhieu.phien', 'doi.mk', 'bi.khoa']) {
    await addUser(hub.ctx.database.db, { username: name, role: 'officer', unitId: u.TRAPHU! });
  }
  reportId = (await makeReport(hub, { unitCode: 'TRAPHU' })).id;
});
afterAll(async () => {
  redis?.disconnect();
  await built?.close();
  await hub?.close();
});

let ipSeq = 0;
/** Each test signs in from its own address, so per-IP throttling of one test does not touch another. */
const fromIp = () => `10.0.0.${++ipSeq}`;
const login = (username: string, password: string, ip = fromIp()) =>
  request(built.app).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

describe('signing in', () => {
  it('sets an httpOnly SameSite=Lax session cookie and returns the CSRF token and the user', async () => {
    const res = await login('can.bo', PASSWORD).expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('caunoi.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // PUBLIC_BASE_URL is http here
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.user).toMatchObject({ username: 'can.bo', role: 'officer', unit: { id: hub.demo.units.TRAPHU, name: 'Xã Trà Phú' } });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('answers a wrong password and an unknown username with the same generic message', async () => {
    const wrong = await login('can.bo', 'sai-mat-khau-roi').expect(401);
    const unknown = await login('khong.co.ai', 'sai-mat-khau-roi').expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message).toBe('Sai tên đăng nhập hoặc mật khẩu / Wrong username or password');
  });

  it('takes the username without regard to case or surrounding spaces', async () => {
    await login('  CAN.BO ', PASSWORD).expect(200);
  });

  it('refuses a form-encoded sign-in (a cross-site form cannot post JSON)', async () => {
    await request(built.app).post('/api/auth/login').type('form').send({ username: 'can.bo', password: PASSWORD }).expect(422);
  });

  it('keeps only ids and the CSRF token in Redis, under a key that is not the cookie', async () => {
    const s = await signIn(built.app, 'can.bo');
    const sid = s.cookie.split('=')[1]!;
    const keys = await redis.keys(`${hub.env.QUEUE_PREFIX}:sess:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(sid))).toBe(false);
    for (const k of keys) {
      const value = JSON.parse((await redis.get(k))!);
      expect(Object.keys(value).sort()).toEqual(['createdAt', 'csrf', 'epoch', 'userId']);
      expect(await redis.ttl(k)).toBeGreaterThan(0);
    }
  });
});

describe('when Redis is unreachable', () => {
  it('answers 503 "retry" for sign-in and for a session, never 500', async () => {
    const broken = buildApp({ ...hub.ctx, env: { ...hub.env, REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const res = await request(broken.app).post('/api/auth/login').send({ username: 'can.bo', password: PASSWORD }).expect(503);
      expect(res.body.error.code).toBe('unavailable');
      await request(broken.app).get('/api/reports').set('Cookie', `caunoi.sid=${'A'.repeat(43)}`).expect(503);
    } finally { await broken.close(); }
  });
});

describe('lockout', () => {
  it('locks an account after five failures with a bilingual message, even for the right password, until an administrator unlocks it', async () => {
    const ip = fromIp();
    for (let i = 0; i < 4; i++) await login('khoa.thu', `sai-lan-thu-${i}`, ip).expect(401);
    const fifth = await login('khoa.thu', 'sai-lan-thu-5', ip).expect(423);
    expect(fifth.body.error.code).toBe('account_locked');
    expect(fifth.body.error.message).toMatch(/Tài khoản tạm khóa.*\/ Account temporarily locked/);
    await login('khoa.thu', PASSWORD, ip).expect(423);
    const [row] = await hub.ctx.database.db.select().from(users).where(eq(users.username, 'khoa.thu'));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const audit = await hub.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.locked'));
    expect(audit.map((a) => a.targetId)).toContain(String(row!.id));

    const admin = await signIn(built.app, 'admin.test');
    await admin.agent.patch(`/api/admin/users/${row!.id}`).set('X-CSRF-Token', admin.csrf).send({ unlock: true }).expect(200);
    await login('khoa.thu', PASSWORD).expect(200);
  });

  it('locks an unknown username the same way, so lockout does not reveal which accounts exist', async () => {
    const ip = fromIp();
    for (let i = 0; i < 4; i++) await login('khong.ton.tai', `sai-${i}-mat-khau`, ip).expect(401);
    const res = await login('khong.ton.tai', 'sai-5-mat-khau', ip).expect(423);
    expect(res.body.error.code).toBe('account_locked');
  });

  it('slows down one address that fails too often, whatever the usernames', async () => {
    const ip = fromIp();
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login(`thu.${i}`, 'sai-mat-khau-nhe', ip)).status;
    expect(last).toBe(429);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, or with a wrong one, and changes nothing', async () => {
    const s = await signIn(built.app, 'can.bo');
    const before = await hub.ctx.database.db.select().from(messages).where(eq(messages.reportId, reportId));
    const none = await s.agent.post(`/api/reports/${reportId}/notes`).send({ text: 'ghi chú' }).expect(403);
    expect(none.body.error.code).toBe('csrf_failed');
    await s.agent.post(`/api/reports/${reportId}/notes`).set('X-CSRF-Token', 'x'.repeat(43)).send({ text: 'ghi chú' }).expect(403);
    await s.agent.patch(`/api/reports/${reportId}`).send({ status: 'in_progress' }).expect(403);
    await s.agent.post('/api/auth/logout-all').expect(403);
    const after = await hub.ctx.database.db.select().from(messages).where(eq(messages.reportId, reportId));
    expect(after).toHaveLength(before.length);
    await s.agent.get('/api/auth/me').expect(200);
    await s.agent.post(`/api/reports/${reportId}/notes`).set('X-CSRF-Token', s.csrf).send({ text: 'ghi chú' }).expect(201);
  });

  it('does not accept the token of another session', async () => {
    const a = await signIn(built.app, 'can.bo');
    const b = await signIn(built.app, 'can.bo');
    await a.agent.post(`/api/reports/${reportId}/notes`).set('X-CSRF-Token', b.csrf).send({ text: 'ghi chú' }).expect(403);
  });
});

describe('sessions', () => {
  it('asks for a session on every workspace route', async () => {
    for (const path of ['/api/auth/me', '/api/reports', `/api/reports/${reportId}`, '/api/units', '/api/categories', '/api/canned-replies', '/api/admin/users']) {
      const res = await request(built.app).get(path).expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('signing out ends the session', async () => {
    const s = await signIn(built.app, 'can.bo');
    await s.agent.post('/api/auth/logout').set('X-CSRF-Token', s.csrf).expect(204);
    await request(built.app).get('/api/auth/me').set('Cookie', s.cookie).expect(401);
  });

  it('signing out everywhere ends every session of that user and no one else’s', async () => {
    const a = await signIn(built.app, 'nhieu.phien');
    const b = await signIn(built.app, 'nhieu.phien');
    const other = await signIn(built.app, 'can.bo');
    await a.agent.post('/api/auth/logout-all').set('X-CSRF-Token', a.csrf).expect(204);
    await request(built.app).get('/api/auth/me').set('Cookie', a.cookie).expect(401);
    await request(built.app).get('/api/auth/me').set('Cookie', b.cookie).expect(401);
    await request(built.app).get('/api/auth/me').set('Cookie', other.cookie).expect(200);
    await signIn(built.app, 'nhieu.phien');
  });

  it('a password change needs the current password and ten characters, then ends the other sessions', async () => {
    const a = await signIn(built.app, 'doi.mk');
    const b = await signIn(built.app, 'doi.mk');
    const short = await a.agent.post('/api/auth/password').set('X-CSRF-Token', a.csrf).send({ currentPassword: PASSWORD, newPassword: 'ngan' }).expect(422);
    expect(short.body.error.fields.newPassword.vi).toMatch(/ít nhất 10 ký tự/);
    expect(short.body.error.fields.newPassword.en).toMatch(/at least 10 characters/);
    const wrong = await a.agent.post('/api/auth/password').set('X-CSRF-Token', a.csrf).send({ currentPassword: 'khong-dung-dau', newPassword: 'mat-khau-moi-dai' }).expect(422);
    expect(wrong.body.error.fields.currentPassword.en).toMatch(/current password is wrong/);
    const ok = await a.agent.post('/api/auth/password').set('X-CSRF-Token', a.csrf).send({ currentPassword: PASSWORD, newPassword: 'mat-khau-moi-dai' }).expect(200);
    await request(built.app).get('/api/auth/me').set('Cookie', b.cookie).expect(401);
    await request(built.app).get('/api/auth/me').set('Cookie', a.cookie).expect(401);
    await a.agent.get('/api/auth/me').expect(200); // the agent holds the fresh cookie
    expect(ok.body.csrfToken).not.toBe(a.csrf);
    await login('doi.mk', PASSWORD).expect(401);
    await login('doi.mk', 'mat-khau-moi-dai').expect(200);
  });
});

describe('accounts', () => {
  it('only administrators manage accounts', async () => {
    const officer = await signIn(built.app, 'can.bo');
    await officer.agent.get('/api/admin/users').expect(403);
    await officer.agent.post('/api/admin/users').set('X-CSRF-Token', officer.csrf)
      .send({ username: 'ke.gian', displayName: 'x', password: 'mat-khau-dai-du', role: 'admin', unitId: hub.demo.districtId }).expect(403);
  });

  it('an administrator creates an account with checked fields, and it can sign in', async () => {
    const admin = await signIn(built.app, 'admin.test');
    const bad = await admin.agent.post('/api/admin/users').set('X-CSRF-Token', admin.csrf)
      .send({ username: 'Có Dấu', displayName: '', password: 'ngan', role: 'boss', unitId: 999999 }).expect(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['displayName', 'password', 'role', 'username']);
    const res = await admin.agent.post('/api/admin/users').set('X-CSRF-Token', admin.csrf)
      .send({ username: 'xa.trabui', displayName: 'Cán bộ xã Trà Bùi', password: 'mat-khau-tra-bui', role: 'officer', unitId: hub.demo.units.TRABUI }).expect(201);
    expect(res.body).toMatchObject({ username: 'xa.trabui', role: 'officer', disabled: false, canReveal: false });
    await admin.agent.post('/api/admin/users').set('X-CSRF-Token', admin.csrf)
      .send({ username: 'xa.trabui', displayName: 'Khác', password: 'mat-khau-tra-bui', role: 'officer', unitId: hub.demo.units.TRABUI }).expect(422);
    await login('xa.trabui', 'mat-khau-tra-bui').expect(200);
    const list = await admin.agent.get('/api/admin/users').expect(200);
    expect(list.body.items.map((u: { username: string }) => u.username)).toContain('xa.trabui');
    expect(JSON.stringify(list.body)).not.toMatch(/argon2/);
  });

  it('disabling an account ends its sessions and refuses sign-in; a reset password ends sessions too', async () => {
    const admin = await signIn(built.app, 'admin.test');
    const victim = await signIn(built.app, 'bi.khoa');
    await admin.agent.patch(`/api/admin/users/${victim.userId}`).set('X-CSRF-Token', admin.csrf).send({ disabled: true }).expect(200);
    await request(built.app).get('/api/auth/me').set('Cookie', victim.cookie).expect(401);
    const refused = await login('bi.khoa', PASSWORD).expect(403);
    expect(refused.body.error.code).toBe('account_disabled');
    await admin.agent.patch(`/api/admin/users/${victim.userId}`).set('X-CSRF-Token', admin.csrf).send({ disabled: false }).expect(200);
    const again = await signIn(built.app, 'bi.khoa');
    await admin.agent.post(`/api/admin/users/${victim.userId}/password`).set('X-CSRF-Token', admin.csrf).send({ password: 'mat-khau-dat-lai' }).expect(204);
    await request(built.app).get('/api/auth/me').set('Cookie', again.cookie).expect(401);
    await login('bi.khoa', 'mat-khau-dat-lai').expect(200);
    const actions = (await hub.ctx.database.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.disable', 'user.update', 'user.password_reset']));
  });

  it('an administrator cannot disable their own account', async () => {
    const admin = await signIn(built.app, 'admin.test');
    await admin.agent.patch(`/api/admin/users/${admin.userId}`).set('X-CSRF-Token', admin.csrf).send({ disabled: true }).expect(409);
  });
});
