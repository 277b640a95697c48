/**
 * eSMS result codes and delivery statuses (https://developers.esms.vn/en/esms-api/table-of-error-codes,
 * …/esms-api/callback-url; CHANNELS.md §4.1). `100` only means "accepted by eSMS";
 * delivery arrives later on the callback.
 */
import type { InboundStatus } from '../types.js';

export const ESMS_ACCEPTED = '100';
/** Duplicate RequestId: eSMS already took this exact send (our retry after it accepted). */
export const ESMS_DUPLICATE_REQUEST = '124';

/** Send errors: all permanent for this message (our label, what it means). */
export const ESMS_SEND_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
  '99': { code: 'number_blocked', message: 'eSMS 99: recipient number blocked' },
  '101': { code: 'auth_failed', message: 'eSMS 101: wrong ApiKey/SecretKey' },
  '102': { code: 'no_price_list', message: 'eSMS 102: account has no price list' },
  '103': { code: 'insufficient_balance', message: 'eSMS 103: insufficient balance' },
  '104': { code: 'brandname_not_found', message: 'eSMS 104: brandname not registered' },
  '108': { code: 'invalid_number', message: 'eSMS 108: invalid phone number' },
  '118': { code: 'unsupported_type', message: 'eSMS 118: SmsType not supported' },
  '140': { code: 'ip_not_whitelisted', message: 'eSMS 140: server IP not whitelisted' },
  '146': { code: 'template_mismatch', message: 'eSMS 146: content does not match a registered template' },
  '177': { code: 'network_not_registered', message: 'eSMS 177: carrier not registered for this brandname' },
};

/**
 * Delivery report `SendStatus`: 1 pending approval, 2 waiting, 7 sent to the
 * carrier awaiting its report (no event yet); 4 rejected; 5 sent — delivered
 * unless the counts say it failed.
 */
export function esmsDeliveryStatus(p: { SendStatus?: string; SendSuccess?: string; SendFailed?: string }):
  { status: InboundStatus['status']; errorCode?: string } | null {
  switch (p.SendStatus) {
    case '5': {
      const failed = Number(p.SendFailed ?? '0');
      const ok = Number(p.SendSuccess ?? '1');
      return failed > 0 && !(ok > 0) ? { status: 'failed', errorCode: 'esms_send_failed' } : { status: 'delivered' };
    }
    case '4':
      return { status: 'failed', errorCode: 'esms_rejected' };
    default:
      return null;
  }
}
