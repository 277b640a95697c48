/**
 * Public scorecards (GET /api/public/stats, /thong-ke): per unit (its subtree,
 * as the dashboard's unit filter) or the whole hub, for the last 30, 90 and
 * 365 days: volume, median first response, on-time rate, satisfaction. The
 * figures come from the dashboard's own aggregate (stats.repo headline) over
 * the same condition, so the on-time rate equals the dashboard's for the same
 * unit and period. Aggregates only: no report, code or person ever appears.
 * Answers are cached per process (publicScorecard): the page is public.
 */
import { asc, eq, like } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { units } from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { openLate, periodAggregates, PeriodAggregates, periodRows, useRollups } from './rollup.js';
import { headline } from './stats.repo.js';
import { statsWhere } from './stats.service.js';
import type { OnTime } from './stats.sql.js';

export const WINDOWS = [30, 90, 365] as const;
const DAY_MS = 86_400_000;
const TTL_MS = 60_000;

export const METHOD = {
  vi: 'Số liệu tính trên các phản ánh người dân gửi trong khoảng thời gian đã chọn (30, 90 hoặc 365 ngày gần nhất), tại đơn vị này và các đơn vị trực thuộc. '
    + 'Thời gian phản hồi đầu tiên là khoảng thời gian từ khi hệ thống tiếp nhận phản ánh đến khi câu trả lời đầu tiên của cán bộ được gửi đi; tin nhắn xác nhận tự động không được tính. '
    + 'Giờ làm việc là thứ Hai đến thứ Sáu, 7 giờ 30 đến 11 giờ 30 và 13 giờ 30 đến 17 giờ, không tính ngày lễ, Tết và ngày nghỉ. Con số là trung vị: một nửa số phản ánh được phản hồi nhanh hơn; với 90 và 365 ngày, trung vị được tính từ số liệu tổng hợp theo tuần, sai lệch không quá 2 %. '
    + 'Tỷ lệ đúng hạn là số phản ánh được trả lời trong thời hạn quy định, chia cho tổng số phản ánh đã trả lời hoặc đã quá hạn; phản ánh được gia hạn mà trả lời sau hạn ban đầu không được tính là đúng hạn. '
    + 'Mức độ hài lòng là điểm bình quân (1 đến 5) người dân chấm sau khi nhận được trả lời.',
  en: 'Figures cover the reports citizens sent in the chosen period (the last 30, 90 or 365 days) to this unit and the units under it. '
    + 'First response is the time from when the hub received a report until an officer\'s first answer was sent; automatic acknowledgements do not count. '
    + 'Working time is Monday to Friday, 07:30–11:30 and 13:30–17:00, without public holidays, Tết and official days off. The figure is a median: half of the reports got a faster response; for 90 and 365 days it is computed from weekly rollups, within 2 %. '
    + 'On-time rate is the number of reports answered within the deadline, divided by all reports answered or past their deadline; an extended report answered after its original deadline is not on time. '
    + 'Satisfaction is the average score (1 to 5) citizens gave after receiving the answer.',
};

export interface ScoreWindow {
  days: number; from: string; to: string; received: number; answered: number;
  firstResponseMedianMs: number | null; firstResponseMedianWorkMs: number | null;
  onTime: OnTime; satisfaction: { count: number; average: number | null };
}

export interface PublicUnit { name: string; smsCode: string | null; kind: string }

/** `unitId` and the units below it — the dashboard's `unitId` filter, without a user scope; null = every unit. */
async function subtreeIds(ctx: AppContext, unitId: number | null): Promise<number[] | null> {
  if (unitId === null) return null;
  const [u] = await ctx.database.db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  if (!u) return [];
  return (await ctx.database.db.select({ id: units.id }).from(units).where(like(units.path, `${u.path}%`))).map((r) => r.id);
}

export async function scoreWindows(ctx: AppContext, unitId: number | null, now: Date): Promise<ScoreWindow[]> {
  const ids = await subtreeIds(ctx, unitId);
  return Promise.all(WINDOWS.map(async (days) => {
    const from = new Date(now.getTime() - days * DAY_MS);
    const h = useRollups(from, now) ? (await periodAggregates(ctx.database.db, ids, from, now, now)).headline()
      : await headline(ctx.database.db, statsWhere(ids, { from, to: now }));
    return {
      days, from: from.toISOString(), to: now.toISOString(), received: h.received, answered: h.answered,
      firstResponseMedianMs: h.firstResponse.medianMs, firstResponseMedianWorkMs: h.firstResponse.medianWorkMs,
      onTime: h.onTime, satisfaction: { count: h.satisfaction.count, average: h.satisfaction.average },
    };
  }));
}

/** Each public unit (with an SMS code) and its subtree's figures over the last 90 days, from one read of the weekly rollups. */
async function unitTable(ctx: AppContext, now: Date) {
  const from = new Date(now.getTime() - 90 * DAY_MS);
  const [rows, live, all] = await Promise.all([
    periodRows(ctx.database.db, null, from, now, now), openLate(ctx.database.db, null, from, now),
    ctx.database.db.select({ id: units.id, name: units.name, smsCode: units.smsCode, kind: units.kind, path: units.path, validTo: units.validTo })
      .from(units).orderBy(asc(units.path)),
  ]);
  const pathOf = new Map(all.map((u) => [u.id, u.path]));
  return all.filter((u) => u.smsCode !== null && u.validTo === null).map((u) => {
    const t = new PeriodAggregates(rows.filter((r) => pathOf.get(r.unitId)?.startsWith(u.path)), live).headline();
    return {
      unit: { name: u.name, smsCode: u.smsCode, kind: u.kind }, received: t.received,
      firstResponseMedianWorkMs: t.firstResponse.medianWorkMs, onTime: t.onTime,
      satisfaction: { count: t.satisfaction.count, average: t.satisfaction.average },
    };
  });
}

export type Scorecard = Awaited<ReturnType<typeof computeScorecard>>;

async function computeScorecard(ctx: AppContext, code: string | null, now: Date) {
  const catalog = await loadCatalog(ctx.database.db);
  const unit = code ? catalog.unitsByCode.get(code.toUpperCase()) : undefined;
  if (code && !unit) throw new NotFoundError('Không có đơn vị với mã này / No unit has this code');
  return {
    unit: unit ? { name: unit.name, smsCode: unit.smsCode, kind: unit.kind } as PublicUnit : null,
    generatedAt: now.toISOString(),
    windows: await scoreWindows(ctx, unit?.id ?? null, now),
    units: unit ? undefined : await unitTable(ctx, now),
    method: METHOD,
  };
}

interface Entry { at: number; value: Scorecard; refreshing: boolean }
const cache = new WeakMap<AppContext, Map<string, Entry>>();

/**
 * Cached per process: fresh for a minute; after that the stale card is served
 * while one background refresh runs, so only a process's very first visitor
 * per unit waits for the year-long aggregates.
 */
export async function publicScorecard(ctx: AppContext, code: string | null, now: Date = new Date()): Promise<Scorecard> {
  const key = (code ?? '').toUpperCase();
  const map = cache.get(ctx) ?? new Map<string, Entry>();
  cache.set(ctx, map);
  const hit = map.get(key);
  if (hit && now.getTime() - hit.at < TTL_MS) return hit.value;
  if (hit) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      computeScorecard(ctx, code, new Date())
        .then((value) => map.set(key, { at: Date.now(), value, refreshing: false }))
        .catch((err: Error) => { hit.refreshing = false; logger.warn({ err: err.message }, 'scorecard refresh failed'); });
    }
    return hit.value;
  }
  const value = await computeScorecard(ctx, code, now);
  map.set(key, { at: now.getTime(), value, refreshing: false });
  return value;
}
