/**
 * Routing (DESIGN.md "Domain rules"). Pure: the caller loads units and rules.
 *
 * The location of a report is the commune it concerns: the explicit commune
 * (form field, SMS code) if given, else the citizen's home commune. Who handles
 * it is decided next: the first matching rule (category or keywords, folded so
 * "sat lo" matches "sạt lở") that names a unit wins — e.g. land → Tài nguyên và
 * Môi trường; otherwise the location commune; with no commune at all, the
 * district's triage queue, where a leader assigns it by hand.
 */
import { containsWords } from './text.js';
import type { Priority } from '../db/schema/reports.js';

export interface RoutingUnit {
  id: number;
  parentId: number | null;
  kind: 'province' | 'district' | 'commune' | 'department';
  isTriage: boolean;
}

export interface RoutingRule {
  id: number;
  priority: number;
  categoryCode: string | null;
  keywords: string[] | null;
  targetUnitId: number | null;
  setCategoryCode: string | null;
  setPriority: Priority | null;
}

export interface RoutingInput {
  explicitUnitId: number | null;
  homeUnitId: number | null;
  categoryCode: string | null;
  text: string;
  units: ReadonlyMap<number, RoutingUnit>;
  rules: readonly RoutingRule[];
  /** Triage unit used when nothing else locates the report. */
  defaultTriageUnitId: number;
}

export type RouteReason = 'rule' | 'explicit_commune' | 'home_commune' | 'triage';

export interface RoutingDecision {
  assignedUnitId: number;
  locationUnitId: number | null;
  categoryCode: string | null;
  priority: Priority | null;
  reason: RouteReason;
  ruleId: number | null;
  triage: boolean;
}

function ruleMatches(rule: RoutingRule, categoryCode: string | null, text: string): boolean {
  if (rule.categoryCode && rule.categoryCode !== categoryCode) return false;
  const keywords = rule.keywords ?? [];
  if (keywords.length > 0 && !keywords.some((k) => containsWords(text, k))) return false;
  return Boolean(rule.categoryCode) || keywords.length > 0;
}

/** The triage unit of the district a commune belongs to, else the default. */
function triageFor(unitId: number | null, input: RoutingInput): number {
  let cursor = unitId === null ? undefined : input.units.get(unitId);
  while (cursor) {
    if (cursor.isTriage) return cursor.id;
    cursor = cursor.parentId === null ? undefined : input.units.get(cursor.parentId);
  }
  return input.defaultTriageUnitId;
}

export function route(input: RoutingInput): RoutingDecision {
  const explicit = input.explicitUnitId !== null && input.units.has(input.explicitUnitId) ? input.explicitUnitId : null;
  const home = input.homeUnitId !== null && input.units.has(input.homeUnitId) ? input.homeUnitId : null;
  const locationUnitId = explicit ?? home;
  let categoryCode = input.categoryCode;
  let priority: Priority | null = null;
  const sorted = [...input.rules].sort((a, b) => a.priority - b.priority || a.id - b.id);
  for (const rule of sorted) {
    if (!ruleMatches(rule, categoryCode, input.text)) continue;
    categoryCode = categoryCode ?? rule.setCategoryCode;
    priority = priority ?? rule.setPriority;
    if (rule.targetUnitId !== null && input.units.has(rule.targetUnitId)) {
      return { assignedUnitId: rule.targetUnitId, locationUnitId, categoryCode, priority, reason: 'rule', ruleId: rule.id, triage: false };
    }
  }
  if (locationUnitId !== null) {
    const reason: RouteReason = explicit !== null ? 'explicit_commune' : 'home_commune';
    return { assignedUnitId: locationUnitId, locationUnitId, categoryCode, priority, reason, ruleId: null, triage: false };
  }
  return {
    assignedUnitId: triageFor(null, input), locationUnitId: null, categoryCode, priority, reason: 'triage', ruleId: null, triage: true,
  };
}
