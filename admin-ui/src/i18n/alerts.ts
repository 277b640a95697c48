/** Messages of the administrators' alert bar, Vietnamese (full diacritics, NFC) and English; merged into vi.ts / en.ts. */
export const alertsVi = {
  alertsLabel: 'Cảnh báo cho quản trị viên',
  alertResolve: 'Đánh dấu đã xử lý',
  alertSince: 'từ {time}',
  zaloTokensOpen: 'Nhập mã Zalo OA mới',
  zaloTokensTitle: 'Cấp lại quyền cho Zalo OA',
  zaloTokensHelp: 'Vào Zalo for Developers → ứng dụng của Cầu Nối → cấp quyền lại cho Official Account, sao chép refresh token (và access token nếu có) rồi dán vào đây. Mã được lưu trong cơ sở dữ liệu, không hiển thị lại.',
  zaloRefreshToken: 'Refresh token',
  zaloAccessToken: 'Access token (không bắt buộc)',
  zaloTokensSave: 'Lưu mã mới',
  zaloTokensSaved: 'Đã lưu mã Zalo OA mới. Tin nhắn Zalo sẽ được gửi lại.',
} as const;

export const alertsEn: Record<keyof typeof alertsVi, string> = {
  alertsLabel: 'Alerts for administrators',
  alertResolve: 'Mark as handled',
  alertSince: 'since {time}',
  zaloTokensOpen: 'Enter new Zalo OA tokens',
  zaloTokensTitle: 'Re-authorise the Zalo OA',
  zaloTokensHelp: 'In Zalo for Developers → the Cầu Nối app → re-authorise the Official Account, copy the refresh token (and the access token if you have it) and paste them here. They are stored in the database and never shown again.',
  zaloRefreshToken: 'Refresh token',
  zaloAccessToken: 'Access token (optional)',
  zaloTokensSave: 'Save the new tokens',
  zaloTokensSaved: 'The new Zalo OA tokens are saved. Zalo messages will go out again.',
};
