import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { auditLog, messages, reportEvents, reports } from '../../src/db/schema/index.js';
import { markReplySent } from '../../src/modules/reports/reply-sent.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { addUser, makeReport, signIn, type Session } from '../support/workspace.js';
import { waitFor } from '../support/wait.js';

let hub: TestHub;
let built: BuiltApp;
let officer: Session;
let revealer: Session;
let leader: Session;
let admin: Session;

beforeAll(async () => {
  hub = await createTestHub();
  built = buildApp(hub.ctx);
  const db = hub.ctx.database.db;
  const u = hub.demo.units;
  await addUser(db, { username: 'xa.traphu', role: 'officer', unitId: u.TRAPHU!, displayName: 'Cán bộ Trà Phú' });
  await addUser(db, { username: 'xa.traphu.2', role: 'officer', unitId: u.TRAPHU!, canReveal: true });
  await addUser(db, { username: 'lanhdao', role: 'leader', unitId: hub.demo.districtId });
  await addUser(db, { username: 'quantri', role: 'admin', unitId: hub.demo.districtId });
  officer = await signIn(built.app, 'xa.traphu');
  revealer = await signIn(built.app, 'xa.traphu.2');
  leader = await signIn(built.app, 'lanhdao');
  admin = await signIn(built.app, 'quantri');
});
afterAll(async () => {
  await built?.close();
  await hub?.close();
});

const db = () => hub.ctx.database.db;
const post = (s: Session, path: string, body: object) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
const patch = (s: Session, path: string, body: object) => s.agent.patch(path).set('X-CSRF-Token', s.csrf).send(body);
let phoneSeq = 100;
/** SMS from one number continues its open report, so each SMS report gets its own number. */
const nextPhone = () => `+8491234${String(++phoneSeq).padStart(4, '0')}`;

describe('personal data', () => {
  it('masks the reporter’s phone and name by default', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', phone: '+84912345678', name: 'Nguyễn Văn Bình' });
    const res = await officer.agent.get(`/api/reports/${r.id}`).expect(200);
    expect(res.body.reporter).toMatchObject({ name: 'N*** V*** B***', phone: '0912 *** 678', masked: true, canReveal: false });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('Bình');
    expect(text).not.toContain('345678');
    const list = await officer.agent.get('/api/reports').expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/Bình|345678/);
  });

  it('reveals only to users allowed to, and writes who, when and which report to the audit log', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', phone: '+84987654321', name: 'Trần Thị Hoa' });
    const refused = await post(officer, `/api/reports/${r.id}/reveal`, {}).expect(403);
    expect(refused.body.error.code).toBe('reveal_forbidden');
    const before = Date.now();
    const ok = await post(revealer, `/api/reports/${r.id}/reveal`, {}).expect(200);
    expect(ok.body).toEqual({ name: 'Trần Thị Hoa', phone: '+84987654321', phoneDisplay: '0987654321' });
    await post(leader, `/api/reports/${r.id}/reveal`, {}).expect(200);
    const rows = await db().select().from(auditLog).where(and(eq(auditLog.action, 'report.reveal'), eq(auditLog.targetId, String(r.id))));
    expect(rows).toHaveLength(2);
    expect(rows.map((x) => x.userId).sort()).toEqual([revealer.userId, leader.userId].sort());
    expect(rows[0]!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(rows)).not.toMatch(/Hoa|987654321/);

    await officer.agent.get('/api/admin/audit').expect(403);
    const audit = await admin.agent.get('/api/admin/audit').query({ action: 'report.reveal' }).expect(200);
    const mine = audit.body.items.filter((i: { targetId: string }) => i.targetId === String(r.id));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ action: 'report.reveal', targetType: 'report', user: { username: expect.any(String) } });
  });

  it('a report outside the scope cannot be revealed either (404 before any right is checked)', async () => {
    const r = await makeReport(hub, { unitCode: 'TRABINH', phone: '+84911111222', name: 'Lê Văn Tám' });
    await post(revealer, `/api/reports/${r.id}/reveal`, {}).expect(404);
  });
});

describe('XSS', () => {
  const payloads = '<script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">bấm</a>';

  it('returns citizen text verbatim, as JSON text, never as HTML', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', text: `Đường hỏng ${payloads}` });
    const res = await officer.agent.get(`/api/reports/${r.id}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.report.description).toBe(`Đường hỏng ${payloads}`);
    const inbound = res.body.thread.find((m: { direction: string }) => m.direction === 'in');
    expect(inbound.text).toBe(`Đường hỏng ${payloads}`);
    expect(inbound.html).toBeNull();
    const list = await officer.agent.get('/api/reports').query({ q: 'duong hong' }).expect(200);
    expect(list.body.items[0].excerpt).toContain('<script>alert(1)</script>');
  });

  it('cleans officer HTML of script, event handlers and javascript: links', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    const res = await post(officer, `/api/reports/${r.id}/replies`, {
      text: 'Đã xử lý', html: `<p><b>Đã xử lý</b></p>${payloads}<a href="https://trabong.gov.vn" onclick="x()">xem</a>`,
    }).expect(201);
    const [m] = await db().select().from(messages).where(eq(messages.id, res.body.message.id));
    expect(m!.bodyHtml).not.toMatch(/script|onerror|onclick|javascript:|<img/i);
    expect(m!.bodyHtml).toContain('<p><b>Đã xử lý</b></p>');
    expect(m!.bodyHtml).toContain('<a href="https://trabong.gov.vn" rel="noopener noreferrer nofollow" target="_blank">xem</a>');
    expect(m!.body).toBe('Đã xử lý');
  });
});

describe('replies', () => {
  it('queue an SMS reply on the citizen’s channel, enqueue it after the commit and tell its cost', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: nextPhone() });
    const res = await post(officer, `/api/reports/${r.id}/replies`, { text: 'Xã đã cử người sửa đường, cảm ơn bà con.' }).expect(201);
    expect(res.body.message).toMatchObject({ channel: 'sms', status: 'queued' });
    expect(res.body.reportStatus).toBe('in_progress');
    expect(res.body.preview).toMatchObject({ channel: 'sms', encoding: 'GSM-7', segments: 1, limit: 160, parts: 1 });
    // The job is added right after the commit, not inside the request: wait for it.
    const job = await waitFor(() => hub.ctx.queues.queue('outbound').getJob(`msg-${res.body.message.id}`), { what: 'outbound job' });
    expect(job?.data).toEqual({ messageId: res.body.message.id });
    const [report] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(report!.firstResponseAt).toBeNull();
    expect(report!.answeredAt).toBeNull();
    const types = (await db().select().from(reportEvents).where(eq(reportEvents.reportId, r.id))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['reply_queued', 'status_changed']));
  });

  it('a Zalo reply is counted against the 2000-character limit', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'zalo', name: 'Zalo User' });
    const res = await post(officer, `/api/reports/${r.id}/replies`, { text: 'Chào bạn, xã đã tiếp nhận.' }).expect(201);
    expect(res.body.message.channel).toBe('zalo');
    expect(res.body.preview).toMatchObject({ channel: 'zalo', limit: 2000, chars: 26, parts: 1, encoding: 'UTF-8' });
  });

  it('previews without saving anything', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: nextPhone() });
    const res = await post(officer, `/api/reports/${r.id}/replies/preview`, { text: 'Đã xử lý '.repeat(40) }).expect(200);
    expect(res.body.channel).toBe('sms');
    expect(res.body.segments).toBeGreaterThan(1);
    const out = await db().select().from(messages).where(and(eq(messages.reportId, r.id), eq(messages.direction, 'out'), eq(messages.kind, 'reply')));
    expect(out).toHaveLength(0);
  });

  it('a web report with a mobile number is answered by SMS', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', phone: nextPhone() });
    const res = await post(officer, `/api/reports/${r.id}/replies`, { text: 'Đã xử lý' }).expect(201);
    expect(res.body.message).toMatchObject({ channel: 'sms', status: 'queued' });
  });

  it('a web report without a phone is answered on the lookup page at once, which is the first response', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    const res = await post(officer, `/api/reports/${r.id}/replies`, { text: 'Đường đã được sửa xong.', markAnswered: true }).expect(201);
    expect(res.body.message).toMatchObject({ channel: 'web', status: 'sent' });
    expect(res.body.reportStatus).toBe('answered');
    expect(await hub.ctx.queues.queue('outbound').getJob(`msg-${res.body.message.id}`)).toBeUndefined();
    const [report] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(report!.firstResponseAt).not.toBeNull();
    expect(report!.answeredAt).not.toBeNull();
    const look = await request(built.app).get(`/api/public/reports/${r.code}`).expect(200);
    expect(look.body.replies.map((x: { text: string }) => x.text)).toEqual(['Đường đã được sửa xong.']);
    expect(look.body.status).toBe('answered');
  });

  it('"reply and mark answered" answers the report; first response and answer times wait for the reply to be sent', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: nextPhone() });
    const res = await post(officer, `/api/reports/${r.id}/replies`, { text: 'Đã xử lý xong.', markAnswered: true }).expect(201);
    expect(res.body.reportStatus).toBe('answered');
    let [report] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(report!.status).toBe('answered');
    expect(report!.firstResponseAt).toBeNull();
    expect(report!.answeredAt).toBeNull();
    // What the outbound service does when the gateway accepts the message:
    const sentAt = new Date(Date.now() - 5000);
    for (let i = 0; i < 2; i++) {
      await db().transaction(async (tx) => {
        await tx.update(messages).set({ status: 'sent', sentAt }).where(eq(messages.id, res.body.message.id));
        await markReplySent(tx, res.body.message.id);
      });
    }
    [report] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(report!.firstResponseAt!.getTime()).toBe(sentAt.getTime());
    expect(report!.answeredAt!.getTime()).toBe(sentAt.getTime());
    const sent = await db().select().from(reportEvents).where(and(eq(reportEvents.reportId, r.id), eq(reportEvents.type, 'reply_sent')));
    expect(sent).toHaveLength(1);
  });

  it('markReplySent ignores what is not a sent officer reply', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: nextPhone() });
    const res = await post(officer, `/api/reports/${r.id}/replies`, { text: 'Đang xử lý.' }).expect(201);
    expect(await markReplySent(db(), res.body.message.id)).toBeNull(); // still queued
    const [ack] = await db().select().from(messages).where(and(eq(messages.reportId, r.id), eq(messages.kind, 'ack')));
    await db().update(messages).set({ status: 'sent' }).where(eq(messages.id, ack!.id));
    expect(await markReplySent(db(), ack!.id)).toBeNull(); // an automatic acknowledgement is no response
  });

  it('refuses an empty or over-long reply with field messages', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    const empty = await post(officer, `/api/reports/${r.id}/replies`, { text: '   ' }).expect(422);
    expect(empty.body.error.fields.text).toEqual({ vi: 'Vui lòng nhập nội dung.', en: 'Please enter the text.' });
    const long = await post(officer, `/api/reports/${r.id}/replies`, { text: 'a'.repeat(2001) }).expect(422);
    expect(long.body.error.fields.text.en).toMatch(/at most 2000/);
  });
});

describe('notes', () => {
  it('are kept with the thread, never queued and never public', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU', channel: 'sms', phone: nextPhone() });
    const res = await post(officer, `/api/reports/${r.id}/notes`, { text: 'Gọi điện cho trưởng thôn trước.' }).expect(201);
    const [m] = await db().select().from(messages).where(eq(messages.id, res.body.message.id));
    expect(m).toMatchObject({ direction: 'note', kind: 'note', status: 'received', authorUserId: officer.userId });
    expect(await hub.ctx.queues.queue('outbound').getJob(`msg-${m!.id}`)).toBeUndefined();
    const detail = await officer.agent.get(`/api/reports/${r.id}`).expect(200);
    expect(detail.body.thread.find((x: { id: number }) => x.id === m!.id)).toMatchObject({ direction: 'note', author: { displayName: 'Cán bộ Trà Phú' } });
    const look = await request(built.app).get(`/api/public/reports/${r.code}`).expect(200);
    expect(JSON.stringify(look.body)).not.toContain('trưởng thôn');
  });
});

describe('transfer', () => {
  it('moves the report with a reason on the timeline; the giving officer loses it, the receiving unit gets it', async () => {
    await addUser(db(), { username: 'xa.trabinh', role: 'officer', unitId: hub.demo.units.TRABINH! });
    const receiver = await signIn(built.app, 'xa.trabinh');
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    await receiver.agent.get(`/api/reports/${r.id}`).expect(404);
    const res = await post(officer, `/api/reports/${r.id}/transfer`, { unitId: hub.demo.units.TRABINH, reason: 'Địa điểm thuộc xã Trà Bình' }).expect(200);
    expect(res.body.assignedUnit).toEqual({ id: hub.demo.units.TRABINH, name: 'Xã Trà Bình' });
    await officer.agent.get(`/api/reports/${r.id}`).expect(404);
    const detail = await receiver.agent.get(`/api/reports/${r.id}`).expect(200);
    const ev = detail.body.timeline.find((e: { type: string }) => e.type === 'transferred');
    expect(ev.data).toMatchObject({ fromUnitId: hub.demo.units.TRAPHU, fromUnitName: 'Xã Trà Phú', toUnitId: hub.demo.units.TRABINH, toUnitName: 'Xã Trà Bình', reason: 'Địa điểm thuộc xã Trà Bình' });
    expect(ev.actor.id).toBe(officer.userId);
  });

  it('needs an existing unit other than the current one, and a reason', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    const none = await post(officer, `/api/reports/${r.id}/transfer`, { unitId: 99999999, reason: 'Chuyển đi' }).expect(422);
    expect(none.body.error.fields.unitId.vi).toMatch(/không tồn tại/);
    await post(officer, `/api/reports/${r.id}/transfer`, { unitId: hub.demo.units.TRAPHU, reason: 'Chuyển đi' }).expect(422);
    const noReason = await post(officer, `/api/reports/${r.id}/transfer`, { unitId: hub.demo.units.TRABINH }).expect(422);
    expect(noReason.body.error.fields.reason.en).toMatch(/reason/);
  });
});

describe('status lifecycle', () => {
  it('goes received → in progress → answered → closed, reopens, and refuses the rest with 409', async () => {
    const r = await makeReport(hub, { unitCode: 'TRAPHU' });
    const path = `/api/reports/${r.id}`;
    const bad = await patch(officer, path, { status: 'closed' }).expect(409);
    expect(bad.body.error.code).toBe('invalid_transition');
    expect(bad.body.error.message).toMatch(/Không thể chuyển từ "Đã tiếp nhận" sang "Đã đóng".* \/ Cannot change from "Received" to "Closed"/);
    await patch(officer, path, { status: 'in_progress' }).expect(200);
    await patch(officer, path, { status: 'received' }).expect(409);
    await patch(officer, path, { status: 'answered' }).expect(200);
    let [row] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(row!.answeredAt).not.toBeNull();
    await patch(officer, path, { status: 'closed' }).expect(200);
    [row] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(row!.closedAt).not.toBeNull();
    await post(officer, `${path}/replies`, { text: 'Thêm thông tin' }).expect(409);
    await patch(officer, path, { status: 'answered' }).expect(409);
    const reopened = await patch(officer, path, { status: 'in_progress' }).expect(200);
    expect(reopened.body).toEqual({ id: r.id, status: 'in_progress', changed: true });
    [row] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(row!.answeredAt).toBeNull();
    expect(row!.closedAt).toBeNull();
    const same = await patch(officer, path, { status: 'in_progress' }).expect(200);
    expect(same.body.changed).toBe(false);
    const types = (await db().select().from(reportEvents).where(eq(reportEvents.reportId, r.id))).map((e) => e.type);
    expect(types.filter((t) => t === 'status_changed')).toHaveLength(3);
    expect(types).toContain('reopened');
    const invalid = await patch(officer, path, { status: 'done' }).expect(422);
    expect(invalid.body.error.fields.status.vi).toMatch(/Trạng thái không hợp lệ/);
  });
});
