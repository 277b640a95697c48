/**
 * The demo phone (DEMO_MODE, no gateway credentials): a visitor's SMS enters
 * through the real webhook path of the simulated gateway, becomes a report, and
 * the acknowledgement comes back to the page and is reported delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { inboundEvents, messages } from '../../src/db/schema/index.js';
import { newPhone, startSmsHub, waitForSmsReport, type SmsHub } from '../support/sms-hub.js';
import { waitFor } from '../support/wait.js';

let h: SmsHub<null>;
beforeAll(async () => { h = await startSmsHub(null, { DEMO_MODE: 'true', DEMO_SMS_DELIVERY_DELAY_MS: '300' }); });
afterAll(async () => { await h?.close(); });

interface Entry { dir: 'in' | 'out'; text: string; status: string }

describe('demo phone', () => {
  it('serves a CSP-safe page with an external script and no inline code', async () => {
    const res = await request(h.app).get('/demo/phone').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<script src="/static/demo-phone.js" defer></script>');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.text).toContain('Điện thoại thử nghiệm');
    await request(h.app).get('/static/demo-phone.js').expect(200);
  });

  it('a visitor texts "PA TRAPHU …" and sees the acknowledgement with the code arrive, delivered', async () => {
    const p = newPhone();
    await request(h.app).post('/demo/phone/send').send({ phone: p.national, text: 'PA TRAPHU Đường vào thôn 3 bị sạt lở' }).expect(200);
    const report = await waitForSmsReport(h.hub, p.e164);
    expect(report.assignedUnitId).toBe(h.hub.demo.units.TRAPHU);
    const thread = await waitFor(async () => {
      const res = await request(h.app).get('/demo/phone/messages').query({ phone: p.national }).expect(200);
      const list = res.body.messages as Entry[];
      return list.some((m) => m.dir === 'out' && m.status === 'delivered') ? list : undefined;
    }, { what: 'a delivered answer on the demo phone' });
    expect(thread[0]).toMatchObject({ dir: 'in', text: 'PA TRAPHU Đường vào thôn 3 bị sạt lở' });
    const answer = thread.find((m) => m.dir === 'out')!;
    expect(answer.text).toContain(`TC ${report.code}`);
    expect(answer.text).toMatch(/^[\x20-\x7e]+$/);
    const ack = await waitFor(async () => (await h.hub.ctx.database.db.select().from(messages).where(eq(messages.reportId, report.id))).find((m) => m.direction === 'out' && m.status === 'delivered'));
    expect(ack.kind).toBe('ack');
  });

  it('works without script: the form posts and the page shows the thread, escaped', async () => {
    const p = newPhone();
    const res = await request(h.app).post('/demo/phone/send').type('form').send({ phone: p.national, text: '<script>alert(1)</script>' }).expect(303);
    expect(res.headers.location).toBe(`/demo/phone?so=${p.national}&lang=vi`);
    const page = await request(h.app).get(String(res.headers.location)).expect(200);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
  });

  it('refuses a bad number or an empty message with field messages', async () => {
    const res = await request(h.app).post('/demo/phone/send').send({ phone: '12345', text: '' }).expect(422);
    expect(res.body.error.fields.phone.vi).toBeTruthy();
    expect(res.body.error.fields.text.en).toBeTruthy();
  });

  it('the simulated gateway webhook still needs its token', async () => {
    const before = (await h.hub.ctx.database.db.select().from(inboundEvents)).length;
    await request(h.app).post('/webhooks/sms/sim').send({ type: 'incoming', id: 'x', from: '0912345678', text: 'PA TRAPHU x', at: new Date().toISOString() }).expect(401);
    expect((await h.hub.ctx.database.db.select().from(inboundEvents)).length).toBe(before);
  });
});
