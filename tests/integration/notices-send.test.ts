/**
 * Notices end to end on the eSMS fake: a leader sends, every subscriber gets
 * one SMS, receipts are counted, the sender's socket hears the progress, and
 * the approval rule, opt-outs and a repeated fan-out behave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { messages, noticeDeliveries, notices } from '../../src/db/schema/index.js';
import { runFanout } from '../../src/modules/notices/fanout.service.js';
import { addUser, connectSocket, signIn, type Session } from '../support/workspace.js';
import {
  addSubscriber, deliveriesOf, leader, noticeRow, phoneNo, post, startNoticesHub, waitForCounts, type NoticesHub,
} from '../support/notices-hub.js';
import { waitFor } from '../support/wait.js';

let h: NoticesHub;
let boss: Session;
let deputy: Session;
let officer: Session;
let unit: number;

beforeAll(async () => {
  h = await startNoticesHub({ env: { NOTICE_APPROVAL_THRESHOLD: '4' } });
  boss = await leader(h, 'lanh.dao.1');
  deputy = await leader(h, 'lanh.dao.2');
  await addUser(h.db, { username: 'can.bo.xa', role: 'officer', unitId: h.hub.demo.units.TRAPHU! });
  officer = await signIn(h.app, 'can.bo.xa');
  unit = h.hub.demo.units.TRAHIEP!;
});
afterAll(async () => { await h?.close(); });

const notice = (over: Record<string, unknown> = {}) => ({ title: 'Lịch tiêm chủng', text: 'Thứ Bảy 14/3 tại trạm y tế xã.', unitCodes: ['TRAHIEP'], channels: ['sms', 'board'], ...over });

describe('sending a notice', () => {
  it('every subscriber gets one SMS, receipts are counted and the sender watches the progress live', async () => {
    const phones = [phoneNo(), phoneNo(), phoneNo()];
    for (const p of phones) await addSubscriber(h.db, { unitId: unit, phone: p.e164 });
    const socket = await connectSocket(h.port, boss.cookie);
    try {
      const res = await post(boss, '/api/notices', notice()).expect(201);
      expect(res.body).toMatchObject({ status: 'sending', estimatedRecipients: 3 });
      const id = res.body.id as number;
      const sms = await waitFor(() => { const s = h.esms.sent.filter((x) => phones.some((p) => p.national === x.to)); return s.length === 3 ? s : undefined; }, { what: '3 SMS' });
      expect(sms[0]!.text).toContain('Lich tiem chung');
      expect(sms[0]!.text).toContain('Soan HUY de ngung nhan thong bao');
      await waitForCounts(h, id, (c) => c.sent === 3);
      for (const s of sms) await h.esms.deliveryReport(s);
      await waitForCounts(h, id, (c) => c.delivered === 3);
      const ev = await waitFor(() => socket.events.find((e) => e.event === 'notice.progress' && e.data.id === id
        && (e.data.counts as { delivered: number }).delivered === 3), { what: 'progress event with 3 delivered', timeout: 20_000 });
      expect(ev.data).toMatchObject({ status: 'sent', counts: { total: 3, queued: 0, failed: 0 } });
      const view = await boss.agent.get(`/api/notices/${id}`).expect(200);
      expect(view.body).toMatchObject({ status: 'sent', counts: { total: 3, delivered: 3 }, text: 'Thứ Bảy 14/3 tại trạm y tế xã.' });
      expect(JSON.stringify(socket.events)).not.toContain(phones[0]!.national);
    } finally { socket.close(); }
  });

  it('a notice fanned out twice (a retried job) still reaches each contact once', async () => {
    const u = h.hub.demo.units.TRATHUY!;
    const phones = [phoneNo(), phoneNo()];
    for (const p of phones) await addSubscriber(h.db, { unitId: u, phone: p.e164 });
    const res = await post(boss, '/api/notices', notice({ unitCodes: ['TRATHUY'] })).expect(201);
    const id = res.body.id as number;
    await waitForCounts(h, id, (c) => c.sent === 2);
    // As if the job ran again from the start: cursor lost, two runs at once.
    await h.db.update(notices).set({ status: 'sending', fanoutCursor: 0, fanoutDone: false }).where(eq(notices.id, id));
    await Promise.all([runFanout(h.hub.ctx, id, 0), runFanout(h.hub.ctx, id, 0)]);
    const rows = await deliveriesOf(h, id);
    expect(rows).toHaveLength(2);
    const outbound = await h.db.select().from(messages).where(eq(messages.contactId, rows[0]!.contactId));
    expect(outbound).toHaveLength(1);
    expect(h.esms.sent.filter((s) => phones.some((p) => p.national === s.to))).toHaveLength(2);
  });

  it('a fan-out killed after its first batch is resumed by the reconciler from its cursor', async () => {
    const u = h.hub.demo.units.TRAXINH!;
    const phones = Array.from({ length: 6 }, () => phoneNo());
    const ids: number[] = [];
    for (const p of phones) ids.push(await addSubscriber(h.db, { unitId: u, phone: p.e164 }));
    // What a worker killed mid-way leaves: the notice sending, 3 deliveries inserted, the cursor after them, no jobs.
    const [n] = await h.db.insert(notices).values({
      title: 'Tiếp tục', text: 'Gửi tiếp sau sự cố.', unitIds: [u], channels: ['sms'], senderName: 'Huyện Trà Bồng', status: 'sending',
      createdByUserId: boss.userId, startedAt: new Date(), fanoutCursor: ids[2]!,
    }).returning({ id: notices.id });
    await h.db.insert(noticeDeliveries).values(ids.slice(0, 3).map((contactId) => ({ noticeId: n!.id, contactId, updatedAt: new Date(Date.now() - 5 * 60_000) })));
    await waitForCounts(h, n!.id, (c) => c.sent === 6);
    expect(await deliveriesOf(h, n!.id)).toHaveLength(6);
    expect(h.esms.sent.filter((s) => phones.some((p) => p.national === s.to))).toHaveLength(6);
    await waitFor(async () => (await noticeRow(h, n!.id)).status === 'sent' || undefined, { what: 'notice completed' });
  });

  it('opted-out citizens are skipped, except by an emergency alert', async () => {
    const u = h.hub.demo.units.TRALAM!;
    const stays = phoneNo();
    const left = phoneNo();
    const unsubscribed = phoneNo();
    await addSubscriber(h.db, { unitId: u, phone: stays.e164 });
    await addSubscriber(h.db, { unitId: u, phone: left.e164, optedOut: true, active: false });
    await addSubscriber(h.db, { unitId: u, phone: unsubscribed.e164, active: false });
    const normal = await post(boss, '/api/notices', notice({ unitCodes: ['TRALAM'] })).expect(201);
    expect(normal.body.estimatedRecipients).toBe(1);
    const c = await waitForCounts(h, normal.body.id, (x) => x.total === 3 && x.queued === 0);
    expect(c).toMatchObject({ sent: 1, skipped: 2, skippedBy: { opted_out: 2 } });
    const alert = await post(boss, '/api/notices', notice({ unitCodes: ['TRALAM'], title: 'Lũ quét', text: 'Sơ tán ngay khỏi khu vực ven suối.', emergency: true })).expect(201);
    expect(alert.body.estimatedRecipients).toBe(3);
    await waitForCounts(h, alert.body.id, (x) => x.sent === 3);
    const toLeft = h.esms.sent.filter((s) => s.to === left.national);
    expect(toLeft).toHaveLength(1);
    expect(toLeft[0]!.text).toMatch(/^KHAN CAP - /);
  });
});

describe('approval', () => {
  it('above the threshold a notice waits for a second leader; the author cannot approve it', async () => {
    const u = h.hub.demo.units.TRASON!;
    const phones = Array.from({ length: 5 }, () => phoneNo());
    for (const p of phones) await addSubscriber(h.db, { unitId: u, phone: p.e164 });
    const res = await post(boss, '/api/notices', notice({ unitCodes: ['TRASON'] })).expect(201);
    expect(res.body).toMatchObject({ status: 'pending_approval', estimatedRecipients: 5, approvalThreshold: 4 });
    const id = res.body.id as number;
    const self = await post(boss, `/api/notices/${id}/approve`).expect(403);
    expect(self.body.error.code).toBe('approval_forbidden');
    await post(officer, `/api/notices/${id}/approve`).expect(403);
    expect((await deliveriesOf(h, id))).toHaveLength(0);
    const view = await deputy.agent.get(`/api/notices/${id}`).expect(200);
    expect(view.body.permissions).toMatchObject({ approve: true });
    expect((await boss.agent.get(`/api/notices/${id}`)).body.permissions.approve).toBe(false);
    await post(deputy, `/api/notices/${id}/approve`).expect(200, { id, status: 'sending' });
    await waitForCounts(h, id, (c) => c.sent === 5);
    expect((await noticeRow(h, id)).approvedByUserId).toBe(deputy.userId);
    await post(deputy, `/api/notices/${id}/approve`).expect(409);
  });

  it('validation errors are per field, in Vietnamese and English', async () => {
    const res = await post(boss, '/api/notices', { title: '', text: 'x', unitCodes: [], channels: ['fax'] }).expect(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['channels', 'title', 'unitCodes']);
    expect(res.body.error.fields.title.vi).toContain('tiêu đề');
    const scope = await post(await (async () => { await addUser(h.db, { username: 'lanh.dao.xa', role: 'leader', unitId: h.hub.demo.units.TRAPHU! }); return signIn(h.app, 'lanh.dao.xa'); })(),
      '/api/notices', notice({ unitCodes: ['TRABINH'] })).expect(422);
    expect(scope.body.error.fields.unitCodes.en).toContain('outside your scope');
    await post(officer, '/api/notices', notice()).expect(403);
  });
});
