/**
 * Downloads a pending inbound attachment (a Zalo CDN link stored by intake)
 * into the content-addressed file store. Safe to run twice: only a `pending`
 * row is worked on, and it becomes `stored` through a guarded UPDATE; storing
 * the same bytes twice writes one file.
 *
 * Downloads go through safe-fetch (no private addresses, byte cap, timeout).
 * Refused addresses, oversize files and 4xx answers fail at once; network
 * errors, timeouts and 5xx are retried by the queue, and the last attempt
 * marks the attachment failed so officers see it is missing.
 */
import { and, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { AppContext } from '../../context.js';
import { attachments, reports, units } from '../../db/schema/index.js';
import { RetryableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { safeFetch, SafeFetchError } from '../../lib/safe-fetch.js';

export type DownloadOutcome = 'stored' | 'failed' | 'skipped';

const EXT_BY_MIME: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf',
  'audio/aac': 'aac', 'audio/mp4': 'm4a', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4',
};

export function allowHostsOf(list: string): string[] {
  return list.split(',').map((h) => h.trim()).filter(Boolean);
}

export async function downloadAttachment(ctx: AppContext, attachmentId: number, opts: { finalAttempt: boolean }): Promise<DownloadOutcome> {
  const db = ctx.database.db;
  const [att] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!att || att.status !== 'pending') return 'skipped';
  if (!att.sourceUrl) return markFailed(ctx, attachmentId, 'no_source_url');
  let fetched;
  try {
    fetched = await safeFetch(att.sourceUrl, {
      maxBytes: ctx.env.ATTACHMENT_MAX_BYTES, timeoutMs: ctx.env.ATTACHMENT_TIMEOUT_MS, allowHosts: allowHostsOf(ctx.env.ATTACHMENT_ALLOW_HOSTS),
    });
  } catch (err) {
    const failure = err instanceof SafeFetchError ? err : new SafeFetchError('network', (err as Error).message, true);
    if (failure.retryable && !opts.finalAttempt) throw new RetryableError(`attachment download: ${failure.failure}`, failure.failure);
    return markFailed(ctx, attachmentId, failure.failure);
  }
  // The type is taken from the bytes, not from the URL or the server's claim.
  const detected = await fileTypeFromBuffer(fetched.body);
  const mime = detected?.mime ?? att.mime ?? 'application/octet-stream';
  const ext = detected?.ext ?? EXT_BY_MIME[mime] ?? 'bin';
  const stored = await ctx.files.put(fetched.body, ext);
  const updated = await db.update(attachments)
    .set({ status: 'stored', storageKey: stored.key, sha256: stored.sha256, size: stored.size, mime })
    .where(and(eq(attachments.id, attachmentId), eq(attachments.status, 'pending')))
    .returning({ reportId: attachments.reportId });
  if (updated.length === 0) return 'skipped';
  await announce(ctx, updated[0]?.reportId ?? null, attachmentId, 'stored');
  return 'stored';
}

async function markFailed(ctx: AppContext, attachmentId: number, reason: string): Promise<DownloadOutcome> {
  logger.warn({ attachmentId, reason }, 'attachment download failed');
  const updated = await ctx.database.db.update(attachments).set({ status: 'failed' })
    .where(and(eq(attachments.id, attachmentId), eq(attachments.status, 'pending')))
    .returning({ reportId: attachments.reportId });
  if (updated.length > 0) await announce(ctx, updated[0]?.reportId ?? null, attachmentId, 'failed');
  return updated.length > 0 ? 'failed' : 'skipped';
}

/** Officers with the report open see the attachment appear (or fail). */
async function announce(ctx: AppContext, reportId: number | null, attachmentId: number, status: 'stored' | 'failed'): Promise<void> {
  if (reportId === null) return;
  const [r] = await ctx.database.db.select({ path: units.path }).from(reports)
    .innerJoin(units, eq(units.id, reports.assignedUnitId)).where(eq(reports.id, reportId));
  ctx.publisher.publish([{ event: 'report.updated', unitPaths: [r?.path ?? ''], reportId, data: { attachmentId, attachmentStatus: status } }]);
}
