/**
 * Texts the hub answers SMS commands with. Vietnamese with full diacritics
 * (NFC); the SMS adapter renders them "không dấu" when the gateway needs GSM-7.
 * Short enough to fit one unaccented SMS with a typical PUBLIC_BASE_URL.
 * Never any personal data: `TC` answers anyone holding a code.
 */
import { formatTrackingCode } from '../../domain/tracking-code.js';
import type { ReportStatus } from '../../db/schema/index.js';

const STATUS_VI: Record<ReportStatus, string> = {
  received: 'Đã tiếp nhận',
  in_progress: 'Đang xử lý',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
};

const ddmmyyyy = (d: Date) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

export const smsReplies = {
  unknownUnit: (code: string, command: 'PA' | 'DK' | 'HUY') =>
    command === 'PA'
      ? `Cầu Nối: Không có mã xã ${code}. Soạn PA <mã xã> <nội dung>, ví dụ PA TRAPHU Đường bị sạt lở`
      : `Cầu Nối: Không có mã xã ${code}. Soạn ${command} <mã xã>, ví dụ ${command} TRAPHU`,
  badCode: (code: string) => `Cầu Nối: Mã ${code} không đúng, vui lòng kiểm tra lại. Soạn TC <mã 9 số>, ví dụ TC 482910375`,
  notFound: (code: string) => `Cầu Nối: Không tìm thấy phản ánh mã ${formatTrackingCode(code)}.`,
  status: (a: { code: string; status: ReportStatus; unitName: string | null; dueAt: Date | null; baseUrl: string | null }) => {
    const unit = a.unitName ? ` (${a.unitName})` : '';
    const due = a.dueAt && (a.status === 'received' || a.status === 'in_progress') ? ` Hạn: ${ddmmyyyy(a.dueAt)}.` : '';
    const link = a.baseUrl ? ` Chi tiết: ${a.baseUrl.replace(/\/+$/, '')}/tra-cuu/${a.code}` : '';
    return `Cầu Nối: Phản ánh ${formatTrackingCode(a.code)}${unit}: ${STATUS_VI[a.status]}.${due}${link}`;
  },
  subscribed: (unitName: string) => `Cầu Nối: Bạn đã đăng ký nhận thông báo của ${unitName}. Soạn HUY để ngừng.`,
  unsubscribed: (unitName: string | null) =>
    `Cầu Nối: Bạn đã ngừng nhận thông báo${unitName ? ` của ${unitName}` : ''}. Soạn DK <mã xã> để đăng ký lại.`,
  rated: (score: number, code: string) => `Cầu Nối: Cảm ơn bạn đã đánh giá ${score}/5 cho phản ánh ${formatTrackingCode(code)}.`,
  reopened: (score: number, code: string, unitName: string) =>
    `Cầu Nối: Cảm ơn bạn đã đánh giá ${score}/5. Phản ánh ${formatTrackingCode(code)} được mở lại để ${unitName} xử lý tiếp.`,
};
