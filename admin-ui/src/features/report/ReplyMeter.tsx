/** Characters, SMS segments and encoding (or Zalo's 2000 limit) under the reply box. */
import type { Channel, ReplyPreview } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export const MAX_REPLY = 2000;

export function ReplyMeter({ text, channel, preview }: { text: string; channel: Channel; preview: ReplyPreview | null }) {
  const { t } = useI18n();
  // The server counts UTF-16 units of the NFC text, like String.length.
  const length = text.normalize('NFC').trim().length;
  const over = length > MAX_REPLY;
  const bits: string[] = [];
  if (channel === 'zalo') bits.push(t('charsOf', { n: length, limit: MAX_REPLY }));
  else bits.push(t('chars', { n: length }));
  if (preview && channel === 'sms' && length > 0) {
    const encoding = preview.encoding === 'GSM-7' ? t('enc_gsm') : t('enc_ucs');
    bits.push(t('smsInfo', { segments: preview.segments, encoding }));
    if (preview.parts > 1) bits.push(t('smsParts', { parts: preview.parts }));
  }
  if (preview && channel === 'zalo' && preview.segments > 1) bits.push(t('zaloInfo', { segments: preview.segments }));
  const rendered = preview && channel === 'sms' && length > 0 && preview.text !== text.trim() ? preview.text : null;
  return (
    <div className="meter" id="reply-meter" aria-live="polite">
      <p className={over ? 'meter-line over' : 'meter-line'}>{bits.join(' · ')}</p>
      {over && <p className="field-error">{t('tooLong', { limit: MAX_REPLY })}</p>}
      {rendered && (
        <details className="rendered">
          <summary>{t('citizenGets')}</summary>
          <p className="rendered-text">{rendered}</p>
        </details>
      )}
    </div>
  );
}
