/**
 * The citizen pages' message catalogue: Vietnamese (NFC, full diacritics) and
 * English, one key each.
 */
export type Lang = 'vi' | 'en';

const vi = {
  appName: 'Cầu Nối',
  tagline: 'Gửi phản ánh, kiến nghị đến chính quyền địa phương',
  switchLang: 'English',
  formTitle: 'Gửi phản ánh',
  commune: 'Xã, thị trấn hoặc phòng ban',
  choose: '— Chọn —',
  category: 'Lĩnh vực',
  description: 'Nội dung phản ánh',
  descriptionHint: 'Mô tả sự việc: ở đâu, khi nào, như thế nào.',
  photos: 'Ảnh (tối đa 5 ảnh, mỗi ảnh ≤ 5 MB)',
  name: 'Họ và tên (không bắt buộc)',
  phone: 'Số điện thoại (không bắt buộc, để nhận trả lời qua SMS)',
  location: 'Gửi kèm vị trí hiện tại của tôi',
  consent: 'Tôi đồng ý để cơ quan nhà nước xử lý dữ liệu cá nhân tôi cung cấp nhằm giải quyết phản ánh này (Luật Bảo vệ dữ liệu cá nhân 2025).',
  submit: 'Gửi phản ánh',
  errorsTitle: 'Vui lòng kiểm tra lại:',
  lookupTitle: 'Tra cứu phản ánh',
  lookupHint: 'Nhập mã tra cứu 9 chữ số',
  lookupButton: 'Tra cứu',
  orSms: 'Hoặc nhắn tin: PA <mã xã> <nội dung> gửi tổng đài của huyện.',
  sentTitle: 'Đã gửi phản ánh',
  yourCode: 'Mã tra cứu của bạn',
  keepCode: 'Hãy ghi lại mã này để tra cứu kết quả. Tra cứu qua SMS: nhắn TC <mã>.',
  status: 'Trạng thái',
  unit: 'Đơn vị xử lý',
  receivedAt: 'Ngày tiếp nhận',
  timeline: 'Quá trình xử lý',
  replies: 'Trả lời của cơ quan',
  noReplies: 'Chưa có trả lời.',
  notFound: 'Không tìm thấy phản ánh với mã này.',
  sendAnother: 'Gửi phản ánh khác',
  st_received: 'Đã tiếp nhận',
  st_in_progress: 'Đang xử lý',
  st_answered: 'Đã trả lời',
  st_closed: 'Đã kết thúc',
  ev_received: 'Tiếp nhận phản ánh',
  ev_routed: 'Chuyển đến đơn vị xử lý',
  ev_acknowledged: 'Gửi xác nhận tiếp nhận',
  ev_reply_sent: 'Cơ quan trả lời',
  ev_transferred: 'Chuyển đơn vị xử lý',
  ev_status_changed: 'Cập nhật trạng thái',
  ev_reopened: 'Mở lại để xem xét',
  ev_rated: 'Người dân đánh giá',
  privacy: 'Thông tin cá nhân của bạn chỉ dùng để giải quyết phản ánh và không hiển thị công khai.',
};
export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  appName: 'Cầu Nối',
  tagline: 'Send feedback and requests to your local government',
  switchLang: 'Tiếng Việt',
  formTitle: 'Send a report',
  commune: 'Commune, town or department',
  choose: '— Choose —',
  category: 'Category',
  description: 'Your report',
  descriptionHint: 'Describe what happened: where, when, how.',
  photos: 'Photos (up to 5, each ≤ 5 MB)',
  name: 'Full name (optional)',
  phone: 'Phone number (optional, to get the answer by SMS)',
  location: 'Attach my current location',
  consent: 'I agree that the authorities may process the personal data I give in order to handle this report (Personal Data Protection Law 2025).',
  submit: 'Send report',
  errorsTitle: 'Please check:',
  lookupTitle: 'Track a report',
  lookupHint: 'Enter the 9-digit tracking code',
  lookupButton: 'Track',
  orSms: 'Or send an SMS: PA <commune code> <text> to the district number.',
  sentTitle: 'Report sent',
  yourCode: 'Your tracking code',
  keepCode: 'Keep this code to follow your report. By SMS: send TC <code>.',
  status: 'Status',
  unit: 'Handled by',
  receivedAt: 'Received',
  timeline: 'Progress',
  replies: 'Answers',
  noReplies: 'No answer yet.',
  notFound: 'No report has this code.',
  sendAnother: 'Send another report',
  st_received: 'Received',
  st_in_progress: 'In progress',
  st_answered: 'Answered',
  st_closed: 'Closed',
  ev_received: 'Report received',
  ev_routed: 'Sent to the responsible unit',
  ev_acknowledged: 'Receipt confirmed',
  ev_reply_sent: 'Authority answered',
  ev_transferred: 'Transferred to another unit',
  ev_status_changed: 'Status updated',
  ev_reopened: 'Reopened for review',
  ev_rated: 'Citizen rated the answer',
  privacy: 'Your personal data is used only to handle your report and is never shown publicly.',
};

const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };

export function t(lang: Lang, key: MessageKey): string {
  return catalogues[lang][key];
}

export function pickLang(query: unknown, cookie: unknown): Lang {
  if (query === 'en' || query === 'vi') return query;
  return cookie === 'en' ? 'en' : 'vi';
}
