/**
 * The leaders' dashboard (docs/API.md "Statistics"). Scope: every figure is
 * computed over the same reports as GET /api/reports with the same `unitId`,
 * `from`, `to` (unitIdsFor) — an officer sees their own unit only, a leader
 * their unit and the units below it, an administrator everything. A `unitId`
 * outside the scope is 404, as for a report.
 *
 * Period: reports *received* in [from, to) (the cohort), default the last 30
 * days; the backlog is the open reports now, whatever their age.
 */
import { and, asc, eq, gte, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { reports, units } from '../../db/schema/index.js';
import { workingMsBetween } from '../../domain/working-time.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { unitScope } from '../auth/scope.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.service.js';
import type { ReportFilters } from '../reports/reports.schemas.js';
import { loadWorkCalendar } from '../sla/sla-config.repo.js';
import { periodAggregates, useRollups } from './rollup.js';
import { backlog, backlogByUnit, byUnit, chargedByUnit, headline, overdueReports, trend, volumes, type Bucket, type UnitAggregate } from './stats.repo.js';

const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 30;
const MAX_DAYS = 800;

export interface PeriodInput { from?: Date; to?: Date; unitId?: number }
export interface Period { from: Date; to: Date; bucket: Bucket }
export interface FocusUnit { id: number; name: string; kind: string; path: string }

/** The list's filters, only some given (zod's output type lists every key). */
export const filters = (f: Partial<ReportFilters>): ReportFilters => f as ReportFilters;

export function resolvePeriod(q: PeriodInput, now: Date): Period {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new ValidationError({ from: { vi: 'Ngày bắt đầu phải trước ngày kết thúc.', en: 'The start must be before the end.' } });
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw new ValidationError({ from: { vi: `Khoảng thời gian tối đa ${MAX_DAYS} ngày.`, en: `At most ${MAX_DAYS} days.` } });
  return { from, to, bucket: useRollups(from, to) ? 'week' : 'day' };
}

/** The unit the figures are about: the one asked for (if in scope), else the caller's own; an administrator's default is everything. */
export async function focusUnit(db: DbOrTx, user: AuthUser, unitId: number | undefined): Promise<FocusUnit | null> {
  const id = unitId ?? (user.role === 'admin' ? undefined : user.unitId);
  if (id === undefined) return null;
  const [u] = await db.select({ id: units.id, name: units.name, kind: units.kind, path: units.path }).from(units)
    .where(and(eq(units.id, id), unitScope(user))).limit(1);
  if (!u) throw new NotFoundError('Không tìm thấy đơn vị / Unit not found');
  return u;
}

/**
 * The units whose reports the figures cover: in the caller's scope and under
 * the focus — exactly the units reportConditions(user, {unitId}) selects
 * (scope.ts), as explicit ids so the planner knows how many rows match (an
 * IN-subquery over the unit tree is estimated at one row and planned badly).
 * null = every unit (an administrator without a focus).
 */
export async function unitIdsFor(db: DbOrTx, user: AuthUser, focus: FocusUnit | null): Promise<number[] | null> {
  if (!focus && user.role === 'admin') return null;
  const rows = await db.select({ id: units.id }).from(units).where(and(unitScope(user), focus ? like(units.path, `${focus.path}%`) : undefined));
  return rows.map((r) => r.id);
}

/** Reports of those units, received in [from, to) when given. */
export function statsWhere(ids: number[] | null, period: { from?: Date; to?: Date } = {}): SQL {
  const c: SQL[] = [];
  if (ids !== null) c.push(ids.length > 0 ? inArray(reports.assignedUnitId, ids) : sql`false`);
  if (period.from) c.push(gte(reports.receivedAt, period.from));
  if (period.to) c.push(lt(reports.receivedAt, period.to));
  return c.length > 0 ? and(...c)! : sql`true`;
}

/** Units of the per-unit table: active units in scope under the focus (all of them for an officer: their own). */
async function tableUnits(db: DbOrTx, user: AuthUser, focus: FocusUnit | null) {
  return db.select({ id: units.id, name: units.name, kind: units.kind, parentId: units.parentId, path: units.path }).from(units)
    .where(and(unitScope(user), focus ? like(units.path, `${focus.path}%`) : undefined, or(isNull(units.validTo), sql`exists (select 1 from reports r where r.assigned_unit_id = ${units.id})`)))
    .orderBy(asc(units.path));
}

type TableUnit = Awaited<ReturnType<typeof tableUnits>>[number];

function unitRowsOf(list: TableUnit[], agg: UnitAggregate[], open: Map<number, { open: number; overdue: number }>,
  charged: Map<number, { reports: number; wallMs: number; workMs: number }>, focus: FocusUnit | null) {
  const byId = new Map(agg.map((u) => [u.unitId, u]));
  const depthBase = focus ? focus.path.split('/').filter(Boolean).length : 1;
  return list.map((u) => {
    const a = byId.get(u.id);
    return {
      unit: { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId, depth: u.path.split('/').filter(Boolean).length - depthBase },
      received: a?.received ?? 0, answered: a?.answered ?? 0,
      firstResponseMedianWorkMs: a?.firstResponseMedianWorkMs ?? null, resolutionMedianWorkMs: a?.resolutionMedianWorkMs ?? null,
      onTime: a?.onTime ?? { decided: 0, onTime: 0, lateExtended: 0, late: 0, rate: null },
      satisfaction: a?.satisfaction ?? { count: 0, average: null },
      backlog: open.get(u.id) ?? { open: 0, overdue: 0 },
      charged: charged.get(u.id) ?? { reports: 0, wallMs: 0, workMs: 0 },
    };
  });
}

function volumesOf(vol: Awaited<ReturnType<typeof volumes>>, catalog: Catalog) {
  return {
    byChannel: vol.byChannel.map((v) => ({ channel: v.key, count: v.count })),
    byCategory: vol.byCategory.map((v) => {
      const c = v.key === null ? undefined : catalog.categoriesById.get(v.key);
      return { category: c ? { id: c.id, code: c.code, nameVi: c.nameVi, nameEn: c.nameEn } : null, count: v.count };
    }),
    byCommune: vol.byCommune.map((v) => ({ unit: v.key === null ? null : { id: v.key, name: catalog.units.get(v.key)?.name ?? '' }, count: v.count })),
  };
}

/**
 * The period's figures: exact aggregates over `reports` up to ROLLUP_MIN_DAYS,
 * weekly rollups beyond (rollup.ts: the same counts, percentiles from 2 % classes).
 */
async function periodFigures(db: Db, ids: number[] | null, period: Period, chargedUnitIds: number[], now = new Date()) {
  if (useRollups(period.from, period.to)) {
    const agg = await periodAggregates(db, ids, period.from, period.to, now);
    return { percentiles: 'classes' as const, head: agg.headline(), perUnit: agg.byUnit(), charged: agg.charged(), points: agg.trend(), vol: agg.volumes() };
  }
  const inPeriod = statsWhere(ids, period);
  const [head, perUnit, charged, points, vol] = await Promise.all([
    headline(db, inPeriod), byUnit(db, inPeriod), chargedByUnit(db, chargedUnitIds, period.from, period.to),
    trend(db, inPeriod, period.bucket), volumes(db, inPeriod),
  ]);
  return { percentiles: 'exact' as const, head, perUnit, charged, points, vol };
}

export async function summary(ctx: AppContext, user: AuthUser, q: PeriodInput, now: Date = new Date()) {
  const db = ctx.database.db;
  const period = resolvePeriod(q, now);
  const focus = await focusUnit(db, user, q.unitId);
  const ids = await unitIdsFor(db, user, focus);
  const inScope = statsWhere(ids);
  const unitRows = await tableUnits(db, user, focus);
  const [figures, open, openPerUnit, catalog, cal] = await Promise.all([
    periodFigures(db, ids, period, unitRows.map((u) => u.id), now), backlog(db, inScope), backlogByUnit(db, inScope),
    loadCatalog(db), loadWorkCalendar(db),
  ]);
  const { head, perUnit, charged, points, vol } = figures;
  const oldest = open.oldestReceivedAt;
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), bucket: period.bucket, percentiles: figures.percentiles },
    unit: focus ? { id: focus.id, name: focus.name, kind: focus.kind } : null,
    headline: {
      ...head,
      backlog: {
        open: open.open, overdue: open.overdue, oldestReceivedAt: oldest?.toISOString() ?? null,
        oldestAgeMs: oldest ? now.getTime() - oldest.getTime() : null, oldestAgeWorkMs: oldest ? workingMsBetween(cal, oldest, now) : null,
      },
    },
    units: unitRowsOf(unitRows, perUnit, openPerUnit, charged, focus),
    trend: points,
    volumes: volumesOf(vol, catalog),
  };
}
export type StatsSummary = Awaited<ReturnType<typeof summary>>;

export async function overdueList(ctx: AppContext, user: AuthUser, q: { unitId?: number; limit: number }, now: Date = new Date()) {
  const db = ctx.database.db;
  const focus = await focusUnit(db, user, q.unitId);
  const { rows, total } = await overdueReports(db, statsWhere(await unitIdsFor(db, user, focus)), q.limit);
  const [catalog, cal] = await Promise.all([loadCatalog(db), loadWorkCalendar(db)]);
  return {
    total,
    items: rows.map((r) => {
      const c = r.categoryId === null ? undefined : catalog.categoriesById.get(r.categoryId);
      return {
        id: r.id, code: r.code, status: r.status, priority: r.priority,
        category: c ? { id: c.id, code: c.code, nameVi: c.nameVi, nameEn: c.nameEn } : null,
        assignedUnit: { id: r.assignedUnitId, name: catalog.units.get(r.assignedUnitId)?.name ?? '' },
        receivedAt: r.receivedAt.toISOString(), dueAt: r.dueAt.toISOString(), policyDueAt: r.policyDueAt?.toISOString() ?? null,
        extended: Boolean(r.policyDueAt && r.dueAt > r.policyDueAt), pendingExtension: r.pendingExtension,
        overdueMs: now.getTime() - r.dueAt.getTime(), overdueWorkMs: workingMsBetween(cal, r.dueAt, now),
      };
    }),
  };
}
