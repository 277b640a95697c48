/**
 * Officer replies and internal notes.
 *
 * A reply is stored as an outbound message in status `queued` on the citizen's
 * channel and handed to the outbound job after the commit (the reconciler
 * re-enqueues any queued message whose job was lost). A web report without a
 * mobile number has no channel back: its reply is published on the public
 * lookup page and is `sent` at once. Sent times, first response and the
 * answered time are stamped when a reply becomes sent — `markReplySent`, which
 * the outbound service calls — because first response means "an officer's
 * reply reached the citizen's channel", not "an officer typed it".
 */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { messages, reportEvents, reports, type ReportStatus } from '../../db/schema/index.js';
import { outboundJob } from '../../jobs/definitions.js';
import { AppError } from '../../lib/errors.js';
import type { RealtimeEvent } from '../../realtime/rooms.js';
import type { AuthUser } from '../auth/auth.types.js';
import { reportInScope } from '../auth/scope.js';
import { sanitizeOfficerHtml } from './officer-html.js';
import { previewReply, type ReplyChannel, type ReplyPreview } from './reply-preview.js';
import { loadContact, replyChannelFor } from './report-view.js';
import { markSeen } from './reports.repo.js';
import type { ReplyInput } from './reports.schemas.js';
import { applyStatus, unitPathOf } from './reports.service.js';
import { markReplySent } from './reply-sent.js';

export function preview(ctx: AppContext, channel: ReplyChannel, text: string): ReplyPreview {
  return previewReply({ channel, text, env: ctx.env });
}

/** Where a reply to this report would go and what it would cost, without saving anything. */
export async function previewForReport(ctx: AppContext, user: AuthUser, reportId: number, text: string): Promise<ReplyPreview> {
  const report = await reportInScope(ctx.database.db, user, reportId);
  const contact = await loadContact(ctx.database.db, report.contactId);
  return preview(ctx, replyChannelFor(report.originChannel, contact.phone), text);
}

/** The status a reply leads to: answered when asked, in progress when work starts, else unchanged. */
function statusAfterReply(current: ReportStatus, markAnswered: boolean): ReportStatus {
  if (markAnswered) return 'answered';
  return current === 'received' ? 'in_progress' : current;
}

export async function createReply(ctx: AppContext, user: AuthUser, reportId: number, input: ReplyInput) {
  const db = ctx.database.db;
  const done = await db.transaction(async (tx) => {
    const report = await reportInScope(tx, user, reportId, { forUpdate: true });
    if (report.status === 'closed') throw new AppError(409, 'report_closed', 'Phản ánh đã đóng; hãy mở lại trước khi trả lời / The report is closed; reopen it before replying');
    const contact = await loadContact(tx, report.contactId);
    const channel = replyChannelFor(report.originChannel, contact.phone);
    const now = new Date();
    const webOnly = channel === 'web';
    const [m] = await tx.insert(messages).values({
      reportId, contactId: report.contactId, direction: 'out', channel, kind: 'reply', body: input.text,
      bodyHtml: sanitizeOfficerHtml(input.html), status: webOnly ? 'sent' : 'queued', sentAt: webOnly ? now : null, authorUserId: user.id,
    }).returning({ id: messages.id, status: messages.status });
    if (!m) throw new Error('reply insert returned nothing');
    await tx.insert(reportEvents).values({
      reportId, type: 'reply_queued', actorKind: 'officer', actorUserId: user.id, unitId: report.assignedUnitId, data: { messageId: m.id, channel },
    });
    await tx.update(reports).set({ lastActivityAt: now, updatedAt: now }).where(eq(reports.id, reportId));
    const next = statusAfterReply(report.status, input.markAnswered);
    if (next !== report.status) {
      await applyStatus(tx, { reportId, from: report.status, to: next, userId: user.id, unitId: report.assignedUnitId, via: 'reply' });
    }
    if (webOnly) await markReplySent(tx, m.id);
    return { messageId: m.id, messageStatus: m.status, channel, status: next, previous: report.status, unitId: report.assignedUnitId };
  });
  if (done.messageStatus === 'queued') await ctx.queues.enqueue(outboundJob, [{ messageId: done.messageId }]);
  const unitPaths = [await unitPathOf(db, done.unitId)];
  const events: RealtimeEvent[] = [{ event: 'message.created', unitPaths, reportId, data: { messageId: done.messageId, direction: 'out', kind: 'reply', status: done.messageStatus } }];
  if (done.status !== done.previous) events.push({ event: 'report.status', unitPaths, reportId, data: { status: done.status, from: done.previous } });
  ctx.publisher.publish(events);
  await markSeen(db, user.id, reportId);
  return {
    message: { id: done.messageId, channel: done.channel, status: done.messageStatus },
    reportStatus: done.status,
    preview: preview(ctx, done.channel, input.text),
  };
}

/** An internal note: stored with the thread, never sent, never shown on the public page. */
export async function createNote(ctx: AppContext, user: AuthUser, reportId: number, text: string) {
  const db = ctx.database.db;
  const done = await db.transaction(async (tx) => {
    const report = await reportInScope(tx, user, reportId);
    const [m] = await tx.insert(messages).values({
      reportId, contactId: null, direction: 'note', channel: report.originChannel, kind: 'note', body: text, status: 'received', authorUserId: user.id,
    }).returning({ id: messages.id });
    if (!m) throw new Error('note insert returned nothing');
    await tx.insert(reportEvents).values({ reportId, type: 'note_added', actorKind: 'officer', actorUserId: user.id, unitId: report.assignedUnitId, data: { messageId: m.id } });
    return { messageId: m.id, unitId: report.assignedUnitId };
  });
  ctx.publisher.publish([{ event: 'message.created', unitPaths: [await unitPathOf(db, done.unitId)], reportId, data: { messageId: done.messageId, direction: 'note', kind: 'note' } }]);
  await markSeen(db, user.id, reportId);
  return { message: { id: done.messageId } };
}
