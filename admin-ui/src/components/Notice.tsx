/** Status and error lines: errors interrupt screen readers (alert), successes do not (status). */
import { useCallback } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

export interface NoticeState { kind: 'ok' | 'error'; text: string }

export function Notice({ notice, onDismiss }: { notice: NoticeState | null; onDismiss?: () => void }) {
  const { t } = useI18n();
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      {onDismiss && <button type="button" className="icon-button" onClick={onDismiss} aria-label={t('close')}>×</button>}
    </div>
  );
}

/** The message of an API error in the UI language (the server sends "vi / en"). */
export function useErrorText(): (err: unknown) => string {
  const { server } = useI18n();
  return useCallback((err: unknown) => server((err as ApiError | Error | undefined)?.message ?? String(err)), [server]);
}
