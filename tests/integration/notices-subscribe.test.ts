/**
 * Subscribing and stopping over every channel, through the real paths: SMS
 * (eSMS MO webhook), Zalo (signed OA webhook), the web form and its stop link;
 * consent recorded each time; officers' CSV imports refused whole without
 * consent, and never resubscribing a citizen who said stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { contactIdentities, noticeOptOuts, reports, subscriptions } from '../../src/db/schema/index.js';
import { userEvent } from '../fakes/zalo.js';
import { newZaloUserId } from '../support/zalo-hub.js';
import { addUser, signIn, type Session } from '../support/workspace.js';
import { phoneNo, startNoticesHub, type NoticesHub } from '../support/notices-hub.js';
import { waitFor } from '../support/wait.js';

let h: NoticesHub;
let officer: Session;

beforeAll(async () => {
  h = await startNoticesHub({ zalo: true });
  await addUser(h.db, { username: 'xa.traphu.tb', role: 'officer', unitId: h.hub.demo.units.TRAPHU! });
  officer = await signIn(h.app, 'xa.traphu.tb');
});
afterAll(async () => { await h?.close(); });

const unit = () => h.hub.demo.units.TRAPHU!;

async function subsOf(channel: 'sms' | 'zalo', externalId: string) {
  return h.db.select({ s: subscriptions }).from(subscriptions)
    .innerJoin(contactIdentities, eq(contactIdentities.contactId, subscriptions.contactId))
    .where(and(eq(contactIdentities.channel, channel), eq(contactIdentities.externalId, externalId))).then((r) => r.map((x) => x.s));
}
const optOutOf = async (contactId: number) => (await h.db.select().from(noticeOptOuts).where(eq(noticeOptOuts.contactId, contactId)))[0];
const smsTo = (national: string, nth = 0) => waitFor(() => h.esms.sent.filter((s) => s.to === national)[nth], { what: `SMS ${nth + 1} to ${national}` });

describe('SMS', () => {
  it('DK records consent with its time and source; HUY stops every notice and is remembered', async () => {
    const p = phoneNo();
    const before = Date.now();
    await h.esms.mo(h.url, p.intl, 'dk TRAPHU');
    expect((await smsTo(p.national)).text).toContain('Ban da dang ky nhan thong bao cua Xa Tra Phu');
    const [sub] = await subsOf('sms', p.e164);
    expect(sub).toMatchObject({ unitId: unit(), active: true, channel: 'sms', consentSource: 'sms:DK' });
    expect(sub!.consentAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await h.esms.mo(h.url, p.intl, 'HUY');
    await smsTo(p.national, 1);
    const [after] = await subsOf('sms', p.e164);
    expect(after!.active).toBe(false);
    expect(await optOutOf(after!.contactId)).toMatchObject({ source: 'sms:HUY' });
  });
});

describe('Zalo', () => {
  it('a follower who sends the commune name is subscribed, told so, and HUY stops it', async () => {
    const user = newZaloUserId();
    await h.zalo!.postWebhook(h.url, userEvent(h.zalo!, user, 'user_send_text', { text: 'Trà Phú' })).then((r) => expect(r.status).toBe(200));
    const confirm = await waitFor(() => h.zalo!.calls('cs').find((c) => c.rawBody.includes(user)), { what: 'Zalo confirmation' });
    expect(JSON.parse(confirm.rawBody).message.text).toContain('Bạn đã đăng ký nhận thông báo của Xã Trà Phú qua Zalo');
    const [sub] = await waitFor(async () => { const s = await subsOf('zalo', user); return s.length ? s : undefined; });
    expect(sub).toMatchObject({ unitId: unit(), active: true, channel: 'zalo', consentSource: 'zalo:DK' });
    await h.zalo!.postWebhook(h.url, userEvent(h.zalo!, user, 'user_send_text', { text: 'HUY' }));
    await waitFor(() => h.zalo!.calls('cs').filter((c) => c.rawBody.includes(user)).length === 2 || undefined, { what: 'stop confirmation' });
    const [after] = await subsOf('zalo', user);
    expect(after!.active).toBe(false);
    expect(await optOutOf(after!.contactId)).toMatchObject({ source: 'zalo:HUY' });
  });

  it('DK <code> on Zalo works too, and ordinary text still opens a report', async () => {
    const user = newZaloUserId();
    await h.zalo!.postWebhook(h.url, userEvent(h.zalo!, user, 'user_send_text', { text: 'DK TRABINH' }));
    await waitFor(async () => (await subsOf('zalo', user)).find((s) => s.unitId === h.hub.demo.units.TRABINH && s.active), { what: 'Zalo DK' });
    await h.zalo!.postWebhook(h.url, userEvent(h.zalo!, user, 'user_send_text', { text: 'Đường vào thôn 2 bị ngập sâu sau mưa' }));
    await waitFor(async () => {
      const rows = await h.db.select().from(contactIdentities).where(and(eq(contactIdentities.channel, 'zalo'), eq(contactIdentities.externalId, user)));
      return rows[0] ? (await h.db.select().from(reports).where(eq(reports.contactId, rows[0].contactId)))[0] : undefined;
    }, { what: 'report from free text' });
  });
});

describe('web', () => {
  it('the form records consent, confirms by SMS with a stop link; the link stops; the form cannot resubscribe; DK can', async () => {
    const p = phoneNo();
    const page = await request(h.app).get('/thong-bao/TRAPHU/dang-ky').expect(200);
    expect(page.text).toContain('Đăng ký nhận thông báo');
    const bad = await request(h.app).post('/thong-bao/TRAPHU/dang-ky').type('form').send({ phone: p.national }).expect(422);
    expect(bad.text).toContain('Vui lòng đánh dấu đồng ý');
    expect(await subsOf('sms', p.e164)).toHaveLength(0);
    await request(h.app).post('/thong-bao/TRAPHU/dang-ky').type('form').send({ phone: p.national, consent: 'true' }).expect(200);
    const [sub] = await subsOf('sms', p.e164);
    expect(sub).toMatchObject({ active: true, consentSource: 'web', unitId: unit() });
    const sms = await smsTo(p.national);
    const link = /https?:\/\/\S+\/thong-bao\/huy\?t=([A-Za-z0-9_-]+)/.exec(sms.text);
    expect(link).not.toBeNull();
    const ask = await request(h.app).get(`/thong-bao/huy?t=${link![1]}`).expect(200);
    expect(ask.text).toContain('Ngừng nhận thông báo');
    expect((await subsOf('sms', p.e164))[0]!.active).toBe(true); // a GET (link preview) changes nothing
    await request(h.app).post('/thong-bao/huy').type('form').send({ t: link![1] }).expect(200);
    expect((await subsOf('sms', p.e164))[0]!.active).toBe(false);
    expect(await optOutOf(sub!.contactId)).toMatchObject({ source: 'web:link' });
    await request(h.app).post('/thong-bao/huy').type('form').send({ t: 'not-a-real-token-000000' }).expect(404);

    const again = await request(h.app).post('/thong-bao/TRAPHU/dang-ky').type('form').send({ phone: p.national, consent: 'true' }).expect(200);
    expect(again.text).toContain('không được đăng ký lại từ trang web');
    expect((await subsOf('sms', p.e164))[0]!.active).toBe(false);
    await h.esms.mo(h.url, p.intl, 'DK TRAPHU');
    await waitFor(async () => (await subsOf('sms', p.e164))[0]!.active || undefined, { what: 'resubscribed by DK' });
    expect(await optOutOf(sub!.contactId)).toBeUndefined();
  });
});

describe('officers import subscriber lists', () => {
  const csv = (rows: string[]) => Buffer.from(['phone,consent_at,consent_method', ...rows].join('\n'));
  const upload = (unitCode: string, file: Buffer) => officer.agent.post('/api/subscriptions/import').set('X-CSRF-Token', officer.csrf)
    .field('unitCode', unitCode).attach('file', file, { filename: 'danh-sach.csv', contentType: 'text/csv' });

  it('a file with a row lacking consent is refused whole, with the line named', async () => {
    const a = phoneNo();
    const b = phoneNo();
    const res = await upload('TRAPHU', csv([`${a.national},2026-03-01,Phiếu đăng ký giấy`, `${b.national},,Phiếu đăng ký giấy`])).expect(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.lines).toEqual([{ line: 3, field: 'consent_at', message: expect.objectContaining({ vi: expect.stringContaining('Thiếu ngày đồng ý') }) }]);
    expect(await subsOf('sms', a.e164)).toHaveLength(0);
  });

  it('imports with the consent of each row, and leaves citizens who said stop alone', async () => {
    const fresh = phoneNo();
    const stopped = phoneNo();
    await h.esms.mo(h.url, stopped.intl, 'DK TRAPHU');
    await smsTo(stopped.national);
    await h.esms.mo(h.url, stopped.intl, 'HUY');
    await smsTo(stopped.national, 1);
    const res = await upload('TRAPHU', csv([`${fresh.national},01/03/2026,Họp dân thôn 3`, `${stopped.national},2026-03-02,Phiếu giấy`])).expect(200);
    expect(res.body).toMatchObject({ rows: 2, imported: 1, alreadySubscribed: 0, optedOut: { count: 1, lines: [3] } });
    expect(res.body.rule.vi).toContain('không bao giờ được đăng ký lại');
    const [sub] = await subsOf('sms', fresh.e164);
    expect(sub).toMatchObject({ active: true, consentSource: 'import: Họp dân thôn 3' });
    expect(sub!.consentAt.toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect((await subsOf('sms', stopped.e164))[0]!.active).toBe(false);
    await upload('TRABINH', csv([`${fresh.national},2026-03-01,x`])).expect(422);
  });
});
