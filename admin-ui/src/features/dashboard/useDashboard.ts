/**
 * The dashboard's choice (period and unit), kept in the address bar
 * (`?days=30` or `?from=…&to=…`, `&unit=`) so a reload or a shared link shows
 * the same figures, and its data: the summary and the overdue list, loaded
 * together; an answer for an older choice is dropped, and the figures on
 * screen stay while the next ones load.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { stats, type OverdueItem, type PeriodQuery, type StatsSummary } from '../../api/stats';
import { PRESETS, isDay, presetPeriod, type DayPeriod, type Preset } from './period';

export interface Choice { preset: Preset | 'custom'; from: string; to: string; unitId: number | null }

export const DEFAULT_PRESET: Preset = 30;
export const OVERDUE_LIMIT = 50;

function fromAddress(): Choice {
  const q = new URLSearchParams(window.location.search);
  const unit = Number(q.get('unit'));
  const unitId = Number.isInteger(unit) && unit > 0 ? unit : null;
  const from = q.get('from');
  const to = q.get('to');
  if (isDay(from) && isDay(to) && from <= to) return { preset: 'custom', from, to, unitId };
  const days = Number(q.get('days'));
  const preset = (PRESETS as readonly number[]).includes(days) ? days as Preset : DEFAULT_PRESET;
  return { preset, ...presetPeriod(preset), unitId };
}

function toAddress(c: Choice): void {
  const q = new URLSearchParams();
  if (c.preset === 'custom') { q.set('from', c.from); q.set('to', c.to); } else q.set('days', String(c.preset));
  if (c.unitId !== null) q.set('unit', String(c.unitId));
  // Only while the dashboard is still the page shown (the router owns the path).
  if (!/\/dashboard\/?$/.test(window.location.pathname)) return;
  const search = `?${q.toString()}`;
  if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
}

export function useChoice() {
  const [choice, setChoice] = useState<Choice>(fromAddress);
  useEffect(() => toAddress(choice), [choice]);
  const setPreset = useCallback((preset: Preset) => setChoice((c) => ({ ...c, preset, ...presetPeriod(preset) })), []);
  const setPeriod = useCallback((p: DayPeriod) => setChoice((c) => ({ ...c, preset: 'custom', ...p })), []);
  const setUnit = useCallback((unitId: number | null) => setChoice((c) => ({ ...c, unitId })), []);
  return { choice, setPreset, setPeriod, setUnit };
}

export const queryOf = (c: Choice): PeriodQuery => ({ from: c.from, to: c.to, unitId: c.unitId ?? undefined });

export interface DashboardData {
  /** The choice the figures on screen answer (the next one may be loading). */
  loaded: PeriodQuery | null;
  summary: StatsSummary | null;
  overdue: { total: number; items: OverdueItem[] } | null;
  loading: boolean;
  error: unknown;
  reload(): void;
}

export function useDashboardData(query: PeriodQuery): DashboardData {
  const key = JSON.stringify(query);
  const [state, setState] = useState<Omit<DashboardData, 'reload'>>({ loaded: null, summary: null, overdue: null, loading: true, error: null });
  const generation = useRef(0);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const gen = ++generation.current;
    const q = JSON.parse(key) as PeriodQuery;
    setState((s) => ({ ...s, loading: true, error: null }));
    Promise.all([stats.summary(q), stats.overdue({ unitId: q.unitId, limit: OVERDUE_LIMIT })]).then(([summary, overdue]) => {
      if (gen === generation.current) setState({ loaded: q, summary, overdue, loading: false, error: null });
    }, (error: unknown) => {
      if (gen === generation.current) setState((s) => ({ ...s, loading: false, error }));
    });
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return useMemo(() => ({ ...state, reload }), [state, reload]);
}
