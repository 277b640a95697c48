/**
 * The citizen form's fields (DESIGN.md: POST /api/public/reports). Messages
 * are field-level, in Vietnamese and English, because a citizen reads them.
 */
import { z } from 'zod';
import type { FieldMessages } from '../../lib/errors.js';

export const MAX_DESCRIPTION = 5000;
export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const CONSENT_VERSION = '2026-01';

export const FIELD_MESSAGES = {
  commune: { vi: 'Vui lòng chọn xã, thị trấn.', en: 'Please choose a commune.' },
  communeUnknown: { vi: 'Không có xã, thị trấn với mã này.', en: 'No commune has this code.' },
  category: { vi: 'Vui lòng chọn lĩnh vực.', en: 'Please choose a category.' },
  categoryUnknown: { vi: 'Lĩnh vực không hợp lệ.', en: 'Unknown category.' },
  descriptionShort: { vi: 'Vui lòng mô tả sự việc (ít nhất 10 ký tự).', en: 'Please describe the problem (at least 10 characters).' },
  descriptionLong: { vi: `Nội dung quá dài (tối đa ${MAX_DESCRIPTION} ký tự).`, en: `Description too long (at most ${MAX_DESCRIPTION} characters).` },
  name: { vi: 'Họ tên quá dài (tối đa 100 ký tự).', en: 'Name too long (at most 100 characters).' },
  phone: { vi: 'Số điện thoại không hợp lệ (ví dụ 0912 345 678).', en: 'Invalid phone number (e.g. 0912 345 678).' },
  location: { vi: 'Vị trí không hợp lệ.', en: 'Invalid location.' },
  consent: { vi: 'Vui lòng đồng ý cho phép xử lý dữ liệu cá nhân để gửi phản ánh.', en: 'Please agree to the processing of personal data to send a report.' },
  photosCount: { vi: `Tối đa ${MAX_PHOTOS} ảnh.`, en: `At most ${MAX_PHOTOS} photos.` },
  photoSize: { vi: 'Mỗi ảnh tối đa 5 MB.', en: 'Each photo must be at most 5 MB.' },
  photoType: { vi: 'Chỉ nhận ảnh JPEG, PNG, WebP, GIF hoặc HEIC.', en: 'Only JPEG, PNG, WebP, GIF or HEIC photos are accepted.' },
  submissionId: { vi: 'Mã gửi không hợp lệ.', en: 'Invalid submission id.' },
} satisfies FieldMessages;

const trimmed = z.string().transform((s) => s.normalize('NFC').trim());
const coord = (min: number, max: number) => z.coerce.number().min(min).max(max);

export const reportInputSchema = z.object({
  /** A unit's SMS code; empty or "-" when the citizen does not know (the district triages it). */
  commune: trimmed.optional().transform((v) => (v && v !== '-' ? v.toUpperCase() : undefined)),
  category: trimmed.pipe(z.string().min(1, 'category')),
  description: trimmed.pipe(z.string().min(10, 'descriptionShort').max(MAX_DESCRIPTION, 'descriptionLong')),
  name: trimmed.pipe(z.string().max(100, 'name')).optional(),
  phone: trimmed.optional(),
  location: z.object({ lat: coord(-90, 90), lng: coord(-180, 180) }).optional(),
  consent: z.union([z.literal(true), z.literal('true'), z.literal('on'), z.literal('1')], { error: 'consent' }).transform(() => true),
  submissionId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'submissionId').optional(),
});
export type ReportInput = z.infer<typeof reportInputSchema>;
