/**
 * Phone numbers at the SMS edge: the sender of an inbound SMS becomes E.164 (the
 * sms identity's external id); a recipient is rendered in the style the gateway
 * wants (CHANNELS.md §5.3: eSMS/SpeedSMS `0…`, Twilio `+84…`).
 */
import { formatPhone, normalizePhone, type PhoneStyle } from '../../domain/phone.js';
import { PermanentError } from '../../lib/errors.js';

/** Inbound sender → E.164; a foreign "+<digits>" is kept as is; null when it is not a phone number. */
export function senderE164(raw: string | undefined): string | null {
  if (!raw) return null;
  const n = normalizePhone(raw);
  if (n.ok) return n.e164;
  const compact = raw.replace(/[\s\-().]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

/** Recipient in a Vietnamese gateway's style; a number that is not Vietnamese is a permanent failure. */
export function vnRecipient(e164: string, style: PhoneStyle): string {
  try {
    return formatPhone(e164, style);
  } catch {
    throw new PermanentError('recipient is not a Vietnamese phone number', 'invalid_number');
  }
}
