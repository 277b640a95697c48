/**
 * A unit list (CSV) → rows to upsert, or line-level errors (pure). Used by
 * `npm run cli -- import-units --file units.csv`; docs/units.sample.csv is an
 * example.
 *
 * Columns (header row required, any order and case): name, kind
 * (province|district|commune|department, or tỉnh, huyện, quận, thị xã, xã,
 * phường, thị trấn, phòng), parent_sms_code (empty for a province), sms_code
 * (empty: suggested from the name), triage (optional: 1/0, yes/no, có/không).
 */
import { parseCsv } from '../../domain/csv.js';
import { fold } from '../../domain/text.js';
import { isSmsCode, normalizeSmsCode, suggestSmsCode, type UnitKind } from '../../domain/unit-rules.js';
import { SETTINGS_MESSAGES } from './settings.schemas.js';

export const MAX_UNIT_ROWS = 5000;

export type UnitCsvField = 'name' | 'kind' | 'parent_sms_code' | 'sms_code' | 'triage' | 'file';
export interface UnitCsvError { line: number; field: UnitCsvField; message: { vi: string; en: string } }
export interface UnitCsvRow { line: number; name: string; kind: UnitKind; parentCode: string | null; smsCode: string; isTriage: boolean }
export type ParsedUnits = { ok: true; rows: UnitCsvRow[] } | { ok: false; errors: UnitCsvError[] };

export const UNIT_CSV_MESSAGES = {
  header: { vi: 'Dòng tiêu đề phải có các cột name, kind, parent_sms_code, sms_code (triage tùy chọn).', en: 'The header row must name the columns name, kind, parent_sms_code, sms_code (triage optional).' },
  empty: { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' },
  tooMany: { vi: `Tối đa ${MAX_UNIT_ROWS} dòng mỗi lần nhập.`, en: `At most ${MAX_UNIT_ROWS} rows per import.` },
  quote: { vi: 'Dấu ngoặc kép không được đóng.', en: 'Unterminated quote.' },
  encoding: { vi: 'Tệp phải là văn bản UTF-8 (CSV).', en: 'The file must be UTF-8 text (CSV).' },
  duplicate: { vi: 'Mã SMS này đã có ở một dòng phía trên.', en: 'This SMS code is already on a line above.' },
  triage: { vi: 'Cột triage: để trống, 1/0, yes/no hoặc có/không.', en: 'The triage column: empty, 1/0, yes/no or có/không.' },
  parentSelf: { vi: 'Đơn vị không thể là cấp trên của chính nó.', en: 'A unit cannot be its own parent.' },
  parentMissing: { vi: 'Không có đơn vị cấp trên với mã này (trong tệp hoặc đang hoạt động).', en: 'No parent unit has this code (in the file or active).' },
  parentFailed: { vi: 'Dòng của đơn vị cấp trên có lỗi.', en: 'The parent unit’s line has errors.' },
} as const;

const KINDS: Record<string, UnitKind> = {
  province: 'province', tinh: 'province',
  district: 'district', huyen: 'district', quan: 'district', 'thi xa': 'district',
  commune: 'commune', xa: 'commune', phuong: 'commune', 'thi tran': 'commune', 'dac khu': 'commune',
  department: 'department', phong: 'department', ban: 'department', so: 'department',
};
const TRUE = new Set(['1', 'x', 'yes', 'y', 'true', 'co']);
const FALSE = new Set(['', '0', 'no', 'n', 'false', 'khong']);
const COLUMNS = ['name', 'kind', 'parent sms code', 'sms code', 'triage'] as const;

const key = (h: string) => fold(h).replace(/[_\-.]+/g, ' ').trim();

export function parseUnitsCsv(text: string): ParsedUnits {
  const fileError = (message: UnitCsvError['message'], line = 1): ParsedUnits => ({ ok: false, errors: [{ line, field: 'file', message }] });
  if (text.includes('\uFFFD')) return fileError(UNIT_CSV_MESSAGES.encoding);
  const csv = parseCsv(text);
  if (!csv.ok) return fileError(UNIT_CSV_MESSAGES.quote, csv.line);
  const [head, ...data] = csv.rows;
  const keys = (head?.cells ?? []).map(key);
  const at = Object.fromEntries(COLUMNS.map((c) => [c, keys.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  if (at.name < 0 || at.kind < 0 || at['parent sms code'] < 0 || at['sms code'] < 0) return fileError(UNIT_CSV_MESSAGES.header, head?.line ?? 1);
  if (data.length === 0) return fileError(UNIT_CSV_MESSAGES.empty);
  if (data.length > MAX_UNIT_ROWS) return fileError(UNIT_CSV_MESSAGES.tooMany);
  const errors: UnitCsvError[] = [];
  const rows: UnitCsvRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of data) {
    const cell = (i: number) => (i < 0 ? '' : (cells[i] ?? '').normalize('NFC').trim());
    const fail = (field: UnitCsvField, message: UnitCsvError['message']) => errors.push({ line, field, message });
    const before = errors.length;
    const name = cell(at.name).replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 120) fail('name', SETTINGS_MESSAGES.name);
    const kind = KINDS[fold(cell(at.kind))];
    if (!kind) fail('kind', SETTINGS_MESSAGES.kind);
    const given = normalizeSmsCode(cell(at['sms code']));
    const smsCode = given === '' ? suggestSmsCode(name) : given;
    if (!smsCode) fail('sms_code', SETTINGS_MESSAGES.smsCodeNone);
    else if (!isSmsCode(smsCode)) fail('sms_code', SETTINGS_MESSAGES.smsCode);
    else if (seen.has(smsCode)) fail('sms_code', UNIT_CSV_MESSAGES.duplicate);
    const parentRaw = normalizeSmsCode(cell(at['parent sms code']));
    if (parentRaw !== '' && !isSmsCode(parentRaw)) fail('parent_sms_code', SETTINGS_MESSAGES.smsCode);
    else if (parentRaw !== '' && parentRaw === smsCode) fail('parent_sms_code', UNIT_CSV_MESSAGES.parentSelf);
    const triage = fold(cell(at.triage));
    if (!TRUE.has(triage) && !FALSE.has(triage)) fail('triage', UNIT_CSV_MESSAGES.triage);
    if (smsCode) seen.add(smsCode);
    if (errors.length === before) rows.push({ line, name, kind: kind!, parentCode: parentRaw || null, smsCode: smsCode!, isTriage: TRUE.has(triage) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}
