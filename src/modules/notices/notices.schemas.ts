/**
 * Inputs of the notices API (docs/API.md "Notices") and their field messages,
 * Vietnamese first. Field names are the body keys.
 */
import { nfcTrim } from '../../http/validate.js';
import { z } from 'zod';
import { NOTICE_CHANNELS, NOTICE_STATUSES } from '../../db/schema/index.js';
import type { FieldMessages } from '../../lib/errors.js';

export const MAX_TITLE = 150;
export const MAX_TEXT = 1000;
export const MAX_UNITS = 50;
export const MAX_SCHEDULE_DAYS = 60;

export const NOTICE_MESSAGES = {
  title: { vi: `Vui lòng nhập tiêu đề (tối đa ${MAX_TITLE} ký tự).`, en: `Please enter a title (at most ${MAX_TITLE} characters).` },
  text: { vi: `Vui lòng nhập nội dung (tối đa ${MAX_TEXT} ký tự).`, en: `Please enter the text (at most ${MAX_TEXT} characters).` },
  unitCodes: { vi: `Chọn từ 1 đến ${MAX_UNITS} đơn vị nhận (mã SMS).`, en: `Choose 1 to ${MAX_UNITS} receiving units (SMS codes).` },
  unitUnknown: { vi: 'Có mã đơn vị không tồn tại.', en: 'A unit code does not exist.' },
  unitScope: { vi: 'Có đơn vị ngoài phạm vi quản lý của bạn.', en: 'A unit is outside your scope.' },
  channels: { vi: 'Chọn ít nhất một kênh: sms, zalo, board (bảng tin).', en: 'Choose at least one channel: sms, zalo, board (notice board).' },
  emergency: { vi: 'Giá trị phải là true hoặc false.', en: 'Must be true or false.' },
  scheduledAt: {
    vi: `Thời điểm gửi phải là ngày giờ ISO 8601 có múi giờ, không quá ${MAX_SCHEDULE_DAYS} ngày tới.`,
    en: `Send time must be an ISO 8601 date-time with offset, at most ${MAX_SCHEDULE_DAYS} days ahead.`,
  },
  scheduledPast: { vi: 'Thời điểm gửi đã qua.', en: 'The send time is in the past.' },
  topic: { vi: 'Chủ đề: chữ thường không dấu, số và dấu gạch ngang, tối đa 50 ký tự.', en: 'Topic: lower-case letters, digits and dashes, at most 50 characters.' },
  status: { vi: 'Trạng thái không hợp lệ.', en: 'Invalid status.' },
  limit: { vi: 'Số dòng mỗi trang từ 1 đến 100.', en: 'Page size from 1 to 100.' },
  cursor: { vi: 'Con trỏ trang không hợp lệ.', en: 'Invalid page cursor.' },
  unitCode: { vi: 'Vui lòng chọn đơn vị (mã SMS) trong phạm vi của bạn.', en: 'Please choose a unit (SMS code) within your scope.' },
  file: { vi: 'Vui lòng chọn tệp CSV (tối đa 5 MB).', en: 'Please choose a CSV file (at most 5 MB).' },
} satisfies FieldMessages;

const codes = z.array(z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2,20}$/, 'unitCodes'), { error: 'unitCodes' })
  .min(1, 'unitCodes').max(MAX_UNITS, 'unitCodes').transform((l) => [...new Set(l)]);
const channels = z.array(z.enum(NOTICE_CHANNELS, { error: 'channels' }), { error: 'channels' }).min(1, 'channels').transform((l) => [...new Set(l)]);

export const createNoticeSchema = z.object({
  title: nfcTrim.pipe(z.string().min(1, 'title').max(MAX_TITLE, 'title')),
  text: nfcTrim.pipe(z.string().min(1, 'text').max(MAX_TEXT, 'text')),
  unitCodes: codes,
  channels,
  emergency: z.boolean({ error: 'emergency' }).default(false),
  scheduledAt: z.iso.datetime({ offset: true, error: 'scheduledAt' }).transform((s) => new Date(s)).nullish(),
  topic: z.string().trim().regex(/^[a-z0-9-]{1,50}$/, 'topic').nullish(),
});
export type CreateNoticeInput = z.infer<typeof createNoticeSchema>;

export const previewSchema = z.object({
  title: nfcTrim.pipe(z.string().max(MAX_TITLE, 'title')).default(''),
  text: nfcTrim.pipe(z.string().max(MAX_TEXT, 'text')),
  unitCodes: codes,
  channels,
  emergency: z.boolean({ error: 'emergency' }).default(false),
});
export type PreviewInput = z.infer<typeof previewSchema>;

export const listQuerySchema = z.object({
  status: z.enum(NOTICE_STATUSES, { error: 'status' }).optional(),
  limit: z.coerce.number({ error: 'limit' }).int('limit').min(1, 'limit').max(100, 'limit').default(50),
  cursor: z.string().max(200, 'cursor').optional(),
});

export const importFieldsSchema = z.object({
  unitCode: z.string({ error: 'unitCode' }).trim().toUpperCase().regex(/^[A-Z0-9]{2,20}$/, 'unitCode'),
});
