/**
 * Texts sent to citizens by the hub itself. Vietnamese first (NFC, full
 * diacritics); the SMS adapter renders them unaccented where a provider needs
 * GSM-7. English is used when the citizen chose it on the web.
 */
import { formatTrackingCode } from '../domain/tracking-code.js';

export function ackText(args: { code: string; unitName: string }): string {
  const code = formatTrackingCode(args.code);
  return `Cầu Nối: Đã tiếp nhận phản ánh của bạn, mã số ${code}, chuyển đến ${args.unitName}. Tra cứu: nhắn TC ${args.code}`;
}
