/**
 * Delivery state of a message to the citizen: queued ⏳, sent ✓, delivered ✓✓,
 * read ✓✓ (blue), failed/undeliverable in red with the provider's error code.
 * The symbol is decorative; the words are in the accessible name.
 */
import type { Channel, MessageStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const LOOK: Record<MessageStatus, { symbol: string; key: MessageKey; cls: string }> = {
  received: { symbol: '', key: 'tk_sent', cls: 'tick-none' },
  queued: { symbol: '⏳', key: 'tk_queued', cls: 'tick-queued' },
  sending: { symbol: '⏳', key: 'tk_queued', cls: 'tick-queued' },
  sent: { symbol: '✓', key: 'tk_sent', cls: 'tick-sent' },
  delivered: { symbol: '✓✓', key: 'tk_delivered', cls: 'tick-delivered' },
  read: { symbol: '✓✓', key: 'tk_read', cls: 'tick-read' },
  failed: { symbol: '⚠', key: 'tk_failed', cls: 'tick-failed' },
  undeliverable: { symbol: '⚠', key: 'tk_failed', cls: 'tick-failed' },
};

export function DeliveryTick({ status, channel, errorCode }: { status: MessageStatus; channel: Channel; errorCode: string | null }) {
  const { t } = useI18n();
  if (status === 'received') return null;
  const look = LOOK[status];
  // A web reply is "sent" the moment it is published on the lookup page.
  const label = channel === 'web' && status === 'sent' ? t('tk_web') : t(look.key);
  const failed = look.cls === 'tick-failed';
  return (
    <span className={`tick ${look.cls}`} data-status={status}>
      <span aria-hidden="true">{look.symbol}</span> {label}
      {failed && errorCode && <span className="tick-error"> — {t('errorCode', { code: errorCode })}</span>}
    </span>
  );
}
