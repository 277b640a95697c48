/**
 * The demo's notice loop (DEMO_MODE, simulated SMS gateway): `lanhdao` sends
 * a notice to Trà Phú; each seeded subscriber's phone gets it once, the
 * receipts are counted, and the notice is on Trà Phú's public board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, eq } from 'drizzle-orm';
import argon2 from 'argon2';
import { subscriptions } from '../../src/db/schema/index.js';
import { seedDemoAccounts } from '../../src/db/seed.js';
import { channelsFor } from '../../src/channels/registry.js';
import { DEMO_SUBSCRIBERS, seedDemoSubscribers } from '../../src/modules/notices/demo-subscribers.js';
import { startSmsHub, type SmsHub } from '../support/sms-hub.js';
import { signIn } from '../support/workspace.js';
import { waitFor } from '../support/wait.js';
import { waitForCounts } from '../support/notices-hub.js';

let h: SmsHub<null>;
beforeAll(async () => {
  h = await startSmsHub(null, { DEMO_MODE: 'true', DEMO_SMS_DELIVERY_DELAY_MS: '200' });
  const db = h.hub.ctx.database.db;
  await seedDemoAccounts(db, h.hub.demo, (pw) => argon2.hash(pw, { type: argon2.argon2id, memoryCost: 8192, timeCost: 1 }));
  await seedDemoSubscribers(db, h.hub.demo.units.TRAPHU!);
  await seedDemoSubscribers(db, h.hub.demo.units.TRAPHU!);
});
afterAll(async () => { await h?.close(); });

describe('demo notices', () => {
  it('seeding the demo subscribers twice changes nothing', async () => {
    const [row] = await h.hub.ctx.database.db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.unitId, h.hub.demo.units.TRAPHU!));
    expect(Number(row!.n)).toBe(DEMO_SUBSCRIBERS.length);
  });

  it('lanhdao sends a notice to Trà Phú: one SMS per subscriber on the simulated gateway, delivered, and on the board', async () => {
    const lanhdao = await signIn(h.app, 'lanhdao', 'caunoi-demo');
    const res = await lanhdao.agent.post('/api/notices').set('X-CSRF-Token', lanhdao.csrf)
      .send({ title: 'Lịch tiêm chủng', text: 'Thứ Bảy tại trạm y tế xã Trà Phú.', unitCodes: ['TRAPHU'], channels: ['sms', 'board'] }).expect(201);
    expect(res.body).toMatchObject({ status: 'sending', estimatedRecipients: DEMO_SUBSCRIBERS.length });
    const sim = channelsFor(h.hub.ctx).sim!;
    for (const phone of DEMO_SUBSCRIBERS) {
      const got = await waitFor(() => { const l = sim.conversation(phone).filter((e) => e.dir === 'out' && e.text.includes('Lich tiem chung')); return l.length ? l : undefined; }, { what: `notice on ${phone}` });
      expect(got).toHaveLength(1);
    }
    const c = await waitForCounts({ db: h.hub.ctx.database.db }, res.body.id, (x) => x.delivered === DEMO_SUBSCRIBERS.length);
    expect(c).toMatchObject({ total: DEMO_SUBSCRIBERS.length, failed: 0 });
    const board = await request(h.app).get('/thong-bao/TRAPHU').expect(200);
    expect(board.text).toContain('Lịch tiêm chủng');
  });
});
