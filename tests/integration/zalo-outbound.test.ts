/**
 * The Zalo OA outbound adapter and token store against the fake Zalo: what
 * reaches the API (header, recipient, quote, split, upload), how each
 * documented failure is classified, and the token pair's rotation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { adminAlerts, channelCredentials, contactIdentities, contacts } from '../../src/db/schema/index.js';
import { openDatabase } from '../../src/db/client.js';
import { OutsideWindowError, PermanentError, RetryableError } from '../../src/lib/errors.js';
import { zaloConfigFromEnv } from '../../src/channels/zalo-oa/zalo.config.js';
import { keepZaloTokenAlive, ZaloOaOutboundAdapter } from '../../src/channels/zalo-oa/zalo-oa.adapter.js';
import { TOKEN_ALERT_KIND, ZaloTokenStore } from '../../src/channels/zalo-oa/zalo.tokens.js';
import { parseJsonLossless } from '../../src/channels/zalo-oa/zalo.json.js';
import type { OutboundMessage } from '../../src/channels/types.js';
import { createTestHub, dbMode, type TestHub } from '../support/context.js';
import { waitFor } from '../support/wait.js';
import { FakeZalo } from '../fakes/zalo.js';

const BIG_USER = '8417347285961289123'; // > 2^53: Number() would make it …9000
let hub: TestHub;
let fake: FakeZalo;
let adapter: ZaloOaOutboundAdapter;
let nextId = 1000;

const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => {
  const messageId = nextId++;
  return { messageId, idempotencyKey: `msg-${messageId}`, to: BIG_USER, text: 'Xã đã tiếp nhận phản ánh của bạn.', urgent: false, ...over };
};
const csBodies = () => fake.calls('cs').map((r) => parseJsonLossless(r.rawBody) as { recipient: { user_id: string }; message: Record<string, unknown> });

beforeAll(async () => {
  fake = await FakeZalo.start();
  hub = await createTestHub(fake.env());
  adapter = new ZaloOaOutboundAdapter(hub.ctx, zaloConfigFromEnv(hub.env));
});
afterAll(async () => {
  await hub?.close();
  await fake?.close();
});
beforeEach(() => { fake.requests.length = 0; });

describe('Zalo OA outbound', () => {
  it('sends a reply with the bare access_token header, the exact recipient id and the quoted citizen message', async () => {
    const result = await adapter.send(msg({ quoteExternalId: 'cb31dff1c39642cc1b83' }));
    const [call] = fake.calls('cs');
    expect(call?.headers.access_token).toBe(fake.accessToken);
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.rawBody).toContain(`"user_id":"${BIG_USER}"`);
    expect(csBodies()[0]?.message).toEqual({ text: 'Xã đã tiếp nhận phản ánh của bạn.', quote_message_id: 'cb31dff1c39642cc1b83' });
    expect(result.parts).toBe(1);
    expect(result.providerMessageId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('splits a text longer than 2000 characters into several messages, quoting only the first', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `đoạn${i}`).join(' ');
    const result = await adapter.send(msg({ text: long, quoteExternalId: 'q1' }));
    const bodies = csBodies();
    expect(result.parts).toBe(bodies.length);
    expect(bodies.length).toBeGreaterThan(1);
    for (const b of bodies) expect(String(b.message.text).length).toBeLessThanOrEqual(2000);
    expect(bodies.map((b) => b.message.quote_message_id)).toEqual(['q1', ...bodies.slice(1).map(() => undefined)]);
    expect(bodies.map((b) => b.message.text).join(' ')).toBe(long);
  });

  it('retrying a split send does not resend the parts Zalo already accepted', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `phần${i}`).join(' ');
    const m = msg({ text: long });
    fake.failNext('cs', { kind: 'http', status: 502 }, 1);
    // First part fails with a 5xx: nothing accepted yet.
    await expect(adapter.send(m)).rejects.toBeInstanceOf(RetryableError);
    const firstTry = fake.calls('cs').length;
    const done = await adapter.send(m);
    const again = await adapter.send(m);
    expect(again).toEqual(done);
    expect(fake.calls('cs').length - firstTry).toBe(done.parts);
  });

  it('uploads an image first, then sends it as a media template', async () => {
    const png = fs.readFileSync(path.resolve('tests/fixtures/web/pixel.png'));
    const stored = await hub.ctx.files.put(png, 'png');
    const result = await adapter.send(msg({ text: 'Ảnh hiện trường sau khi xử lý', media: [{ storageKey: stored.key, mime: 'image/png' }] }));
    expect(result.parts).toBe(2);
    const [upload] = fake.calls('upload');
    expect(upload?.path).toBe('/v2.0/oa/upload/image');
    expect(upload?.headers.access_token).toBe(fake.accessToken);
    expect(upload?.file).toMatchObject({ field: 'file', type: 'image/png', size: png.length });
    const media = csBodies()[1]?.message.attachment as { payload: { template_type: string; elements: { media_type: string; attachment_id: string }[] } };
    expect(media.payload.template_type).toBe('media');
    expect(media.payload.elements[0]?.media_type).toBe('image');
    expect(media.payload.elements[0]?.attachment_id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('on -216 refreshes the token once, persists the rotated pair, and succeeds', async () => {
    const oldRefresh = fake.refreshToken;
    fake.expireAccessToken();
    await adapter.send(msg());
    expect(fake.calls('token')).toHaveLength(1);
    expect(fake.calls('token')[0]?.headers.secret_key).toBe(fake.appSecret);
    expect(fake.calls('token')[0]?.form).toEqual({ refresh_token: oldRefresh, app_id: fake.appId, grant_type: 'refresh_token' });
    const cs = fake.calls('cs');
    expect(cs).toHaveLength(2);
    expect(cs[1]?.headers.access_token).toBe(fake.accessToken);
    const [row] = await hub.ctx.database.db.select().from(channelCredentials).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(row?.accessToken).toBe(fake.accessToken);
    expect(row?.refreshToken).toBe(fake.refreshToken);
    expect(row?.refreshToken).not.toBe(oldRefresh);
    expect(row?.accessExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
  });

  it('classifies a rate limit (-32) and a 5xx as retryable', async () => {
    fake.failNext('cs', { kind: 'zalo_error', code: -32, message: 'Exceeded rate limit' });
    const err = await adapter.send(msg()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).providerCode).toBe('-32');
    expect((err as RetryableError).retryAfterMs).toBeGreaterThan(0);
    fake.failNext('cs', { kind: 'http', status: 503 });
    await expect(adapter.send(msg())).rejects.toBeInstanceOf(RetryableError);
    fake.failNext('cs', { kind: 'drop' });
    await expect(adapter.send(msg())).rejects.toBeInstanceOf(RetryableError);
  });

  it.each([-230, -213, -217, -227, -232, -244])('classifies %i as outside the reply window (SMS fallback)', async (code) => {
    fake.failNext('cs', { kind: 'zalo_error', code, message: 'User has not interacted with the OA in the past 7 days' });
    const err = await adapter.send(msg()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideWindowError);
    expect((err as OutsideWindowError).providerCode).toBe(String(code));
  });

  it('classifies an unknown error code as permanent, keeping the code', async () => {
    fake.failNext('cs', { kind: 'zalo_error', code: -999, message: 'something new' });
    const err = await adapter.send(msg()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err).not.toBeInstanceOf(OutsideWindowError);
    expect((err as PermanentError).providerCode).toBe('-999');
  });

  it('retries without the quote when Zalo rejects the quoted message id', async () => {
    fake.failNext('cs', { kind: 'zalo_error', code: -201, message: 'quote_message_id is invalid' });
    await adapter.send(msg({ quoteExternalId: 'expired-quote' }));
    expect(csBodies().map((b) => b.message.quote_message_id)).toEqual(['expired-quote', undefined]);
  });

  it('does not message a citizen who unfollowed the OA: outside window, no API call', async () => {
    const db = hub.ctx.database.db;
    const [c] = await db.insert(contacts).values({}).returning({ id: contacts.id });
    await db.insert(contactIdentities).values({ contactId: c!.id, channel: 'zalo', externalId: '5550001112223334445', profile: { followed: false } });
    await expect(adapter.send(msg({ to: '5550001112223334445' }))).rejects.toBeInstanceOf(OutsideWindowError);
    expect(fake.calls('cs')).toHaveLength(0);
  });
});

describe('Zalo token refresh', () => {
  it('two concurrent refreshes of the same expired token make one OAuth call and agree on the new token', async () => {
    const cfg = zaloConfigFromEnv(hub.env);
    const a = new ZaloTokenStore(hub.ctx.database.db, cfg);
    // A second process: its own connection pool on the server, the same database when embedded.
    const other = dbMode() === 'server' ? await openDatabase({ url: hub.databaseUrl, poolSize: 2, migrate: false }) : null;
    const b = new ZaloTokenStore(other?.db ?? hub.ctx.database.db, cfg);
    try {
      const stale = await a.accessToken();
      const gate = fake.holdTokenResponses();
      const first = a.refresh(stale);
      await waitFor(() => fake.calls('token').length === 1, { what: 'first OAuth call' });
      const second = b.refresh(stale);
      gate.release();
      const [t1, t2] = await Promise.all([first, second]);
      expect(t1).toBe(fake.accessToken);
      expect(t2).toBe(t1);
      expect(fake.calls('token')).toHaveLength(1);
    } finally {
      await other?.close();
    }
  });

  it('refreshes ahead of expiry, when less than the margin remains', async () => {
    const db = hub.ctx.database.db;
    await db.update(channelCredentials).set({ accessExpiresAt: new Date(Date.now() + 3600_000) }).where(eq(channelCredentials.provider, 'zalo-oa'));
    const store = new ZaloTokenStore(db, zaloConfigFromEnv(hub.env));
    const token = await store.accessToken();
    expect(fake.calls('token')).toHaveLength(1);
    expect(token).toBe(fake.accessToken);
  });

  it('keeps the token alive without traffic: a seeded token of unknown age is refreshed once it is ~20 h old, at most every 10 minutes', async () => {
    const db = hub.ctx.database.db;
    await db.update(channelCredentials).set({ accessExpiresAt: null, updatedAt: new Date(Date.now() - 21 * 3600_000) })
      .where(eq(channelCredentials.provider, 'zalo-oa'));
    const keeper = new ZaloOaOutboundAdapter(hub.ctx, zaloConfigFromEnv(hub.env));
    const now = Date.now();
    expect(await keepZaloTokenAlive(keeper, now)).toBe(true);
    expect(fake.calls('token')).toHaveLength(1);
    await db.update(channelCredentials).set({ accessExpiresAt: new Date(Date.now() + 60_000) }).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(await keepZaloTokenAlive(keeper, now + 60_000)).toBe(false);
    expect(await keepZaloTokenAlive(keeper, now + 11 * 60_000)).toBe(true);
    expect(fake.calls('token')).toHaveLength(2);
    expect(await keepZaloTokenAlive(keeper, now + 30 * 60_000)).toBe(false); // fresh now: nothing to do
  });

  it('a failed refresh records the error and raises one admin alert, resolved by the next success', async () => {
    const db = hub.ctx.database.db;
    const store = new ZaloTokenStore(db, zaloConfigFromEnv(hub.env));
    const stale = await store.accessToken();
    fake.failNext('token', { kind: 'zalo_error', code: -14014, message: 'Invalid refresh token' }, 2);
    await expect(store.refresh(stale)).rejects.toBeInstanceOf(RetryableError);
    await expect(store.refresh(stale)).rejects.toBeInstanceOf(RetryableError);
    const [row] = await db.select().from(channelCredentials).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(row?.lastError).toMatch(/-14014/);
    expect(row?.accessToken).toBe(stale);
    let alerts = await db.select().from(adminAlerts).where(eq(adminAlerts.kind, TOKEN_ALERT_KIND));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', resolvedAt: null });
    expect(alerts[0]?.messageVi).toContain('Zalo');
    expect(JSON.stringify(alerts[0]?.data)).not.toContain(stale);
    await store.refresh(stale);
    alerts = await db.select().from(adminAlerts).where(eq(adminAlerts.kind, TOKEN_ALERT_KIND));
    expect(alerts[0]?.resolvedAt).not.toBeNull();
    const [after] = await db.select().from(channelCredentials).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(after?.lastError).toBeNull();
  });
});
