/**
 * Typed calls of the administrator's settings (docs/API.md "Settings (admin
 * only)" and "SLA settings (admin only)"; server: src/modules/settings,
 * src/modules/sla/sla.routes.ts).
 */
import { get, patch, post, request } from './client';
import type { Priority } from './types';
import { forgetCatalog } from '../lib/catalog';

export type UnitKind = 'province' | 'district' | 'commune' | 'department';
export const UNIT_KINDS: readonly UnitKind[] = ['province', 'district', 'commune', 'department'];
export const PRIORITY_LIST: readonly Priority[] = ['urgent', 'normal', 'complex'];

/** Which kinds a unit of each kind may sit under (null = top of the tree), as the server checks. */
export const PARENT_KINDS: Record<UnitKind, readonly (UnitKind | null)[]> = {
  province: [null], district: ['province'], commune: ['district', 'province'], department: ['district', 'province'],
};

export interface AdminUnit {
  id: number; parentId: number | null; kind: UnitKind; name: string; smsCode: string | null; path: string; depth: number;
  isTriage: boolean; active: boolean; validFrom: string; validTo: string | null; supersededBy: { id: number; name: string } | null;
}
export interface UnitListItem extends AdminUnit { counts: { openReports: number; users: number; subscribers: number } }
export interface NewUnit { name: string; kind: UnitKind; parentId: number | null; smsCode?: string; isTriage?: boolean }
export interface UnitPatch { name?: string; smsCode?: string; isTriage?: boolean }

export interface MergeCounts {
  openReports: number; keptReports: number; users: number; childUnits: number; subscriptions: number;
  subscriptionsSwitchedOff: number; contacts: number; cannedReplies: number; routingRules: number; notices: number;
}
export interface MergeResult { dryRun: boolean; unit: AdminUnit; into: AdminUnit; moved: MergeCounts }

export interface AdminCategory {
  id: number; code: string; nameVi: string; nameEn: string; defaultPriority: Priority; sortOrder: number; active: boolean;
}
export interface NewCategory { code: string; nameVi: string; nameEn: string; defaultPriority: Priority; sortOrder?: number; active?: boolean }
export type CategoryPatch = Partial<Omit<NewCategory, 'code'>>;

export interface RoutingRule {
  id: number; name: string; priority: number; categoryCode: string | null; keywords: string[];
  targetUnitId: number | null; targetUnit: { id: number; name: string; active: boolean } | null;
  setCategoryCode: string | null; setPriority: Priority | null; active: boolean;
}
export interface RuleInput {
  name: string; priority: number; categoryCode: string | null; keywords: string[] | null;
  targetUnitId: number | null; setCategoryCode: string | null; setPriority: Priority | null; active: boolean;
}
export interface RoutingTest { text: string; communeCode?: string | null; categoryCode?: string | null }
export interface UnitRef { id: number; name: string; smsCode: string | null }
export interface RoutingOutcome {
  assignedUnit: UnitRef | null; locationUnit: UnitRef | null;
  category: { code: string; nameVi: string; nameEn: string } | null; priority: Priority;
  reason: 'rule' | 'explicit_commune' | 'home_commune' | 'triage'; triage: boolean;
  rule: { id: number; name: string; keyword: string | null } | null;
}

export type TransferMode = 'restart' | 'keep';
export interface SlaPolicy {
  id: number; categoryId: number | null; category: { code: string; nameVi: string; nameEn: string } | null; priority: Priority;
  ackWithinMs: number; resolveWithinMs: number; ackWithinHours: number; resolveWithinHours: number;
  warnShare: number; onTransfer: TransferMode; updatedAt: string;
}
export interface SlaPolicyInput {
  categoryId: number | null; priority: Priority; ackWithinMs: number; resolveWithinMs: number; warnShare: number; onTransfer: TransferMode;
}
export interface SlaPolicies { workingDayMs: number; items: SlaPolicy[] }

export type DayKind = 'day_off' | 'make_up';
export interface CalendarDay { date: string; kind: DayKind; note: string }
export interface CalendarYear { year: number; items: CalendarDay[]; holidays: { date: string; nameVi: string; nameEn: string }[] }

/** A change to units or categories: the pickers elsewhere in the panel read them again (lib/catalog.ts). */
const changes = <T>(p: Promise<T>): Promise<T> => p.finally(forgetCatalog);

export const settings = {
  units: () => get<{ items: UnitListItem[] }>('/api/admin/units'),
  createUnit: (u: NewUnit) => changes(post<AdminUnit>('/api/admin/units', u)),
  updateUnit: (id: number, p: UnitPatch) => changes(patch<AdminUnit>(`/api/admin/units/${id}`, p)),
  mergeUnit: (id: number, intoUnitId: number, dryRun: boolean) => changes(post<MergeResult>(`/api/admin/units/${id}/merge`, { intoUnitId, dryRun })),

  categories: () => get<{ items: AdminCategory[] }>('/api/admin/categories'),
  createCategory: (c: NewCategory) => changes(post<AdminCategory>('/api/admin/categories', c)),
  updateCategory: (id: number, p: CategoryPatch) => changes(patch<AdminCategory>(`/api/admin/categories/${id}`, p)),

  rules: () => get<{ items: RoutingRule[] }>('/api/admin/routing-rules'),
  createRule: (r: RuleInput) => post<RoutingRule>('/api/admin/routing-rules', r),
  updateRule: (id: number, r: Partial<RuleInput>) => patch<RoutingRule>(`/api/admin/routing-rules/${id}`, r),
  deleteRule: (id: number) => request<void>('DELETE', `/api/admin/routing-rules/${id}`),
  testRouting: (t: RoutingTest) => post<RoutingOutcome>('/api/admin/routing/test', t),

  slaPolicies: () => get<SlaPolicies>('/api/admin/sla-policies'),
  saveSlaPolicies: (items: SlaPolicyInput[]) => request<SlaPolicies>('PUT', '/api/admin/sla-policies', { items }),
  calendar: (year: number) => get<CalendarYear>('/api/admin/calendar', { year }),
  putCalendarDay: (d: CalendarDay) => post<CalendarDay>('/api/admin/calendar', d),
  deleteCalendarDay: (date: string) => request<void>('DELETE', `/api/admin/calendar/${date}`),
};
