/**
 * Columns of the per-report export (CSV and XLSX): every timestamp and
 * duration of a report. CSV headers are stable English keys (for scripts),
 * the XLSX has Vietnamese headings and labels. Times are Vietnam local time;
 * durations are hours with two decimals, wall-clock and working.
 */
export interface ExportRow {
  id: number; code: string; status: string; priority: string; channel: string;
  categoryCode: string | null; categoryName: string | null; assignedUnit: string | null; locationUnit: string | null; triage: number;
  receivedAt: Date; ackDueAt: Date | null; firstResponseAt: Date | null; firstResponseMs: number | null; firstResponseWorkMs: number | null;
  answeredAt: Date | null; resolutionMs: number | null; resolutionWorkMs: number | null; closedAt: Date | null;
  policyDueAt: Date | null; dueAt: Date | null; outcome: string | null; overdue: boolean; transfers: number; reopens: number;
  rating: number | null; ratedAt: Date | null;
  reporterName?: string | null; reporterPhone?: string | null; description?: string | null;
}

type Kind = 'text' | 'int' | 'date' | 'hours' | 'bool';
export interface Column { key: string; vi: string; kind: Kind; value: (r: ExportRow) => string | number | boolean | Date | null; labels?: Record<string, string> }

const STATUS_VI: Record<string, string> = { received: 'Đã tiếp nhận', in_progress: 'Đang xử lý', answered: 'Đã trả lời', closed: 'Đã kết thúc' };
const PRIORITY_VI: Record<string, string> = { urgent: 'Khẩn', normal: 'Thông thường', complex: 'Phức tạp' };
const CHANNEL_VI: Record<string, string> = { web: 'Trang web', sms: 'SMS', zalo: 'Zalo' };
export const OUTCOME_VI: Record<string, string> = { on_time: 'Đúng hạn', late_extended: 'Trễ hạn (có gia hạn)', late: 'Trễ hạn' };

export const BASE_COLUMNS: Column[] = [
  { key: 'id', vi: 'ID', kind: 'int', value: (r) => r.id },
  { key: 'code', vi: 'Mã tra cứu', kind: 'text', value: (r) => r.code },
  { key: 'status', vi: 'Trạng thái', kind: 'text', value: (r) => r.status, labels: STATUS_VI },
  { key: 'priority', vi: 'Mức độ', kind: 'text', value: (r) => r.priority, labels: PRIORITY_VI },
  { key: 'channel', vi: 'Kênh', kind: 'text', value: (r) => r.channel, labels: CHANNEL_VI },
  { key: 'category_code', vi: 'Mã lĩnh vực', kind: 'text', value: (r) => r.categoryCode },
  { key: 'category', vi: 'Lĩnh vực', kind: 'text', value: (r) => r.categoryName },
  { key: 'assigned_unit', vi: 'Đơn vị xử lý', kind: 'text', value: (r) => r.assignedUnit },
  { key: 'location_unit', vi: 'Xã, thị trấn', kind: 'text', value: (r) => r.locationUnit },
  { key: 'triage', vi: 'Chờ phân loại', kind: 'bool', value: (r) => r.triage === 1 },
  { key: 'received_at', vi: 'Thời điểm tiếp nhận', kind: 'date', value: (r) => r.receivedAt },
  { key: 'ack_due_at', vi: 'Hạn phản hồi', kind: 'date', value: (r) => r.ackDueAt },
  { key: 'first_response_at', vi: 'Phản hồi đầu tiên', kind: 'date', value: (r) => r.firstResponseAt },
  { key: 'first_response_hours', vi: 'Thời gian phản hồi (giờ)', kind: 'hours', value: (r) => r.firstResponseMs },
  { key: 'first_response_work_hours', vi: 'Thời gian phản hồi (giờ làm việc)', kind: 'hours', value: (r) => r.firstResponseWorkMs },
  { key: 'answered_at', vi: 'Thời điểm trả lời', kind: 'date', value: (r) => r.answeredAt },
  { key: 'resolution_hours', vi: 'Thời gian giải quyết (giờ)', kind: 'hours', value: (r) => r.resolutionMs },
  { key: 'resolution_work_hours', vi: 'Thời gian giải quyết (giờ làm việc)', kind: 'hours', value: (r) => r.resolutionWorkMs },
  { key: 'closed_at', vi: 'Thời điểm kết thúc', kind: 'date', value: (r) => r.closedAt },
  { key: 'policy_due_at', vi: 'Hạn theo quy định', kind: 'date', value: (r) => r.policyDueAt },
  { key: 'due_at', vi: 'Hạn xử lý (sau gia hạn)', kind: 'date', value: (r) => r.dueAt },
  { key: 'on_time', vi: 'Kết quả hạn', kind: 'text', value: (r) => r.outcome, labels: OUTCOME_VI },
  { key: 'overdue', vi: 'Đang quá hạn', kind: 'bool', value: (r) => r.overdue },
  { key: 'transfers', vi: 'Số lần chuyển', kind: 'int', value: (r) => r.transfers },
  { key: 'reopens', vi: 'Số lần mở lại', kind: 'int', value: (r) => r.reopens },
  { key: 'rating', vi: 'Đánh giá (1–5)', kind: 'int', value: (r) => r.rating },
  { key: 'rated_at', vi: 'Thời điểm đánh giá', kind: 'date', value: (r) => r.ratedAt },
];

/** Only for users allowed to reveal personal data, and only when asked (`personal=true`). */
export const PERSONAL_COLUMNS: Column[] = [
  { key: 'reporter_name', vi: 'Họ tên người phản ánh', kind: 'text', value: (r) => r.reporterName ?? null },
  { key: 'reporter_phone', vi: 'Số điện thoại', kind: 'text', value: (r) => r.reporterPhone ?? null },
  { key: 'description', vi: 'Nội dung phản ánh', kind: 'text', value: (r) => r.description ?? null },
];

const VN_OFFSET_MS = 7 * 3_600_000;

/** 'YYYY-MM-DD HH:MM:SS' in Vietnam time. */
export function localText(d: Date): string {
  return new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A Date whose UTC fields read as Vietnam local time: spreadsheets have no time zones. */
export function localDate(d: Date): Date {
  return new Date(d.getTime() + VN_OFFSET_MS);
}

export const hours = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 36_000) / 100);

/** A spreadsheet would run text starting with = + - @ as a formula (CSV injection): prefix it. */
export function safeText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cols: Column[], r: ExportRow): string {
  return cols.map((c) => {
    const v = c.value(r);
    if (v === null || v === undefined) return '';
    if (c.kind === 'date') return localText(v as Date);
    if (c.kind === 'hours') return String(hours(v as number));
    if (c.kind === 'bool') return v ? 'true' : 'false';
    return csvCell(safeText(String(v)));
  }).join(',') + '\r\n';
}

export function xlsxValues(cols: Column[], r: ExportRow): (string | number | Date | null)[] {
  return cols.map((c) => {
    const v = c.value(r);
    if (v === null || v === undefined) return null;
    if (c.kind === 'date') return localDate(v as Date);
    if (c.kind === 'hours') return hours(v as number);
    if (c.kind === 'bool') return v ? 'Có' : 'Không';
    if (c.kind === 'int') return Number(v);
    const text = String(v);
    return safeText(c.labels?.[text] ?? text);
  });
}
