/** Small pieces shared by the notices screens: status and channel badges, unit lists, board links, time input. */
import type { NoticeChannel, NoticeStatus } from '../../api/notices';
import { useI18n } from '../../i18n/i18n';

export function NoticeStatusBadge({ status }: { status: NoticeStatus }) {
  const { t } = useI18n();
  return <span className={`badge nt-status nt-status-${status}`} data-status={status}>{t(`ntSt_${status}`)}</span>;
}

export function EmergencyBadge() {
  const { t } = useI18n();
  return <span className="badge nt-emergency">{t('ntEmergencyBadge')}</span>;
}

export function ChannelBadges({ channels }: { channels: readonly NoticeChannel[] }) {
  const { t } = useI18n();
  return (
    <span className="nt-channels">
      {channels.map((c) => <span key={c} className={`badge channel nt-ch-${c}`}>{t(`ntCh_${c}`)}</span>)}
    </span>
  );
}

/** Whole numbers with the language's grouping (1.234 / 1,234). */
export function useNumber(): (n: number) => string {
  const { lang } = useI18n();
  return (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

/** The public notice board of a unit (served by the api, no sign-in). */
export const boardPath = (smsCode: string) => `/thong-bao/${encodeURIComponent(smsCode)}`;

/** "22:00-06:00" → "22:00–06:00"; "off" → null. */
export function quietWindow(window: string | undefined): string | null {
  if (!window || window === 'off') return null;
  return window.replace('-', '–');
}

/**
 * A `datetime-local` value ("2026-03-14T07:30") read as Vietnam time, as the
 * panel shows every time (UTC+7 all year), → ISO 8601 with its offset.
 */
export function vietnamLocalToIso(local: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+07:00` : null;
}

/** Now (+ `minutes`) as a `datetime-local` value in Vietnam time. */
export function vietnamLocalNow(minutes = 0): string {
  const d = new Date(Date.now() + minutes * 60_000 + 7 * 3_600_000);
  return d.toISOString().slice(0, 16);
}
