/**
 * Compose a notice: title, text, audience, channels, emergency, time, topic;
 * beside it the live preview. Sending asks for a confirmation that repeats
 * what the preview says (recipients, messages, approval). Field errors from
 * the server are shown under their fields, in the UI language.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { notices, NOTICE_CHANNELS, type NoticeChannel, type NoticeDraft } from '../../api/notices';
import type { User } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { useErrorText } from '../../components/Notice';
import { translate, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { navigate } from '../../lib/router';
import { AudiencePicker } from './AudiencePicker';
import { quietWindow, useNumber, vietnamLocalNow, vietnamLocalToIso } from './NoticeBits';
import { PreviewPanel } from './PreviewPanel';
import { useNoticePreview } from './useNoticePreview';
import { useScopeUnits } from './useScopeUnits';

const MAX_TITLE = 150;
const MAX_TEXT = 1000;

interface Values {
  title: string; text: string; unitCodes: string[]; channels: NoticeChannel[];
  emergency: boolean; when: 'now' | 'later'; at: string; topic: string;
}
const EMPTY: Values = { title: '', text: '', unitCodes: [], channels: ['sms', 'zalo', 'board'], emergency: false, when: 'now', at: '', topic: '' };

const len = (s: string) => s.normalize('NFC').trim().length;

function Counter({ id, n, max }: { id: string; n: number; max: number }) {
  return <span id={id} className={n > max ? 'nt-counter over' : 'nt-counter'}>{n}/{max}</span>;
}

export function ComposeForm({ user, onCreated }: { user: User; onCreated(text: string): void }) {
  const { t, fmt } = useI18n();
  const errorText = useErrorText();
  const num = useNumber();
  const scope = useScopeUnits();
  const [v, setV] = useState<Values>(EMPTY);
  const [fields, setFields] = useState<FieldMessages>({});
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const preview = useNoticePreview({ title: v.title, text: v.text, unitCodes: v.unitCodes, channels: v.channels, emergency: v.emergency });
  const p = preview.preview;
  // Server errors of the last submit win; the live preview's show until then.
  const shownFields: FieldMessages = { ...preview.fields, ...fields };

  const set = (patch: Partial<Values>, ...clear: string[]) => {
    setV((old) => ({ ...old, ...patch }));
    if (clear.length) setFields((f) => Object.fromEntries(Object.entries(f).filter(([k]) => !clear.includes(k))));
  };
  const toggleChannel = (c: NoticeChannel, on: boolean) =>
    set({ channels: on ? NOTICE_CHANNELS.filter((x) => x === c || v.channels.includes(x)) : v.channels.filter((x) => x !== c) }, 'channels');

  const draft = (): NoticeDraft => {
    const d: NoticeDraft = { title: v.title, text: v.text, unitCodes: v.unitCodes, channels: v.channels, emergency: v.emergency };
    if (v.when === 'later') d.scheduledAt = vietnamLocalToIso(v.at) ?? v.at;
    if (v.topic.trim()) d.topic = v.topic.trim();
    return d;
  };

  const check = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: FieldMessages = {};
    // Only what is plainly missing; lengths and formats are the server's to judge (its messages come back per field).
    const need = (k: string, key: MessageKey) => { local[k] = { vi: translate('vi', key), en: translate('en', key) }; };
    if (len(v.title) === 0) need('title', 'ntErrTitle');
    if (len(v.text) === 0) need('text', 'ntErrText');
    if (v.unitCodes.length === 0) need('unitCodes', 'ntErrUnits');
    if (v.channels.length === 0) need('channels', 'ntErrChannels');
    if (v.when === 'later' && !vietnamLocalToIso(v.at)) need('scheduledAt', 'ntErrWhen');
    setFields(local);
    if (Object.keys(local).length === 0) setConfirming(true);
    else document.getElementById(`nt-${Object.keys(local)[0]}`)?.focus();
  };

  const send = async () => {
    setBusy(true);
    try {
      const created = await notices.create(draft());
      setConfirming(false);
      onCreated(created.status === 'pending_approval' ? t('ntCreatedPending') : created.status === 'scheduled' ? t('ntCreatedScheduled') : t('ntCreatedSending'));
      navigate({ name: 'notices', noticeId: created.id });
    } catch (err) {
      setConfirming(false);
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        setFields(err.fields);
        setError(t('ntFixFields'));
      } else setError(errorText(err));
    } finally { setBusy(false); }
  };

  const quiet = p ? quietWindow(p.quietHours.window) : '22:00–06:00';
  const boardCodes = v.channels.includes('board') ? v.unitCodes : [];
  return (
    <div className="nt-compose">
      <form className="nt-form card" onSubmit={check} noValidate aria-labelledby="nt-compose-title">
        <h2 id="nt-compose-title">{t('ntCompose')}</h2>
        <p className="small muted">{t('ntSenderIs', { name: p?.senderName ?? user.unit.name })}</p>
        {error && <p className="notice notice-error" role="alert">{error}</p>}
        <FieldError id="nt-form-err" fields={shownFields} name="form" />

        <div className="nt-label-row">
          <label htmlFor="nt-title">{t('ntTitle')}</label>
          <Counter id="nt-title-count" n={len(v.title)} max={MAX_TITLE} />
        </div>
        <input id="nt-title" value={v.title} maxLength={MAX_TITLE + 50} onChange={(e) => set({ title: e.target.value }, 'title')}
          aria-describedby="nt-title-err nt-title-count" aria-invalid={!!shownFields.title} />
        <FieldError id="nt-title-err" fields={shownFields} name="title" />

        <div className="nt-label-row">
          <label htmlFor="nt-text">{t('ntText')}</label>
          <Counter id="nt-text-count" n={len(v.text)} max={MAX_TEXT} />
        </div>
        <textarea id="nt-text" rows={6} value={v.text} onChange={(e) => set({ text: e.target.value }, 'text')}
          aria-describedby="nt-text-hint nt-text-err nt-text-count" aria-invalid={!!shownFields.text} />
        <p id="nt-text-hint" className="small muted">{t('ntTextHint')}</p>
        <FieldError id="nt-text-err" fields={shownFields} name="text" />

        <h3 className="nt-section" id="nt-unitCodes" tabIndex={-1}>{t('ntAudience')}</h3>
        <p id="nt-audience-hint" className="small muted">{t('ntAudienceHint')}</p>
        <AudiencePicker scope={scope} selected={v.unitCodes} onChange={(unitCodes) => set({ unitCodes }, 'unitCodes')} describedBy="nt-audience-hint nt-units-err" />
        <FieldError id="nt-units-err" fields={shownFields} name="unitCodes" />

        <fieldset className="nt-fieldset" aria-describedby="nt-channels-err">
          <legend id="nt-channels" tabIndex={-1}>{t('ntChannels')}</legend>
          {NOTICE_CHANNELS.map((c) => (
            <label key={c} className="check nt-channel">
              <input type="checkbox" checked={v.channels.includes(c)} onChange={(e) => toggleChannel(c, e.target.checked)} />
              <span><strong>{t(`ntCh_${c}`)}</strong> <span className="small muted">{t(`ntChHint_${c}`)}</span></span>
            </label>
          ))}
          <FieldError id="nt-channels-err" fields={shownFields} name="channels" />
        </fieldset>

        <div className={v.emergency ? 'nt-emergency-box is-on' : 'nt-emergency-box'}>
          <label className="check">
            <input type="checkbox" id="nt-emergency" checked={v.emergency} onChange={(e) => set({ emergency: e.target.checked }, 'emergency')}
              aria-describedby="nt-emergency-hint nt-emergency-err" />
            <strong>{t('ntEmergency')}</strong>
          </label>
          <div id="nt-emergency-hint" className="small">
            <p>{quiet ? t('ntEmergencyQuiet', { window: quiet }) : t('ntEmergencyNoQuiet')}</p>
            <p>{t('ntEmergencyOptOut')}</p>
            <p>{t('ntEmergencyText')}</p>
          </div>
          <FieldError id="nt-emergency-err" fields={shownFields} name="emergency" />
        </div>

        <fieldset className="nt-fieldset" aria-describedby="nt-when-err">
          <legend>{t('ntWhen')}</legend>
          <label className="check"><input type="radio" name="nt-when" checked={v.when === 'now'} onChange={() => set({ when: 'now' }, 'scheduledAt')} />{t('ntWhenNow')}</label>
          <label className="check"><input type="radio" name="nt-when" checked={v.when === 'later'}
            onChange={() => set({ when: 'later', at: v.at || vietnamLocalNow(60) }, 'scheduledAt')} />{t('ntWhenLater')}</label>
          {v.when === 'later' && (
            <>
              <label htmlFor="nt-scheduledAt">{t('ntWhenAt')}</label>
              <input id="nt-scheduledAt" type="datetime-local" value={v.at} min={vietnamLocalNow()} max={vietnamLocalNow(60 * 24 * 60)}
                onChange={(e) => set({ at: e.target.value }, 'scheduledAt')} aria-invalid={!!shownFields.scheduledAt} />
            </>
          )}
          <FieldError id="nt-when-err" fields={shownFields} name="scheduledAt" />
        </fieldset>

        <details className="nt-more" open={!!shownFields.topic}>
          <summary>{t('ntMore')}</summary>
          <label htmlFor="nt-topic">{t('ntTopic')}</label>
          <input id="nt-topic" value={v.topic} autoCapitalize="none" spellCheck={false} placeholder="lich-tiem-chung"
            onChange={(e) => set({ topic: e.target.value }, 'topic')} aria-describedby="nt-topic-hint nt-topic-err" />
          <p id="nt-topic-hint" className="small muted">{t('ntTopicHint')}</p>
          <FieldError id="nt-topic-err" fields={shownFields} name="topic" />
        </details>

        <div className="form-actions">
          <button type="submit" className={v.emergency ? 'btn btn-primary nt-send-emergency' : 'btn btn-primary'} disabled={busy}>
            {v.emergency ? t('ntSendEmergency') : v.when === 'later' ? t('ntSchedule') : t('ntSend')}
          </button>
          <button type="button" className="btn" onClick={() => { setV(EMPTY); setFields({}); setError(null); }}>{t('ntClear')}</button>
        </div>
      </form>

      <PreviewPanel state={preview} channels={v.channels} emergency={v.emergency} scheduled={v.when === 'later'} boardCodes={boardCodes} />

      {confirming && (
        <Dialog title={v.emergency ? t('ntConfirmEmergencyTitle') : t('ntConfirmTitle')} onClose={() => setConfirming(false)}>
          <div className="dialog-body">
            <p><strong>{v.title.trim()}</strong></p>
            <ul className="nt-confirm-list">
              <li>{t('ntConfirmUnits', { units: (scope.units ?? []).filter((u) => v.unitCodes.includes(u.smsCode!)).map((u) => u.name).join(', ') })}</li>
              <li>{t('ntConfirmChannels', { channels: v.channels.map((c) => t(`ntCh_${c}`)).join(', ') })}</li>
              {p && <li>{t('ntConfirmCost', { people: num(p.recipients.total), messages: num(p.estimatedMessages.total) })}</li>}
              {v.when === 'later' && <li>{t('ntConfirmAt', { time: fmt.dateTime(vietnamLocalToIso(v.at) ?? v.at) })}</li>}
            </ul>
            {p?.approval.required && <p className="nt-approval nt-approval-needed">{t('ntConfirmApproval')}</p>}
            {v.emergency && <p className="notice notice-error">{t('ntConfirmEmergency')}</p>}
            <div className="form-actions">
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void send()}>
                {busy ? t('sending') : p?.approval.required ? t('ntConfirmSubmit') : t('ntConfirmSend')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirming(false)}>{t('cancel')}</button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
}
