/**
 * The open report: fetched on open, kept current by the report's socket room
 * (new messages, delivery ticks, status, transfers) and re-fetched after a
 * reconnect. A 404 after a transfer means it left our scope.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { reports } from '../../api/endpoints';
import type { ReportView } from '../../api/types';
import { useRealtime, useRealtimeEvent, useRealtimeReady } from '../../realtime/realtime';

export interface ReportViewState {
  view: ReportView | null;
  error: ApiError | null;
  /** It was visible, and now is not (transferred out of scope). */
  gone: boolean;
  reload(): Promise<void>;
}

export function useReportView(reportId: number): ReportViewState {
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [gone, setGone] = useState(false);
  const seen = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const rt = useRealtime();

  const latest = useRef(0);

  const reload = useCallback(async () => {
    // Reloads overlap (events, own actions); only the last one asked for may write.
    const ticket = ++latest.current;
    try {
      const v = await reports.view(reportId);
      if (ticket !== latest.current) return;
      seen.current = true;
      setView(v);
      setError(null);
    } catch (err) {
      if (ticket !== latest.current) return;
      const e = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
      setError(e);
      if (e.status === 404) { setView(null); setGone(seen.current); }
    }
  }, [reportId]);
  const soon = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void reload(), 120);
  }, [reload]);

  useEffect(() => { void reload(); return () => window.clearTimeout(timer.current); }, [reload]);
  useEffect(() => {
    if (!rt) return undefined;
    void rt.subscribeReport(reportId);
    return () => rt.unsubscribeReport(reportId);
  }, [rt, reportId]);

  const mine = (p: { reportId: number }) => p.reportId === reportId;
  useRealtimeEvent('message.created', (p) => { if (mine(p)) soon(); });
  useRealtimeEvent('report.status', (p) => { if (mine(p)) soon(); });
  useRealtimeEvent('message.status', (p) => {
    if (!mine(p)) return;
    setView((v) => v && { ...v, thread: v.thread.map((m) => (m.id === p.messageId ? { ...m, status: p.status } : m)) });
    // The error code and delivery times come with the full view.
    soon();
  });
  useRealtimeEvent('report.transferred', (p) => {
    if (!mine(p)) return;
    // The server empties the report's room on a transfer: join again if still in scope.
    void rt?.subscribeReport(reportId);
    soon();
  });
  useRealtimeReady(soon);

  return { view, error, gone, reload };
}
