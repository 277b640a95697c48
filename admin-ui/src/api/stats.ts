/**
 * The leaders' dashboard: statistics, the overdue list, the drill-down lists
 * behind each figure and the download links (docs/API.md "Statistics",
 * "Exports"). Periods are `YYYY-MM-DD` days in Vietnam time, `to` inclusive.
 */
import { get, withQuery } from './client';
import type { Category, Counts, Page, Priority, Ref, ReportListItem } from './types';

export interface Timing { count: number; medianMs: number | null; p90Ms: number | null; medianWorkMs: number | null; p90WorkMs: number | null }
export interface OnTime { decided: number; onTime: number; lateExtended: number; late: number; rate: number | null }
export type Bucket = 'day' | 'week';

export interface StatsHeadline {
  received: number;
  answered: number;
  responded: number;
  stillOpen: number;
  firstResponse: Timing;
  resolution: Timing;
  onTime: OnTime;
  satisfaction: { count: number; average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  backlog: { open: number; overdue: number; oldestReceivedAt: string | null; oldestAgeMs: number | null; oldestAgeWorkMs: number | null };
}

export interface UnitRow {
  unit: { id: number; name: string; kind: string; parentId: number | null; depth: number };
  received: number; answered: number;
  firstResponseMedianWorkMs: number | null; resolutionMedianWorkMs: number | null;
  onTime: OnTime; satisfaction: { count: number; average: number | null };
  backlog: { open: number; overdue: number };
  charged: { reports: number; wallMs: number; workMs: number };
}

export interface TrendPoint { start: string; received: number; answered: number; onTime: OnTime; firstResponseMedianWorkMs: number | null }

export interface StatsSummary {
  /** percentiles: 'exact', or 'classes' (periods over 62 days: from weekly rollups, within 2 %). */
  period: { from: string; to: string; bucket: Bucket; percentiles: 'exact' | 'classes' };
  unit: { id: number; name: string; kind: string } | null;
  headline: StatsHeadline;
  units: UnitRow[];
  trend: TrendPoint[];
  volumes: {
    byChannel: { channel: 'web' | 'sms' | 'zalo'; count: number }[];
    byCategory: { category: Category | null; count: number }[];
    byCommune: { unit: Ref | null; count: number }[];
  };
}

export interface OverdueItem {
  id: number; code: string; status: 'received' | 'in_progress'; priority: Priority;
  category: Category | null; assignedUnit: Ref;
  receivedAt: string; dueAt: string; policyDueAt: string | null;
  extended: boolean; pendingExtension: boolean;
  overdueMs: number; overdueWorkMs: number;
}

/** The period and focus of the dashboard; no unitId = the caller's own unit (an administrator: everything). */
export interface PeriodQuery { from: string; to: string; unitId?: number }

export type Outcome = 'on_time' | 'late_extended' | 'late' | 'pending';

/** GET /api/reports filters that list the reports behind a figure (docs/API.md "Drill-down"). */
export interface DrillFilters {
  from?: string; to?: string;
  unitId?: number; assignedUnitId?: number;
  status?: ('received' | 'in_progress' | 'answered' | 'closed')[];
  overdue?: boolean; responded?: boolean; answered?: boolean;
  outcome?: Outcome[]; rating?: number[];
  channel?: 'web' | 'sms' | 'zalo'; categoryId?: number; locationUnitId?: number;
}

function drillQuery(f: DrillFilters) {
  const flag = (v: boolean | undefined) => (v === undefined ? undefined : String(v));
  return {
    from: f.from, to: f.to, unitId: f.unitId, assignedUnitId: f.assignedUnitId,
    status: f.status?.join(','), overdue: flag(f.overdue), responded: flag(f.responded), answered: flag(f.answered),
    outcome: f.outcome?.join(','), rating: f.rating?.join(','),
    channel: f.channel, categoryId: f.categoryId, locationUnitId: f.locationUnitId,
  };
}

export const stats = {
  summary: (q: PeriodQuery) => get<StatsSummary>('/api/stats/summary', { ...q }),
  overdue: (q: { unitId?: number; limit?: number }) => get<{ total: number; items: OverdueItem[] }>('/api/stats/overdue', { ...q }),
  /** The reports behind a figure, newest first, paged. */
  reports: (f: DrillFilters, cursor?: string | null, limit = 50) =>
    get<Page<ReportListItem>>('/api/reports', { ...drillQuery(f), cursor, limit }),
  counts: (f: DrillFilters) => get<Counts>('/api/reports/counts', drillQuery(f)),
};

/** Download addresses: plain GETs with the session cookie, so a link with `download` streams the file. */
export const exportUrl = (format: 'csv' | 'xlsx', f: DrillFilters) => withQuery(`/api/reports/export.${format}`, drillQuery(f));
export const periodicUrl = (q: PeriodQuery) => withQuery('/api/stats/periodic.xlsx', { ...q });
