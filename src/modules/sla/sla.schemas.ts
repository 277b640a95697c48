/**
 * Inputs of the SLA routes (extensions, policies, calendar) and their
 * bilingual messages.
 */
import { nfcTrim } from '../../http/validate.js';
import { z } from 'zod';
import { PRIORITIES, TRANSFER_MODES } from '../../db/schema/index.js';
import type { FieldMessages } from '../../lib/errors.js';

/** Policies are at most 60 working days; a working day is 7.5 h by default. */
const MAX_WITHIN_MS = 60 * 7.5 * 3_600_000;

export const SLA_MESSAGES = {
  dueAt: { vi: 'Hạn mới không hợp lệ (YYYY-MM-DD hoặc ISO 8601).', en: 'Invalid new deadline (YYYY-MM-DD or ISO 8601).' },
  duePast: { vi: 'Hạn mới phải ở tương lai.', en: 'The new deadline must be in the future.' },
  dueNotLater: { vi: 'Hạn mới phải sau hạn hiện tại.', en: 'The new deadline must be later than the current one.' },
  reason: { vi: 'Vui lòng ghi lý do gia hạn (3–1000 ký tự).', en: 'Please give a reason for the extension (3–1000 characters).' },
  note: { vi: 'Ghi chú tối đa 1000 ký tự.', en: 'A note has at most 1000 characters.' },
  notOpen: { vi: 'Phản ánh không còn đang xử lý.', en: 'The report is no longer open.' },
  pending: { vi: 'Đã có một đề nghị gia hạn đang chờ duyệt.', en: 'An extension request is already waiting for approval.' },
  decided: { vi: 'Đề nghị gia hạn này đã được xử lý.', en: 'This extension request has already been decided.' },
  selfApproval: { vi: 'Không thể tự duyệt đề nghị gia hạn của mình.', en: 'You cannot approve your own extension request.' },
  leadersOnly: { vi: 'Chỉ lãnh đạo đơn vị hoặc cấp trên được duyệt gia hạn.', en: 'Only a leader of the unit or above may decide an extension.' },
  expired: { vi: 'Hạn đề nghị đã qua; hãy đề nghị hạn mới.', en: 'The requested deadline has passed; request a new one.' },
  items: { vi: 'Danh sách chính sách không hợp lệ.', en: 'Invalid list of policies.' },
  categoryId: { vi: 'Lĩnh vực không hợp lệ.', en: 'Invalid category.' },
  priority: { vi: 'Mức độ phải là urgent, normal hoặc complex.', en: 'Priority must be urgent, normal or complex.' },
  within: { vi: 'Thời hạn (ms thời gian làm việc) phải từ 1 phút đến 60 ngày làm việc.', en: 'Durations (working ms) must be from 1 minute to 60 working days.' },
  warnShare: { vi: 'Tỷ lệ cảnh báo phải trong khoảng 0,05–0,95.', en: 'The warning share must be between 0.05 and 0.95.' },
  onTransfer: { vi: 'Khi chuyển đơn vị: restart hoặc keep.', en: 'On transfer: restart or keep.' },
  duplicate: { vi: 'Mỗi lĩnh vực và mức độ chỉ có một chính sách.', en: 'One policy per category and priority.' },
  defaults: { vi: 'Cần chính sách mặc định (không lĩnh vực) cho cả ba mức độ.', en: 'A default policy (no category) is needed for all three priorities.' },
  date: { vi: 'Ngày không hợp lệ (YYYY-MM-DD).', en: 'Invalid date (YYYY-MM-DD).' },
  kind: { vi: 'Loại ngày: day_off (ngày nghỉ) hoặc make_up (ngày làm bù).', en: 'Kind: day_off or make_up.' },
  year: { vi: 'Năm không hợp lệ.', en: 'Invalid year.' },
} satisfies FieldMessages;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isRealDate(d: string): boolean {
  return DATE_ONLY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
}

/** A plain day means the end of that working day in Vietnam (17:00). */
const deadline = z.string({ error: 'dueAt' }).transform((v, ctx) => {
  const text = isRealDate(v) ? `${v}T17:00:00+07:00` : v;
  const d = new Date(text);
  if (!ISO.test(text) || Number.isNaN(d.getTime())) { ctx.addIssue({ code: 'custom', message: 'dueAt' }); return z.NEVER; }
  return d;
});

export const extensionSchema = z.object({
  dueAt: deadline,
  reason: nfcTrim.pipe(z.string().min(3, 'reason').max(1000, 'reason')),
});

export const decisionSchema = z.object({
  note: nfcTrim.pipe(z.string().max(1000, 'note')).optional().transform((v) => (v ? v : null)),
});

const within = z.number({ error: 'within' }).int('within').min(60_000, 'within').max(MAX_WITHIN_MS, 'within');
export const policySchema = z.object({
  categoryId: z.number({ error: 'categoryId' }).int('categoryId').positive('categoryId').nullable(),
  priority: z.enum(PRIORITIES, { error: 'priority' }),
  ackWithinMs: within,
  resolveWithinMs: within,
  warnShare: z.number({ error: 'warnShare' }).min(0.05, 'warnShare').max(0.95, 'warnShare').default(0.75),
  onTransfer: z.enum(TRANSFER_MODES, { error: 'onTransfer' }).default('restart'),
});
export type PolicyInput = z.output<typeof policySchema>;

export const policiesPutSchema = z.object({ items: z.array(policySchema, { error: 'items' }).min(3, 'defaults').max(500, 'items') })
  .superRefine((v, ctx) => {
    const keys = v.items.map((p) => `${p.categoryId ?? 0}:${p.priority}`);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['items'], message: 'duplicate' });
    for (const pr of PRIORITIES) {
      if (!v.items.some((p) => p.categoryId === null && p.priority === pr)) { ctx.addIssue({ code: 'custom', path: ['items'], message: 'defaults' }); break; }
    }
  });

export const calendarPostSchema = z.object({
  date: z.string({ error: 'date' }).refine(isRealDate, 'date'),
  kind: z.enum(['day_off', 'make_up'], { error: 'kind' }),
  note: nfcTrim.pipe(z.string().max(200, 'note')).optional().default(''),
});

export const calendarQuerySchema = z.object({
  year: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number({ error: 'year' }).int('year').min(2000, 'year').max(2100, 'year').optional()),
});
