/**
 * The fan-out in several batches (NOTICE_FANOUT_BATCH scaled down to 10):
 * each batch inserts its deliveries, their messages and the cursor in one
 * statement, and enqueues one send job per message. A contact that already
 * has a delivery of the notice (left by a run that lost its cursor) gets
 * neither a second delivery nor a message; a second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { messages, noticeDeliveries } from '../../src/db/schema/index.js';
import { outboundSendJobs } from '../../src/jobs/definitions.js';
import { emptyFanoutStats, runFanout } from '../../src/modules/notices/fanout.service.js';
import type { Session } from '../support/workspace.js';
import { addSubscriber, deliveriesOf, leader, noticeRow, phoneNo, post, startNoticesHub, type NoticesHub } from '../support/notices-hub.js';

let h: NoticesHub;
let boss: Session;

beforeAll(async () => {
  h = await startNoticesHub({ workers: false, env: { NOTICE_FANOUT_BATCH: '10' } });
  boss = await leader(h, 'lanh.dao.fanout');
});
afterAll(async () => { await h?.close(); });

describe('notice fan-out in batches', () => {
  it('every subscriber once across batches; an existing delivery is left alone; a second run adds nothing', async () => {
    const unitId = h.hub.demo.units.TRAXUAN!;
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) ids.push(await addSubscriber(h.db, { unitId, phone: phoneNo().e164, ...(i === 3 ? { optedOut: true, active: false } : {}) }));
    const res = await post(boss, '/api/notices', { title: 'Họp dân', text: 'Họp dân thôn 2 lúc 19h tối thứ Sáu.', unitCodes: ['TRAXUAN'], channels: ['sms'] }).expect(201);
    const id = res.body.id as number;
    // Contact 17 already has a delivery of this notice, past where the cursor will be after the first batch.
    await h.db.insert(noticeDeliveries).values({ noticeId: id, contactId: ids[17]!, status: 'sent', channel: 'sms', sentAt: new Date() });

    const stats = emptyFanoutStats();
    expect(await runFanout(h.hub.ctx, id, 0, stats)).toBe('done');
    expect(stats).toMatchObject({ batches: 3, handed: 23, existing: 1 });

    const rows = await deliveriesOf(h, id);
    expect(rows.map((d) => d.contactId)).toEqual(ids);
    expect(rows.find((d) => d.contactId === ids[3])).toMatchObject({ status: 'skipped', skipReason: 'opted_out', messageId: null });
    expect(rows.find((d) => d.contactId === ids[17])).toMatchObject({ status: 'sent', messageId: null });
    const handed = rows.filter((d) => d.messageId !== null);
    expect(handed).toHaveLength(23);
    // Each delivery points at a queued SMS to its own contact; the contact with a delivery got no message.
    const msgs = await h.db.select().from(messages).where(inArray(messages.contactId, ids));
    expect(msgs).toHaveLength(23);
    const byId = new Map(msgs.map((m) => [m.id, m]));
    for (const d of handed) expect(byId.get(d.messageId!)).toMatchObject({ contactId: d.contactId, channel: 'sms', status: 'queued', kind: 'system', direction: 'out' });
    expect(msgs.some((m) => m.contactId === ids[17])).toBe(false);

    const n = await noticeRow(h, id);
    expect(n).toMatchObject({ fanoutDone: true, fanoutCursor: ids[24] });
    // One send job per message, prioritised behind replies.
    const queue = h.hub.ctx.queues.queue('outbound-sms');
    const jobs = await Promise.all(handed.map((d) => queue.getJob(outboundSendJobs.sms.jobId({ messageId: d.messageId! }))));
    expect(jobs.every((j) => j !== undefined && j.priority > 0)).toBe(true);
    expect(await queue.getJobCountByTypes('prioritized')).toBe(23);

    // The job again (a retry): nothing new in PostgreSQL or Redis.
    const again = emptyFanoutStats();
    await runFanout(h.hub.ctx, id, 0, again);
    expect(again.handed).toBe(0);
    expect(await h.db.select().from(messages).where(inArray(messages.contactId, ids))).toHaveLength(23);
    expect(await h.db.select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, id))).toHaveLength(25);
    expect(await queue.getJobCountByTypes('prioritized')).toBe(23);
  });
});
