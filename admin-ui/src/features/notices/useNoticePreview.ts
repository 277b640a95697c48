/**
 * The live preview of a draft (POST /api/notices/preview, which stores
 * nothing): asked 400 ms after the last change; answers to an older draft are
 * dropped. Field errors of the preview (e.g. a unit outside the scope) are
 * returned so the form can show them beside the fields.
 */
import { useEffect, useState } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { notices, type NoticeDraft, type NoticePreview } from '../../api/notices';

export type PreviewDraft = Pick<NoticeDraft, 'title' | 'text' | 'unitCodes' | 'channels' | 'emergency'>;

export interface PreviewState {
  preview: NoticePreview | null;
  /** True while an answer for the current draft is awaited. */
  pending: boolean;
  fields: FieldMessages;
  error: unknown;
}

const DEBOUNCE_MS = 400;

export function useNoticePreview(draft: PreviewDraft): PreviewState {
  const key = JSON.stringify(draft);
  const ready = draft.unitCodes.length > 0 && draft.channels.length > 0;
  const [state, setState] = useState<{ key: string; value: NoticePreview | null; fields: FieldMessages; error: unknown }>(
    { key: '', value: null, fields: {}, error: null },
  );
  useEffect(() => {
    if (!ready) return undefined;
    let live = true;
    const timer = window.setTimeout(() => {
      notices.preview(JSON.parse(key) as PreviewDraft).then(
        (value) => { if (live) setState({ key, value, fields: {}, error: null }); },
        (err: unknown) => {
          if (!live) return;
          const fields = err instanceof ApiError ? err.fields : {};
          // Keep the last good preview on screen: still a fair estimate while the officer fixes the field.
          setState((s) => ({ key, value: s.value, fields, error: Object.keys(fields).length ? null : err }));
        },
      );
    }, DEBOUNCE_MS);
    return () => { live = false; window.clearTimeout(timer); };
  }, [key, ready]);
  if (!ready) return { preview: null, pending: false, fields: {}, error: null };
  return { preview: state.value, pending: state.key !== key, fields: state.key === key ? state.fields : {}, error: state.key === key ? state.error : null };
}
