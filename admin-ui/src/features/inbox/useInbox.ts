/**
 * The inbox list for the current filters: first page, "load more" by cursor,
 * counts for the status tabs, and `refresh()` for live events (debounced, so a
 * burst of events costs one request). Answers for stale filters are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { reports } from '../../api/endpoints';
import type { Counts, Page, ReportFilters, ReportListItem } from '../../api/types';
import { arrivals, mergeHead } from './merge';

export interface InboxState {
  page: Page<ReportListItem>;
  counts: Counts | null;
  loading: boolean;
  loadingMore: boolean;
  error: Error | null;
  /** Ids that arrived live since the last load (highlighted for a moment). */
  fresh: ReadonlySet<number>;
}

const EMPTY: Page<ReportListItem> = { items: [], nextCursor: null };

export function useInbox(filters: ReportFilters, onArrival: (items: ReportListItem[]) => void) {
  const [state, setState] = useState<InboxState>({ page: EMPTY, counts: null, loading: true, loadingMore: false, error: null, fresh: new Set() });
  const key = JSON.stringify(filters);
  const keyRef = useRef(key);
  keyRef.current = key;
  const generation = useRef(0);
  const pageRef = useRef(state.page);
  pageRef.current = state.page;
  const arrival = useRef(onArrival);
  arrival.current = onArrival;
  const timer = useRef<number | undefined>(undefined);
  const loading = useRef<Promise<void> | null>(null);
  const refreshSeq = useRef(0);

  const load = useCallback(() => {
    const gen = ++generation.current;
    const f = JSON.parse(key) as ReportFilters;
    setState((s) => ({ ...s, loading: true, error: null }));
    loading.current = Promise.all([reports.list(f), reports.counts(f)]).then(([page, counts]) => {
      if (gen === generation.current) setState({ page, counts, loading: false, loadingMore: false, error: null, fresh: new Set() });
    }, (err: unknown) => {
      if (gen === generation.current) setState((s) => ({ ...s, loading: false, error: err as Error }));
    });
    return loading.current;
  }, [key]);

  const refreshNow = useCallback(async () => {
    // Filters changed since this refresh was asked for: the new load answers instead.
    const gen = generation.current;
    const seq = ++refreshSeq.current;
    // After the load in flight (its answer may predate the event), so arrivals are real arrivals.
    await loading.current;
    // A refresh asked for under other filters (a timer set before the change) must not fetch the old list.
    if (gen !== generation.current || key !== keyRef.current) return;
    const f = JSON.parse(key) as ReportFilters;
    try {
      const [fresh, counts] = await Promise.all([reports.list(f), reports.counts(f)]);
      // Only the latest refresh may write: an older, slower answer would undo a newer one.
      if (gen !== generation.current || seq !== refreshSeq.current || key !== keyRef.current) return;
      const news = arrivals(pageRef.current.items, fresh.items);
      setState((s) => ({
        ...s, page: mergeHead(s.page, fresh), counts, error: null,
        fresh: new Set([...s.fresh, ...news.map((i) => i.id)]),
      }));
      if (news.length) arrival.current(news);
    } catch { /* a missed live refresh is repaired by the next event or reconnect */ }
  }, [key]);

  // The timer calls the refresh of the filters current when it fires, not of those when it was set.
  const latestRefresh = useRef(refreshNow);
  latestRefresh.current = refreshNow;
  const refresh = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void latestRefresh.current(), 150);
  }, []);

  const loadMore = useCallback(async () => {
    const cursor = pageRef.current.nextCursor;
    if (!cursor) return;
    const gen = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    try {
      const next = await reports.list(JSON.parse(key) as ReportFilters, cursor);
      if (gen !== generation.current) return;
      setState((s) => {
        const ids = new Set(s.page.items.map((i) => i.id));
        return { ...s, loadingMore: false, page: { items: [...s.page.items, ...next.items.filter((i) => !ids.has(i.id))], nextCursor: next.nextCursor } };
      });
    } catch (err) {
      if (gen === generation.current) setState((s) => ({ ...s, loadingMore: false, error: err as Error }));
    }
  }, [key]);

  const markRead = useCallback((id: number) => {
    setState((s) => (s.page.items.some((i) => i.id === id && i.unread)
      ? { ...s, page: { ...s.page, items: s.page.items.map((i) => (i.id === id ? { ...i, unread: false } : i)) } }
      : s));
  }, []);

  useEffect(() => { void load(); }, [load]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return { ...state, load, refresh, loadMore, markRead };
}
