/**
 * The public notice board and its Atom feed (what appears, escaped, newest
 * first, emergencies highlighted) and the composer's preview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Session } from '../support/workspace.js';
import { addSubscriber, leader, phoneNo, post, startNoticesHub, type NoticesHub } from '../support/notices-hub.js';
import { waitFor } from '../support/wait.js';

let h: NoticesHub;
let boss: Session;

beforeAll(async () => {
  h = await startNoticesHub({ env: { NOTICE_APPROVAL_THRESHOLD: '1' } });
  boss = await leader(h, 'lanh.dao.bang.tin');
});
afterAll(async () => { await h?.close(); });

const EVIL = '<script>alert("x")</script> & <b>đậm</b>';

/** Every tag closed in order, every `&` an entity: enough to know a parser will take it. */
function wellFormed(xml: string): boolean {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(xml)) return false;
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) { if (stack.pop() !== m[2]) return false; } else stack.push(m[2]!);
  }
  return stack.length === 0;
}

describe('public notice board', () => {
  it('lists the notices for the commune and the units above it, newest first, escaped, emergencies highlighted', async () => {
    const first = await post(boss, '/api/notices', { title: `Lịch họp ${EVIL}`, text: `Nội dung ${EVIL}\ndòng 2`, unitCodes: ['TRAPHU'], channels: ['board'] }).expect(201);
    const district = await post(boss, '/api/notices', { title: 'Cảnh báo lũ', text: 'Mực nước sông Trà Bồng dâng cao.', unitCodes: ['TRABONG'], channels: ['board'], emergency: true }).expect(201);
    const other = await post(boss, '/api/notices', { title: 'Việc riêng của Trà Bình', text: 'x', unitCodes: ['TRABINH'], channels: ['board'] }).expect(201);
    const smsOnly = await post(boss, '/api/notices', { title: 'Chỉ gửi SMS', text: 'x', unitCodes: ['TRAPHU'], channels: ['sms'] }).expect(201);
    await addSubscriber(h.db, { unitId: h.hub.demo.units.TRAPHU!, phone: phoneNo().e164 });
    await addSubscriber(h.db, { unitId: h.hub.demo.units.TRAPHU!, phone: phoneNo().e164 });
    const waiting = await post(boss, '/api/notices', { title: 'Chờ duyệt', text: 'x', unitCodes: ['TRAPHU'], channels: ['sms', 'board'] }).expect(201);
    expect(waiting.body.status).toBe('pending_approval');
    for (const r of [first, district, other, smsOnly]) expect(r.body.status).toBe('sending');

    const page = await waitFor(async () => {
      const r = await request(h.app).get('/thong-bao/traphu').expect(200);
      return r.text.includes('Cảnh báo lũ') ? r : undefined;
    }, { what: 'board lists the district alert' });
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('Lịch họp &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;');
    expect(page.text).not.toContain('Việc riêng của Trà Bình');
    expect(page.text).not.toContain('Chỉ gửi SMS');
    expect(page.text).not.toContain('Chờ duyệt');
    expect(page.text.indexOf('Cảnh báo lũ')).toBeLessThan(page.text.indexOf('Lịch họp'));
    expect(page.text).toMatch(/class="notice emergency"[\s\S]*KHẨN CẤP[\s\S]*Cảnh báo lũ/);
    expect(page.text).toContain('href="/thong-bao/TRAPHU/atom.xml"');
    const en = await request(h.app).get('/thong-bao/TRAPHU?lang=en').expect(200);
    expect(en.text).toContain('Notices — Xã Trà Phú');
    await request(h.app).get('/thong-bao/NOWHERE').expect(404);
  });

  it('the Atom feed is well-formed, escaped and lists the same notices', async () => {
    const res = await request(h.app).get('/thong-bao/TRAPHU/atom.xml').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const xml = res.text;
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('Lịch họp &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;');
    expect(xml).toContain('<title type="text">[KHẨN CẤP] Cảnh báo lũ</title>');
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${h.url}/thong-bao/TRAPHU/atom.xml"/>`);
  });
});

describe('preview', () => {
  it('shows the SMS as sent (encoding, segments, unaccented text), recipients, message count and the approval rule', async () => {
    const res = await post(boss, '/api/notices/preview', { title: 'Lịch tiêm chủng', text: 'Thứ Bảy tại trạm y tế xã.', unitCodes: ['TRAPHU'], channels: ['sms'] }).expect(200);
    expect(res.body).toMatchObject({
      senderName: expect.any(String),
      sms: { channel: 'sms', encoding: 'GSM-7', segments: 1, parts: 1 },
      recipients: { total: 2, optedOut: 0, byChannel: { sms: 2, zalo: 0, zns: 0, none: 0 } },
      estimatedMessages: { sms: 2, total: 2 },
      approval: { threshold: 1, required: true },
    });
    expect(res.body.unaccented).toContain('Lich tiem chung\nThu Bay tai tram y te xa.\nSoan HUY de ngung nhan thong bao.');
    expect(res.body.optOutNote.en).toContain('emergency alerts only');
    const bad = await post(boss, '/api/notices/preview', { text: 'x', unitCodes: ['XYZ'], channels: ['sms'] }).expect(422);
    expect(bad.body.error.fields.unitCodes.vi).toBeDefined();
  });
});
