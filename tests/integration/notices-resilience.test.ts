/**
 * PostgreSQL is the truth for notices too: if Redis loses a notice's send jobs
 * after the fan-out committed, the reconciler adds them again and every
 * subscriber still gets exactly one SMS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { runFanout } from '../../src/modules/notices/fanout.service.js';
import type { Session } from '../support/workspace.js';
import { addSubscriber, deliveriesOf, leader, phoneNo, post, startNoticesHub, waitForCounts, type NoticesHub } from '../support/notices-hub.js';

let h: NoticesHub;
let boss: Session;
let workers: WorkerRuntime | undefined;

beforeAll(async () => {
  h = await startNoticesHub({ workers: false });
  boss = await leader(h, 'lanh.dao.su.co');
});
afterAll(async () => { await workers?.close(); await h?.close(); });

describe('notices when Redis loses jobs', () => {
  it('send jobs lost after the fan-out committed are added again; each subscriber gets one SMS', async () => {
    const phones = Array.from({ length: 5 }, () => phoneNo());
    for (const p of phones) await addSubscriber(h.db, { unitId: h.hub.demo.units.TRAXUAN!, phone: p.e164 });
    const res = await post(boss, '/api/notices', { title: 'Mất nước', text: 'Thứ Hai mất nước cả ngày.', unitCodes: ['TRAXUAN'], channels: ['sms'] }).expect(201);
    const id = res.body.id as number;
    await runFanout(h.hub.ctx, id, 0);
    expect((await deliveriesOf(h, id)).every((d) => d.messageId !== null)).toBe(true);
    // Redis loses everything that was queued.
    for (const q of ['outbound-sms', 'notices'] as const) await h.hub.ctx.queues.queue(q).obliterate({ force: true });
    workers = startWorkers(h.hub.ctx);
    await waitForCounts(h, id, (c) => c.sent === 5);
    for (const p of phones) expect(h.esms.sent.filter((s) => s.to === p.national)).toHaveLength(1);
  });
});
