/**
 * What the reply will cost on the citizen's channel (segments, encoding, the
 * text as the citizen gets it), asked of the server while the officer types:
 * debounced, and answers to older text are dropped.
 */
import { useEffect, useState } from 'react';
import { reports } from '../../api/endpoints';
import type { ReplyPreview } from '../../api/types';

export function usePreview(reportId: number, text: string): ReplyPreview | null {
  const [preview, setPreview] = useState<{ text: string; value: ReplyPreview } | null>(null);
  useEffect(() => {
    if (!text.trim()) return undefined;
    let live = true;
    const timer = window.setTimeout(() => {
      reports.preview(reportId, text).then((value) => { if (live) setPreview({ text, value }); }, () => undefined);
    }, 350);
    return () => { live = false; window.clearTimeout(timer); };
  }, [reportId, text]);
  // A preview of other text is still a fair estimate until the new one arrives.
  return text.trim() ? preview?.value ?? null : null;
}
