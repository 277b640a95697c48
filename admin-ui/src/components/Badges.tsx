/** Small labelled badges: report status, channel, priority, overdue, unread. */
import type { Channel, ReportStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';

export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`st_${status}`)}</span>;
}

export function ChannelBadge({ channel }: { channel: Channel }) {
  const { t } = useI18n();
  return <span className={`badge channel channel-${channel}`}>{t(`ch_${channel}`)}</span>;
}

export function FlagBadge({ kind }: { kind: 'overdue' | 'urgent' | 'triage' }) {
  const { t } = useI18n();
  return <span className={`badge flag-${kind}`}>{t(kind)}</span>;
}

/** "482910375" → "482-910-375", as citizens see it. */
export function formatCode(code: string): string {
  return /^\d{9}$/.test(code) ? `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}` : code;
}
