/**
 * Reply to the citizen, or write an internal note. The reply box says which
 * channel the answer goes out on and what it costs there; "Gửi và đánh dấu đã
 * trả lời" also moves the report to answered.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { reports } from '../../api/endpoints';
import type { ReportDetail } from '../../api/types';
import { FieldError } from '../../components/FieldError';
import { useI18n } from '../../i18n/i18n';
import { CannedPicker } from './CannedPicker';
import { MAX_REPLY, ReplyMeter } from './ReplyMeter';
import { usePreview } from './usePreview';

interface Props {
  report: ReportDetail;
  onDone(message: string): void;
  onError(err: unknown): void;
  /** Changes when the officer presses 'r'; takeReplyRequest() says whether the request is still waiting. */
  replyRequest: number;
  takeReplyRequest(): boolean;
}

function useSubmit(onError: (err: unknown) => void) {
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldMessages>({});
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setFields({});
    try { await action(); } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else onError(err);
    } finally { setBusy(false); }
  };
  return { busy, fields, run };
}

function ReplyForm({ report, onDone, onError }: Pick<Props, 'report' | 'onDone' | 'onError'>) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const preview = usePreview(report.id, text);
  const { busy, fields, run } = useSubmit(onError);
  const closed = report.status === 'closed';
  const length = text.normalize('NFC').trim().length;
  const send = (markAnswered: boolean) => run(async () => {
    await reports.reply(report.id, text, markAnswered);
    setText('');
    onDone(t('replySent'));
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void send(false); };
  return (
    <form className="reply-form" onSubmit={submit}>
      <p className="reply-via">{t('replyVia', { channel: t(`via_${report.replyChannel}`) })}</p>
      {closed && <p className="notice notice-info">{t('closedNoReply')}</p>}
      <CannedPicker reportId={report.id} disabled={closed} onPick={(s) => setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n${s}` : s))} />
      <label htmlFor="reply-text">{t('replyLabel')}</label>
      <textarea id="reply-text" rows={5} value={text} disabled={closed} onChange={(e) => setText(e.target.value)}
        aria-describedby="reply-meter reply-text-err" onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e); }} />
      <FieldError id="reply-text-err" fields={fields} name="text" />
      <ReplyMeter text={text} channel={report.replyChannel} preview={preview} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || closed || length === 0 || length > MAX_REPLY}>
          {busy ? t('sending') : t('send')}
        </button>
        <button type="button" className="btn" disabled={busy || closed || length === 0 || length > MAX_REPLY} onClick={() => void send(true)}>
          {t('sendAnswered')}
        </button>
      </div>
    </form>
  );
}

function NoteForm({ report, onDone, onError }: Pick<Props, 'report' | 'onDone' | 'onError'>) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { busy, fields, run } = useSubmit(onError);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => { await reports.note(report.id, text); setText(''); onDone(t('noteSaved')); });
  };
  return (
    <form className="note-form" onSubmit={submit}>
      <p className="muted small">{t('noteHint')}</p>
      <label htmlFor="note-text">{t('noteLabel')}</label>
      <textarea id="note-text" rows={4} value={text} maxLength={5000} onChange={(e) => setText(e.target.value)} aria-describedby="note-text-err" />
      <FieldError id="note-text-err" fields={fields} name="text" />
      <div className="form-actions">
        <button type="submit" className="btn btn-note" disabled={busy || !text.trim()}>{t('addNote')}</button>
      </div>
    </form>
  );
}

export function Composer(props: Props) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'reply' | 'note'>('reply');
  // 'r' in the inbox (possibly pressed before this report finished loading): show the reply box, cursor in it.
  const { replyRequest, takeReplyRequest } = props;
  useEffect(() => {
    if (!takeReplyRequest()) return;
    setTab('reply');
    window.requestAnimationFrame(() => document.getElementById('reply-text')?.focus());
  }, [replyRequest, takeReplyRequest]);
  return (
    <section className={`composer composer-${tab}`} aria-label={tab === 'reply' ? t('tabReply') : t('tabNote')}>
      <div className="tabs composer-tabs" role="group">
        <button type="button" className="tab" aria-pressed={tab === 'reply'} onClick={() => setTab('reply')}>{t('tabReply')}</button>
        <button type="button" className="tab" aria-pressed={tab === 'note'} onClick={() => setTab('note')}>{t('tabNote')}</button>
      </div>
      {tab === 'reply' ? <ReplyForm {...props} /> : <NoteForm {...props} />}
    </section>
  );
}
