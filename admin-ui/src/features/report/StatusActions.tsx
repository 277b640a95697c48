/**
 * Status buttons following the lifecycle (received → in progress → answered →
 * closed, and reopen), plus the transfer button. The server has the last word
 * (409 invalid_transition names the allowed moves).
 */
import { useState } from 'react';
import { reports } from '../../api/endpoints';
import type { ReportDetail, ReportStatus } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const NEXT: Record<ReportStatus, { to: ReportStatus; key: MessageKey }[]> = {
  received: [{ to: 'in_progress', key: 'toInProgress' }, { to: 'answered', key: 'toAnswered' }],
  in_progress: [{ to: 'answered', key: 'toAnswered' }],
  answered: [{ to: 'closed', key: 'toClosed' }, { to: 'in_progress', key: 'reopen' }],
  closed: [{ to: 'in_progress', key: 'reopen' }],
};

interface Props { report: ReportDetail; onDone(message: string): void; onError(err: unknown): void; onTransfer(): void }

export function StatusActions({ report, onDone, onError, onTransfer }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const change = async (to: ReportStatus) => {
    setBusy(true);
    try {
      await reports.setStatus(report.id, to);
      onDone(t('statusChanged', { status: t(`st_${to}`) }));
    } catch (err) { onError(err); } finally { setBusy(false); }
  };
  return (
    <div className="actions" role="group" aria-label={t('actions')}>
      {NEXT[report.status].map((n) => (
        <button key={n.to} type="button" className={`btn status-btn to-${n.to}`} disabled={busy} onClick={() => void change(n.to)}>{t(n.key)}</button>
      ))}
      <button type="button" className="btn" onClick={onTransfer}>{t('transfer')}</button>
    </div>
  );
}
