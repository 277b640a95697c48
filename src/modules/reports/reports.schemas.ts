/**
 * Inputs of the workspace report routes and their field messages (Vietnamese
 * first). Query strings may repeat a key (`status=a&status=b`) or list values
 * with commas (`status=a,b`); both mean the same.
 */
import { nfcTrim } from '../../http/validate.js';
import { z } from 'zod';
import { CHANNELS, REPORT_STATUSES } from '../../db/schema/index.js';
import type { FieldMessages } from '../../lib/errors.js';
import { OUTCOMES } from '../stats/stats.sql.js';

export const MAX_REPLY = 2000;
export const MAX_NOTE = 5000;
export const MAX_REPLY_HTML = 20_000;
export const MAX_PAGE = 100;

export const REPORT_MESSAGES = {
  status: { vi: 'Trạng thái không hợp lệ (received, in_progress, answered, closed).', en: 'Invalid status (received, in_progress, answered, closed).' },
  unitId: { vi: 'Đơn vị không hợp lệ.', en: 'Invalid unit.' },
  unitUnknown: { vi: 'Đơn vị không tồn tại hoặc đã ngừng hoạt động.', en: 'No such active unit.' },
  unitSame: { vi: 'Phản ánh đang thuộc đơn vị này.', en: 'The report is already with this unit.' },
  categoryId: { vi: 'Lĩnh vực không hợp lệ.', en: 'Invalid category.' },
  category: { vi: 'Lĩnh vực không hợp lệ.', en: 'Invalid category.' },
  channel: { vi: 'Kênh không hợp lệ (web, sms, zalo).', en: 'Invalid channel (web, sms, zalo).' },
  flag: { vi: 'Giá trị phải là true hoặc false.', en: 'Must be true or false.' },
  from: { vi: 'Ngày không hợp lệ (YYYY-MM-DD hoặc ISO 8601).', en: 'Invalid date (YYYY-MM-DD or ISO 8601).' },
  to: { vi: 'Ngày không hợp lệ (YYYY-MM-DD hoặc ISO 8601).', en: 'Invalid date (YYYY-MM-DD or ISO 8601).' },
  q: { vi: 'Từ khóa tìm kiếm tối đa 200 ký tự.', en: 'Search text has at most 200 characters.' },
  limit: { vi: `Số dòng mỗi trang từ 1 đến ${MAX_PAGE}.`, en: `Page size from 1 to ${MAX_PAGE}.` },
  cursor: { vi: 'Con trỏ trang không hợp lệ.', en: 'Invalid page cursor.' },
  text: { vi: 'Vui lòng nhập nội dung.', en: 'Please enter the text.' },
  replyLong: { vi: `Nội dung trả lời tối đa ${MAX_REPLY} ký tự.`, en: `A reply has at most ${MAX_REPLY} characters.` },
  noteLong: { vi: `Ghi chú tối đa ${MAX_NOTE} ký tự.`, en: `A note has at most ${MAX_NOTE} characters.` },
  html: { vi: 'Nội dung định dạng quá dài.', en: 'Formatted text too long.' },
  markAnswered: { vi: 'Giá trị phải là true hoặc false.', en: 'Must be true or false.' },
  reason: { vi: 'Vui lòng ghi lý do chuyển (3–1000 ký tự).', en: 'Please give a reason for the transfer (3–1000 characters).' },
  title: { vi: 'Tiêu đề 1–100 ký tự.', en: 'Title: 1–100 characters.' },
  body: { vi: `Nội dung mẫu 1–${MAX_REPLY} ký tự.`, en: `Template text: 1–${MAX_REPLY} characters.` },
  reportId: { vi: 'Mã phản ánh không hợp lệ.', en: 'Invalid report id.' },
  closed: { vi: 'Phản ánh đã đóng; hãy mở lại trước khi trả lời.', en: 'The report is closed; reopen it before replying.' },
  assignedUnitId: { vi: 'Đơn vị không hợp lệ.', en: 'Invalid unit.' },
  locationUnitId: { vi: 'Xã không hợp lệ.', en: 'Invalid commune.' },
  outcome: { vi: 'Kết quả hạn không hợp lệ (on_time, late_extended, late, pending).', en: 'Invalid outcome (on_time, late_extended, late, pending).' },
  responded: { vi: 'Giá trị phải là true hoặc false.', en: 'Must be true or false.' },
  answered: { vi: 'Giá trị phải là true hoặc false.', en: 'Must be true or false.' },
  rating: { vi: 'Điểm đánh giá từ 1 đến 5.', en: 'A rating is from 1 to 5.' },
} satisfies FieldMessages;

const listOf = <T extends z.ZodType>(item: T) => z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v.join(',') : String(v)).split(',').map((s) => s.trim()).filter(Boolean)),
  z.array(item).optional(),
);
const flag = z.enum(['true', 'false', '1', '0'], { error: 'flag' }).optional().transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));
const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const intParam = (key: string) => z.preprocess(single, z.coerce.number({ error: key }).int(key).positive(key).optional());

/** A day in Vietnam time (YYYY-MM-DD) or an ISO date-time with offset. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const when = (key: 'from' | 'to') => z.preprocess(single, z.string().optional().transform((v, ctx) => {
  if (v === undefined || v === '') return undefined;
  const iso = DATE_ONLY.test(v) ? `${v}T00:00:00+07:00` : v;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) {
    ctx.addIssue({ code: 'custom', message: key });
    return z.NEVER;
  }
  // A plain `to` day is inclusive: everything before the next midnight.
  return key === 'to' && DATE_ONLY.test(v) ? new Date(d.getTime() + 24 * 3600 * 1000) : d;
}));

export const listQuerySchema = z.object({
  status: listOf(z.enum(REPORT_STATUSES, { error: 'status' })),
  unitId: intParam('unitId'),
  categoryId: intParam('categoryId'),
  category: z.preprocess(single, z.string().regex(/^[a-z0-9-]{1,64}$/, 'category').optional()),
  channel: z.preprocess(single, z.enum(CHANNELS, { error: 'channel' }).optional()),
  overdue: z.preprocess(single, flag),
  triage: z.preprocess(single, flag),
  from: when('from'),
  to: when('to'),
  q: z.preprocess(single, nfcTrim.pipe(z.string().max(200, 'q')).optional()),
  // The dashboard's drill-down filters (src/modules/stats/stats.sql.ts, docs/API.md "Statistics").
  assignedUnitId: intParam('assignedUnitId'),
  locationUnitId: intParam('locationUnitId'),
  outcome: listOf(z.enum(OUTCOMES, { error: 'outcome' })),
  responded: z.preprocess(single, flag),
  answered: z.preprocess(single, flag),
  rating: listOf(z.coerce.number({ error: 'rating' }).int('rating').min(1, 'rating').max(5, 'rating')),
  cursor: z.preprocess(single, z.string().max(200, 'cursor').optional()),
  limit: z.preprocess(single, z.coerce.number({ error: 'limit' }).int('limit').min(1, 'limit').max(MAX_PAGE, 'limit').default(50)),
});
export type ListQuery = z.output<typeof listQuerySchema>;
/** Filters only (counts take the same filters without paging). */
export type ReportFilters = Omit<ListQuery, 'cursor' | 'limit'>;

export const replySchema = z.object({
  text: nfcTrim.pipe(z.string().min(1, 'text').max(MAX_REPLY, 'replyLong')),
  html: z.string().max(MAX_REPLY_HTML, 'html').optional(),
  markAnswered: z.boolean({ error: 'markAnswered' }).optional().default(false),
});
export type ReplyInput = z.output<typeof replySchema>;

export const previewSchema = z.object({ text: z.string().max(MAX_REPLY * 2, 'replyLong').transform((s) => s.normalize('NFC')) });

export const noteSchema = z.object({ text: nfcTrim.pipe(z.string().min(1, 'text').max(MAX_NOTE, 'noteLong')) });

export const transferSchema = z.object({
  unitId: z.number({ error: 'unitId' }).int('unitId').positive('unitId'),
  reason: nfcTrim.pipe(z.string().min(3, 'reason').max(1000, 'reason')),
});

export const statusSchema = z.object({ status: z.enum(REPORT_STATUSES, { error: 'status' }) });

export const cannedCreateSchema = z.object({
  unitId: z.number({ error: 'unitId' }).int('unitId').positive('unitId'),
  title: nfcTrim.pipe(z.string().min(1, 'title').max(100, 'title')),
  body: nfcTrim.pipe(z.string().min(1, 'body').max(MAX_REPLY, 'body')),
});
export const cannedUpdateSchema = cannedCreateSchema.omit({ unitId: true }).partial();
export const cannedQuerySchema = z.object({ unitId: intParam('unitId'), reportId: intParam('reportId') });

export const auditQuerySchema = z.object({
  userId: intParam('userId'),
  action: z.preprocess(single, z.string().regex(/^[a-z_.]{1,64}$/, 'action').optional()),
  from: when('from'),
  to: when('to'),
  cursor: z.preprocess(single, z.string().max(200, 'cursor').optional()),
  limit: z.preprocess(single, z.coerce.number({ error: 'limit' }).int('limit').min(1, 'limit').max(MAX_PAGE, 'limit').default(50)),
});
