/** The open report: header, actions, conversation and reply box, and beside them reporter, place, timeline. */
import { useState } from 'react';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { Composer } from './Composer';
import { Conversation } from './Conversation';
import { LocationCard } from './LocationCard';
import { ReportHeader } from './ReportHeader';
import { ReporterCard } from './ReporterCard';
import { StatusActions } from './StatusActions';
import { Timeline } from './Timeline';
import { TransferDialog } from './TransferDialog';
import { useReportView } from './useReportView';

interface Props { reportId: number; onBack(): void; onChanged(): void; replyRequest: number; takeReplyRequest(): boolean }

export function ReportPane({ reportId, onBack, onChanged, replyRequest, takeReplyRequest }: Props) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { view, error, gone, reload } = useReportView(reportId);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [transfer, setTransfer] = useState(false);
  const done = (text: string) => { setNotice({ kind: 'ok', text }); setTransfer(false); void reload(); onChanged(); };
  const failed = (err: unknown) => setNotice({ kind: 'error', text: errorText(err) });
  const back = <button type="button" className="btn btn-ghost back-button" onClick={onBack}>← {t('back')}</button>;

  if (!view) {
    const text = error?.status === 404 ? t(gone ? 'reportGone' : 'notFound') : error ? errorText(error) : null;
    return (
      <div className="report-empty">
        {back}
        {notice && <Notice notice={notice} />}
        {text ? <p className="notice notice-error" role="alert">{text}</p> : <p role="status">{t('loading')}</p>}
      </div>
    );
  }
  const r = view.report;
  return (
    <article className="report" aria-labelledby="report-title" data-report-id={r.id}>
      <div className="report-bar">{back}</div>
      <ReportHeader r={r} />
      <StatusActions report={r} onDone={done} onError={failed} onTransfer={() => setTransfer(true)} />
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <div className="report-body">
        <div className="report-main">
          <Conversation thread={view.thread} attachments={view.attachments} />
          <Composer report={r} onDone={done} onError={failed} replyRequest={replyRequest} takeReplyRequest={takeReplyRequest} />
        </div>
        <aside className="report-side">
          <ReporterCard reportId={r.id} reporter={view.reporter} />
          {r.location && <LocationCard lat={r.location.lat} lng={r.location.lng} />}
          <Timeline events={view.timeline} />
        </aside>
      </div>
      {transfer && <TransferDialog report={r} onClose={() => setTransfer(false)} onDone={done} />}
    </article>
  );
}
