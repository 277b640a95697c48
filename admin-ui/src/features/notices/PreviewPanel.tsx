/**
 * What the draft will do, from the server's preview: the SMS as the citizen
 * reads it (encoding, segments, the unaccented rendering), the Zalo text, the
 * recipients and messages it makes, and whether a second leader must approve.
 */
import type { NoticeChannel, NoticePreview } from '../../api/notices';
import { useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import type { PreviewState } from './useNoticePreview';
import { boardPath, quietWindow, useNumber } from './NoticeBits';

interface Props {
  state: PreviewState;
  channels: readonly NoticeChannel[];
  emergency: boolean;
  scheduled: boolean;
  boardCodes: readonly string[];
}

function SmsFacts({ p }: { p: NoticePreview }) {
  const { t } = useI18n();
  const num = useNumber();
  const gsm = p.sms.encoding === 'GSM-7';
  return (
    <div className="nt-pv-block" data-testid="preview-sms">
      <h3>{t('ntPvSms')}</h3>
      <p className="nt-pv-facts">
        <strong className="nt-pv-segments">{t('ntPvSegments', { n: num(p.sms.segments) })}</strong>
        <span className={gsm ? 'badge nt-enc nt-enc-gsm' : 'badge nt-enc nt-enc-ucs'} data-encoding={p.sms.encoding ?? ''}>{p.sms.encoding}</span>
        <span className="muted">{t('ntPvChars', { n: num(p.sms.chars), limit: num(p.sms.limit ?? 0) })}</span>
      </p>
      <p className="small muted">{gsm ? t('ntPvGsmHint') : t('ntPvUcsHint')}</p>
      {p.sms.parts > 1 && <p className="small nt-warn-text">{t('ntPvParts', { n: p.sms.parts })}</p>}
      <p className="nt-pv-label small">{p.unaccented === p.sms.text ? t('ntPvCitizenSmsPlain') : t('ntPvCitizenSms')}</p>
      <pre className="nt-pv-text" data-testid="preview-sms-text">{p.sms.text}</pre>
      {p.unaccented !== p.sms.text && (
        <details className="nt-pv-more">
          <summary>{t('ntPvUnaccented')}</summary>
          <pre className="nt-pv-text" data-testid="preview-unaccented">{p.unaccented}</pre>
        </details>
      )}
    </div>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Audience({ p, channels }: { p: NoticePreview; channels: readonly NoticeChannel[] }) {
  const { t } = useI18n();
  const num = useNumber();
  const personal = channels.includes('sms') || channels.includes('zalo');
  const by = p.recipients.byChannel;
  const split = ([['zalo', 'ntViaZalo'], ['zns', 'ntViaZns'], ['sms', 'ntViaSms'], ['none', 'ntViaNone']] as const)
    .filter(([k]) => by[k] > 0).map(([k, key]) => t(key, { n: num(by[k]) }));
  if (!personal) return <p className="nt-pv-block">{t('ntPvBoardOnly')}</p>;
  return (
    <div className="nt-pv-block">
      <p className="nt-pv-big">
        <span data-testid="preview-recipients">{t('ntPvRecipients', { n: num(p.recipients.total) })}</span>
        <span data-testid="preview-messages">{t('ntPvMessages', { n: num(p.estimatedMessages.total) })}</span>
      </p>
      {split.length > 0 && <p className="small muted">{capitalize(split.join(' · '))}</p>}
      {p.estimatedMessages.sms > 0 && <p className="small muted">{t('ntPvSmsCount', { n: num(p.estimatedMessages.sms) })}</p>}
      {p.recipients.optedOut > 0 && <p className="small">{t('ntPvOptedOut', { n: num(p.recipients.optedOut) })}</p>}
      {p.recipients.total === 0 && <p className="small nt-warn-text">{t('ntPvNobody')}</p>}
    </div>
  );
}

export function PreviewPanel({ state, channels, emergency, scheduled, boardCodes }: Props) {
  const { t, fmt, field } = useI18n();
  const errorText = useErrorText();
  const num = useNumber();
  const p = state.preview;
  return (
    <section className="nt-preview card" aria-labelledby="nt-preview-title" aria-busy={state.pending}>
      <header className="nt-preview-head">
        <h2 id="nt-preview-title">{t('ntPreview')}</h2>
        <span className="small muted" role="status">{state.pending ? t('ntPvUpdating') : ''}</span>
      </header>
      {!p && !state.pending && <p className="muted">{t('ntPvNeedInput')}</p>}
      {state.error != null && <p className="notice notice-error" role="alert">{errorText(state.error)}</p>}
      {p && (
        <div className={state.pending ? 'nt-pv-body is-stale' : 'nt-pv-body'}>
          <div className={p.approval.required ? 'nt-approval nt-approval-needed' : 'nt-approval nt-approval-none'} data-testid="preview-approval"
            data-required={p.approval.required}>
            {p.approval.required
              ? t('ntPvApprovalNeeded', { n: num(p.approval.threshold) })
              : t('ntPvApprovalNone', { n: num(p.approval.threshold) })}
          </div>
          <Audience p={p} channels={channels} />
          {channels.includes('sms') && <SmsFacts p={p} />}
          {channels.includes('zalo') && (
            <div className="nt-pv-block">
              <h3>{t('ntPvZalo')}</h3>
              {p.recipients.byChannel.zalo + p.recipients.byChannel.zns > 0 || p.recipients.total === 0
                ? <pre className="nt-pv-text">{p.zalo.text}</pre>
                : <p className="small muted">{t('ntPvNoZalo')}</p>}
            </div>
          )}
          {channels.includes('board') && boardCodes.length > 0 && (
            <p className="nt-pv-block small">{t('ntPvBoard')} {boardCodes.map((c) => boardPath(c)).join(', ')}</p>
          )}
          {!emergency && !scheduled && p.quietHours.heldUntil && (
            <p className="notice notice-info small">{t('ntPvHeld', { window: quietWindow(p.quietHours.window) ?? '', time: fmt.dateTime(p.quietHours.heldUntil) })}</p>
          )}
          <p className="small muted">{field(p.optOutNote)}</p>
        </div>
      )}
    </section>
  );
}
