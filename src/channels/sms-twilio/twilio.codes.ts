/**
 * Twilio error codes and message statuses (https://www.twilio.com/docs/api/errors,
 * …/messaging/guides/webhook-request; CHANNELS.md §4.5).
 */
import type { InboundStatus } from '../types.js';

/** REST API errors on message create (HTTP 400 `{code, message}`). Unknown codes are permanent. */
export const TWILIO_SEND_ERRORS: Readonly<Record<string, { code: string; retryable?: true }>> = {
  '20003': { code: 'auth_failed' },
  '20429': { code: 'rate_limited', retryable: true },
  '21211': { code: 'invalid_number' },
  '21214': { code: 'invalid_number' },
  '21408': { code: 'region_not_enabled' },
  '21606': { code: 'invalid_sender' },
  '21610': { code: 'recipient_opted_out' },
  '21611': { code: 'sender_queue_full', retryable: true },
  '21612': { code: 'unroutable' },
  '21614': { code: 'not_a_mobile_number' },
  '30007': { code: 'filtered' },
};

/** Status callback `MessageStatus` → our status; null = an intermediate state (no event). */
export function twilioDeliveryStatus(status: string | undefined, errorCode: string | undefined):
  { status: InboundStatus['status']; errorCode?: string } | null {
  switch (status) {
    case 'sent': return { status: 'sent' };
    case 'delivered': return { status: 'delivered' };
    case 'read': return { status: 'read' };
    case 'undelivered':
    case 'failed':
      return { status: 'failed', errorCode: errorCode ? `twilio_${errorCode}` : `twilio_${status}` };
    case 'canceled': return { status: 'failed', errorCode: 'twilio_canceled' };
    default: return null; // accepted, queued, scheduled, sending, receiving, received
  }
}
