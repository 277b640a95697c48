/**
 * Inputs of the settings routes (units, categories, routing rules) and their
 * bilingual field messages (docs/API.md "Settings (admin only)").
 */
import { nfcTrim } from '../../http/validate.js';
import { z } from 'zod';
import { PRIORITIES } from '../../db/schema/index.js';
import { UNIT_KINDS, isSmsCode, normalizeSmsCode } from '../../domain/unit-rules.js';
import type { FieldMessages } from '../../lib/errors.js';

export const SETTINGS_MESSAGES = {
  name: { vi: 'Tên cần 2–120 ký tự.', en: 'The name needs 2–120 characters.' },
  kind: { vi: 'Cấp đơn vị phải là tỉnh, huyện, xã hoặc phòng ban.', en: 'The kind must be province, district, commune or department.' },
  parentId: { vi: 'Đơn vị cấp trên không tồn tại hoặc đã ngừng hoạt động.', en: 'The parent unit does not exist or is no longer active.' },
  parentKind: {
    vi: 'Cấp trên không hợp lệ: tỉnh không có cấp trên; huyện thuộc tỉnh; xã và phòng ban thuộc huyện hoặc tỉnh.',
    en: 'Invalid parent: a province has none; a district sits under a province; communes and departments under a district or province.',
  },
  parentCycle: { vi: 'Không thể đặt một đơn vị dưới chính nó hoặc đơn vị cấp dưới của nó.', en: 'A unit cannot sit under itself or one of its own units.' },
  smsCode: { vi: 'Mã SMS gồm 3–16 chữ cái A–Z hoặc chữ số, không dấu, không khoảng trắng.', en: 'An SMS code has 3–16 letters A–Z or digits, no accents or spaces.' },
  smsCodeTaken: { vi: 'Mã SMS này đang được một đơn vị khác sử dụng.', en: 'Another active unit already uses this SMS code.' },
  smsCodeNone: { vi: 'Không tự tạo được mã SMS từ tên; hãy nhập mã 3–16 ký tự.', en: 'No SMS code can be made from the name; please enter one of 3–16 characters.' },
  kindChange: { vi: 'Không thể đổi cấp của một đơn vị đã có.', en: 'The kind of an existing unit cannot change.' },
  isTriage: { vi: 'Giá trị "tiếp nhận chung" không hợp lệ.', en: 'Invalid "triage" value.' },
  intoUnitId: { vi: 'Chọn một đơn vị đang hoạt động để sáp nhập vào.', en: 'Choose an active unit to merge into.' },
  intoSame: { vi: 'Không thể sáp nhập một đơn vị vào chính nó.', en: 'A unit cannot be merged into itself.' },
  intoKind: { vi: 'Chỉ sáp nhập vào đơn vị cùng cấp (xã vào xã, phòng ban vào phòng ban…).', en: 'A unit can only be merged into one of the same kind (commune into commune, …).' },
  intoBelow: { vi: 'Không thể sáp nhập vào đơn vị cấp dưới của chính nó.', en: 'A unit cannot be merged into one of its own units.' },
  code: { vi: 'Mã lĩnh vực 2–40 ký tự: chữ thường a–z, chữ số, dấu gạch ngang (ví dụ dat-dai).', en: 'A category code has 2–40 characters: a–z, digits and hyphens (e.g. dat-dai).' },
  codeTaken: { vi: 'Mã lĩnh vực này đã có.', en: 'This category code already exists.' },
  nameVi: { vi: 'Tên tiếng Việt cần 2–80 ký tự.', en: 'The Vietnamese name needs 2–80 characters.' },
  nameEn: { vi: 'Tên tiếng Anh cần 2–80 ký tự.', en: 'The English name needs 2–80 characters.' },
  defaultPriority: { vi: 'Mức độ phải là khẩn, thường hoặc phức tạp.', en: 'The priority must be urgent, normal or complex.' },
  sortOrder: { vi: 'Thứ tự hiển thị là số nguyên 0–10000.', en: 'The display order is a whole number 0–10000.' },
  active: { vi: 'Giá trị "đang dùng" không hợp lệ.', en: 'Invalid "active" value.' },
  ruleName: { vi: 'Tên quy tắc cần 2–120 ký tự.', en: 'The rule name needs 2–120 characters.' },
  priority: { vi: 'Thứ tự xét là số nguyên 0–10000 (số nhỏ được xét trước).', en: 'The order is a whole number 0–10000 (smaller is tried first).' },
  categoryCode: { vi: 'Lĩnh vực không tồn tại hoặc đã ngừng dùng.', en: 'The category does not exist or is no longer used.' },
  keywords: { vi: 'Tối đa 50 từ khóa, mỗi từ khóa 2–80 ký tự.', en: 'At most 50 keywords of 2–80 characters each.' },
  ruleMatch: { vi: 'Quy tắc cần một lĩnh vực hoặc ít nhất một từ khóa để so khớp.', en: 'A rule needs a category or at least one keyword to match on.' },
  ruleAction: { vi: 'Quy tắc cần chuyển đến một đơn vị, hoặc gán lĩnh vực hay mức độ.', en: 'A rule must send to a unit, or set a category or a priority.' },
  targetUnitId: { vi: 'Đơn vị nhận không tồn tại hoặc đã ngừng hoạt động.', en: 'The receiving unit does not exist or is no longer active.' },
  setCategoryCode: { vi: 'Lĩnh vực gán không tồn tại hoặc đã ngừng dùng.', en: 'The category to set does not exist or is no longer used.' },
  setPriority: { vi: 'Mức độ gán phải là khẩn, thường hoặc phức tạp.', en: 'The priority to set must be urgent, normal or complex.' },
  text: { vi: 'Nhập nội dung cần thử (1–5000 ký tự).', en: 'Enter the text to try (1–5000 characters).' },
  communeCode: { vi: 'Không có đơn vị đang hoạt động với mã SMS này.', en: 'No active unit has this SMS code.' },
  dryRun: { vi: 'Giá trị "xem trước" không hợp lệ.', en: 'Invalid "preview" value.' },
} satisfies FieldMessages;

const text = (min: number, max: number, key: string) => z.string({ error: key }).pipe(nfcTrim).pipe(z.string().min(min, key).max(max, key));
const id = (key: string) => z.number({ error: key }).int(key).positive(key);
/** A select left on "none" may send "" as well as null. */
const noneIsNull = (v: unknown) => (v === '' ? null : v);

const smsCode = z.string({ error: 'smsCode' }).transform(normalizeSmsCode).refine((c) => c === '' || isSmsCode(c), 'smsCode');

export const unitCreateSchema = z.object({
  name: text(2, 120, 'name'),
  kind: z.enum(UNIT_KINDS, { error: 'kind' }),
  parentId: z.preprocess(noneIsNull, id('parentId').nullable()),
  /** Empty or absent: suggested from the name (suggestSmsCode). */
  smsCode: smsCode.optional(),
  isTriage: z.boolean({ error: 'isTriage' }).optional().default(false),
});
export type UnitCreateInput = z.output<typeof unitCreateSchema>;

export const unitPatchSchema = z.object({
  name: text(2, 120, 'name').optional(),
  smsCode: smsCode.refine((c) => c !== '', 'smsCode').optional(),
  isTriage: z.boolean({ error: 'isTriage' }).optional(),
});
export type UnitPatchInput = z.output<typeof unitPatchSchema>;

export const unitMergeSchema = z.object({
  intoUnitId: id('intoUnitId'),
  /** Count what would move, write nothing. */
  dryRun: z.boolean({ error: 'dryRun' }).optional().default(false),
});

const categoryCode = z.string({ error: 'code' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'code').min(2, 'code').max(40, 'code');
const sortOrder = z.number({ error: 'sortOrder' }).int('sortOrder').min(0, 'sortOrder').max(10_000, 'sortOrder');

export const categoryCreateSchema = z.object({
  code: categoryCode,
  nameVi: text(2, 80, 'nameVi'),
  nameEn: text(2, 80, 'nameEn'),
  defaultPriority: z.enum(PRIORITIES, { error: 'defaultPriority' }).optional().default('normal'),
  /** Absent: after the last one. */
  sortOrder: sortOrder.optional(),
  active: z.boolean({ error: 'active' }).optional().default(true),
});
export type CategoryCreateInput = z.output<typeof categoryCreateSchema>;

/** The code is not editable: it is in links, API clients and routing rules. */
export const categoryPatchSchema = z.object({
  nameVi: text(2, 80, 'nameVi').optional(),
  nameEn: text(2, 80, 'nameEn').optional(),
  defaultPriority: z.enum(PRIORITIES, { error: 'defaultPriority' }).optional(),
  sortOrder: sortOrder.optional(),
  active: z.boolean({ error: 'active' }).optional(),
});
export type CategoryPatchInput = z.output<typeof categoryPatchSchema>;

const ruleFields = {
  name: text(2, 120, 'ruleName'),
  priority: z.number({ error: 'priority' }).int('priority').min(0, 'priority').max(10_000, 'priority'),
  categoryCode: z.preprocess(noneIsNull, z.string({ error: 'categoryCode' }).max(40, 'categoryCode').nullable()),
  keywords: z.array(nfcTrim.pipe(z.string().min(2, 'keywords').max(80, 'keywords')), { error: 'keywords' }).max(50, 'keywords').nullable(),
  targetUnitId: z.preprocess(noneIsNull, id('targetUnitId').nullable()),
  setCategoryCode: z.preprocess(noneIsNull, z.string({ error: 'setCategoryCode' }).max(40, 'setCategoryCode').nullable()),
  setPriority: z.preprocess(noneIsNull, z.enum(PRIORITIES, { error: 'setPriority' }).nullable()),
  active: z.boolean({ error: 'active' }),
};

export const ruleCreateSchema = z.object({
  ...ruleFields,
  priority: ruleFields.priority.optional().default(100),
  categoryCode: ruleFields.categoryCode.optional().default(null),
  keywords: ruleFields.keywords.optional().default(null),
  targetUnitId: ruleFields.targetUnitId.optional().default(null),
  setCategoryCode: ruleFields.setCategoryCode.optional().default(null),
  setPriority: ruleFields.setPriority.optional().default(null),
  active: ruleFields.active.optional().default(true),
});
export type RuleInput = z.output<typeof ruleCreateSchema>;

export const rulePatchSchema = z.object(ruleFields).partial();
export type RulePatchInput = z.output<typeof rulePatchSchema>;

export const routingTestSchema = z.object({
  text: text(1, 5000, 'text'),
  communeCode: z.preprocess(noneIsNull, z.string({ error: 'communeCode' }).max(40, 'communeCode').transform(normalizeSmsCode).nullable().optional()),
  categoryCode: z.preprocess(noneIsNull, z.string({ error: 'categoryCode' }).max(40, 'categoryCode').nullable().optional()),
});
export type RoutingTestInput = z.output<typeof routingTestSchema>;
