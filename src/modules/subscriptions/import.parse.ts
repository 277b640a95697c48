/**
 * An officer's subscriber list (CSV) → rows to import, or line-level errors
 * (pure). Every row must say when and how the citizen agreed (Law 91/2025 on
 * personal data, DESIGN.md invariant 6): a row without consent is an error, and
 * one error rejects the whole file (nothing half-imported).
 *
 * Columns (header row required; names without diacritics, any case):
 *   phone           | so_dien_thoai | sdt       Vietnamese mobile number
 *   consent_at      | ngay_dong_y              YYYY-MM-DD, DD/MM/YYYY or ISO date-time
 *   consent_method  | hinh_thuc_dong_y         how: "phiếu đăng ký giấy", "họp dân thôn 3", …
 */
import { parseCsv } from '../../domain/csv.js';
import { normalizePhone } from '../../domain/phone.js';
import { fold, nfc } from '../../domain/text.js';
import { VN_OFFSET_MINUTES } from '../../domain/quiet-hours.js';

export const MAX_IMPORT_ROWS = 50_000;
export const MAX_METHOD_CHARS = 200;
/** At most this many line errors are returned (the file is rejected either way). */
export const MAX_LINE_ERRORS = 200;

export interface ImportRow { line: number; phone: string; consentAt: Date; consentMethod: string }
export type ImportField = 'phone' | 'consent_at' | 'consent_method' | 'file';
export interface LineError { line: number; field: ImportField; message: { vi: string; en: string } }
export type ParsedImport = { ok: true; rows: ImportRow[] } | { ok: false; errors: LineError[]; total: number };

export const IMPORT_MESSAGES = {
  phone: { vi: 'Số điện thoại di động không hợp lệ.', en: 'Not a valid mobile number.' },
  consentMissing: { vi: 'Thiếu ngày đồng ý nhận thông báo.', en: 'Consent date missing.' },
  consentDate: { vi: 'Ngày đồng ý không hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY, không ở tương lai).', en: 'Invalid consent date (YYYY-MM-DD or DD/MM/YYYY, not in the future).' },
  methodMissing: { vi: 'Thiếu hình thức đồng ý (ví dụ: phiếu đăng ký giấy).', en: 'How consent was given is missing (e.g. paper form).' },
  methodLong: { vi: `Hình thức đồng ý tối đa ${MAX_METHOD_CHARS} ký tự.`, en: `Consent method: at most ${MAX_METHOD_CHARS} characters.` },
  header: { vi: 'Dòng tiêu đề phải có các cột phone, consent_at, consent_method.', en: 'The header row must name the columns phone, consent_at, consent_method.' },
  empty: { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' },
  tooMany: { vi: `Tối đa ${MAX_IMPORT_ROWS} dòng mỗi lần nhập.`, en: `At most ${MAX_IMPORT_ROWS} rows per import.` },
  quote: { vi: 'Dấu ngoặc kép không được đóng.', en: 'Unterminated quote.' },
  encoding: { vi: 'Tệp phải là văn bản UTF-8 (CSV).', en: 'The file must be UTF-8 text (CSV).' },
} as const;

const COLUMNS: Record<Exclude<ImportField, 'file'>, string[]> = {
  phone: ['phone', 'so dien thoai', 'sdt', 'dien thoai'],
  consent_at: ['consent at', 'consent date', 'ngay dong y'],
  consent_method: ['consent method', 'consent how', 'hinh thuc dong y', 'cach dong y'],
};

const key = (h: string) => fold(h).replace(/[_\-.]+/g, ' ').trim();

/** Date-only values are midnight in Vietnam; a date-time must carry its offset. */
export function parseConsentDate(raw: string, now: Date): Date | null {
  const s = raw.trim();
  let d: Date | null = null;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const parts = ymd ? [ymd[1], ymd[2], ymd[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : null;
  if (parts) {
    const [y, m, day] = parts.map(Number) as [number, number, number];
    const utc = Date.UTC(y, m - 1, day);
    const check = new Date(utc);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) return null;
    d = new Date(utc - VN_OFFSET_MINUTES * 60_000);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    d = new Date(s);
  }
  if (!d || Number.isNaN(d.getTime())) return null;
  if (d.getTime() > now.getTime() + 60_000 || d.getUTCFullYear() < 2000) return null;
  return d;
}

function headerIndex(cells: string[]): Record<Exclude<ImportField, 'file'>, number> | null {
  const keys = cells.map(key);
  const find = (names: string[]) => keys.findIndex((k) => names.includes(k));
  const idx = { phone: find(COLUMNS.phone), consent_at: find(COLUMNS.consent_at), consent_method: find(COLUMNS.consent_method) };
  return Object.values(idx).some((i) => i < 0) ? null : idx;
}

export function parseImport(text: string, now: Date = new Date()): ParsedImport {
  const fileError = (message: LineError['message'], line = 1): ParsedImport => ({ ok: false, errors: [{ line, field: 'file', message }], total: 0 });
  if (text.includes('\uFFFD')) return fileError(IMPORT_MESSAGES.encoding);
  const csv = parseCsv(text);
  if (!csv.ok) return fileError(IMPORT_MESSAGES.quote, csv.line);
  const [head, ...data] = csv.rows;
  const idx = head ? headerIndex(head.cells) : null;
  if (!idx) return fileError(IMPORT_MESSAGES.header);
  if (data.length === 0) return fileError(IMPORT_MESSAGES.empty);
  if (data.length > MAX_IMPORT_ROWS) return fileError(IMPORT_MESSAGES.tooMany);
  const rows: ImportRow[] = [];
  const errors: LineError[] = [];
  for (const r of data) {
    const cell = (i: number) => nfc(r.cells[i] ?? '').trim();
    const phone = normalizePhone(cell(idx.phone));
    const consentRaw = cell(idx.consent_at);
    const consentAt = consentRaw ? parseConsentDate(consentRaw, now) : null;
    const method = cell(idx.consent_method);
    const add = (field: ImportField, message: LineError['message']) => errors.push({ line: r.line, field, message });
    if (!phone.ok || phone.kind !== 'mobile') add('phone', IMPORT_MESSAGES.phone);
    if (!consentRaw) add('consent_at', IMPORT_MESSAGES.consentMissing);
    else if (!consentAt) add('consent_at', IMPORT_MESSAGES.consentDate);
    if (!method) add('consent_method', IMPORT_MESSAGES.methodMissing);
    else if ([...method].length > MAX_METHOD_CHARS) add('consent_method', IMPORT_MESSAGES.methodLong);
    if (phone.ok && phone.kind === 'mobile' && consentAt && method && [...method].length <= MAX_METHOD_CHARS) {
      rows.push({ line: r.line, phone: phone.e164, consentAt, consentMethod: method });
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_LINE_ERRORS), total: errors.length };
  return { ok: true, rows };
}
