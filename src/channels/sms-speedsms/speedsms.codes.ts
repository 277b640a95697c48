/**
 * SpeedSMS error codes and delivery statuses (https://speedsms.vn/sms-api/;
 * CHANNELS.md §4.2). The webhook payload `{type, tranId, phone, status}` comes
 * from a client library, not the vendor page — UNVERIFIED.
 */
import type { InboundStatus } from '../types.js';

/** Send errors (`{status:"error", code}`): 500 is the provider's own failure, the rest are permanent. */
export const SPEEDSMS_SEND_ERRORS: Readonly<Record<string, { code: string; message: string; retryable?: true }>> = {
  '007': { code: 'ip_locked', message: 'SpeedSMS 007: IP locked' },
  '008': { code: 'account_blocked', message: 'SpeedSMS 008: account blocked' },
  '009': { code: 'api_not_allowed', message: 'SpeedSMS 009: API access not allowed' },
  '101': { code: 'bad_request', message: 'SpeedSMS 101: invalid parameters' },
  '105': { code: 'invalid_number', message: 'SpeedSMS 105: invalid phone number' },
  '110': { code: 'encoding_not_supported', message: 'SpeedSMS 110: encoding not supported' },
  '113': { code: 'content_too_long', message: 'SpeedSMS 113: content too long' },
  '300': { code: 'insufficient_balance', message: 'SpeedSMS 300: insufficient balance' },
  '500': { code: 'provider_error', message: 'SpeedSMS 500: internal error', retryable: true },
};

/** Report `status`: 0 delivered; 1–63 temporary failure (still trying: no event); ≥ 64 failed. */
export function speedSmsDeliveryStatus(raw: string | undefined): { status: InboundStatus['status']; errorCode?: string } | null {
  const n = Number(raw);
  if (raw === undefined || raw === '' || !Number.isInteger(n) || n < 0) return null;
  if (n === 0) return { status: 'delivered' };
  if (n < 64) return null;
  return { status: 'failed', errorCode: `speedsms_${n}` };
}
