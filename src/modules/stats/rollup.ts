/**
 * Statistics over long periods from weekly rollups (report_week_stats,
 * src/db/schema/stats.ts). A period is read, in one repeatable-read snapshot,
 * as three parts:
 *   - whole weeks whose (week, unit) rollup is clean → the stored row;
 *   - whole weeks whose (week, unit) has a change marker in stats_dirty → the
 *     same aggregate summed from `reports` on the spot;
 *   - the partial weeks at either end of the period → summed from `reports`.
 * One function (aggregateRaw) builds a stored row and a raw part alike, so
 * the parts add up to exactly what the dashboard's direct aggregates
 * (stats.repo.ts) count. Medians and 90th percentiles come from histograms
 * with classes 2 % wide (bucketOf), so on this path a duration percentile is
 * within 2 % (or one second) of the exact one; every count, rate and average
 * is exact. `late` of an open report depends on the clock, so it is counted
 * live (openLate) and never stored.
 *
 * refreshRollups (run by the worker every ROLLUP_INTERVAL_S) recomputes the
 * marked (week, unit) pairs: it deletes their markers, then reads their
 * reports and rewrites their rows, in one transaction. A marker only becomes
 * visible with the change that wrote it, so the reads see every change whose
 * marker was deleted, and a change committed later keeps its marker for the
 * next round.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db, DbOrTx } from '../../db/client.js';
import { reportWeekStats } from '../../db/schema/index.js';
import { intArray, rowsOf, textArray } from '../../db/sql.js';
import type { Headline, Timing, TrendPoint, UnitAggregate } from './stats.repo.js';
import { onTimeOf } from './stats.sql.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const VN_OFFSET_MS = 7 * 3_600_000;
/** Periods longer than this are read through the rollups (shorter ones: exact aggregates, stats.repo.ts). */
export const ROLLUP_MIN_DAYS = 62;
export const BUCKET_RATIO = 1.02;

export const useRollups = (from: Date, to: Date) => to.getTime() - from.getTime() > ROLLUP_MIN_DAYS * DAY_MS;

type Counts = Record<string, number>;
type Hist = number[];
export interface RollupRow {
  week: string; unitId: number; received: number; answered: number; responded: number; stillOpen: number;
  onTime: number; lateExtended: number; late: number; rated: number; ratingSum: number; ratings: Counts;
  byChannel: Counts; byCategory: Counts; byCommune: Counts; frWall: Hist; frWork: Hist; resWall: Hist; resWork: Hist;
  chargedReports: number; chargedWallMs: number; chargedWorkMs: number;
}

const REPORT_COLUMNS = sql.raw(`(extract(epoch from r.received_at) * 1000)::float8 as at, r.assigned_unit_id as unit, r.status,
  r.origin_channel as channel, r.category_id as category, r.location_unit_id as commune, r.first_response_ms::float8 as fw,
  r.first_response_work_ms::float8 as fk, r.resolution_ms::float8 as rw, r.resolution_work_ms::float8 as rk, r.on_time_status as outcome, r.rating`);
const UNIT_TIME_COLUMNS = sql.raw('(extract(epoch from t.received_at) * 1000)::float8 as at, t.unit_id as unit, t.wall_ms::float8 as wall_ms, t.work_ms::float8 as work_ms');

/** Histogram class of a duration: 0 = under a second, then classes 2 % wide (b covers 1000·1.02^(b-1) … 1000·1.02^b ms). */
export function bucketOf(ms: number): number {
  return ms < 1000 ? 0 : Math.min(MAX_BUCKET, 1 + Math.floor(Math.log(ms / 1000) / LOG_RATIO));
}
const LOG_RATIO = Math.log(BUCKET_RATIO);
/** Classes up to 2047 reach 1000·1.02^2046 ms, far beyond any duration; a larger one is counted in the last. */
const MAX_BUCKET = 2047;

const inc = (c: Counts, k: string) => { c[k] = (c[k] ?? 0) + 1; };

/** One (week, unit) being summed from raw rows; `dense` turns it into a RollupRow. */
class RawAcc {
  readonly row: RollupRow;
  readonly h = { frWall: new Map<number, number>(), frWork: new Map<number, number>(), resWall: new Map<number, number>(), resWork: new Map<number, number>() };
  constructor(week: string, unitId: number) {
    this.row = {
      week, unitId, received: 0, answered: 0, responded: 0, stillOpen: 0, onTime: 0, lateExtended: 0, late: 0, rated: 0, ratingSum: 0,
      ratings: {}, byChannel: {}, byCategory: {}, byCommune: {}, frWall: [], frWork: [], resWall: [], resWork: [],
      chargedReports: 0, chargedWallMs: 0, chargedWorkMs: 0,
    };
  }
  dense(): RollupRow {
    for (const k of ['frWall', 'frWork', 'resWall', 'resWork'] as const) {
      const m = this.h[k];
      if (m.size === 0) continue;
      const keys = [...m.keys()];
      const lo = Math.min(...keys);
      const hi = Math.max(...keys);
      const arr: number[] = [lo];
      for (let b = lo; b <= hi; b++) arr.push(m.get(b) ?? 0);
      this.row[k] = arr;
    }
    return this.row;
  }
}

/**
 * The rollup aggregate itself, over raw rows of reports (REPORT_COLUMNS) and
 * charged time (UNIT_TIME_COLUMNS): the one definition used to store a rollup
 * and to read the parts of a period not stored. It counts exactly what
 * stats.repo.ts counts (`late` here is the stored outcome only; see openLate).
 */
export function aggregateRaw(reportRows: Record<string, unknown>[], unitTimeRows: Record<string, unknown>[]): RollupRow[] {
  const accs = new Map<number, RawAcc>();
  const acc = (at: unknown, unit: unknown) => {
    const monday = weekStartMs(Number(at));
    const u = Number(unit);
    const key = (monday / DAY_MS) * 1_000_000 + u;
    let a = accs.get(key);
    if (!a) { a = new RawAcc(weekKey(new Date(monday)), u); accs.set(key, a); }
    return a;
  };
  const add = (m: Map<number, number>, v: unknown) => {
    if (v === null || v === undefined) return;
    const b = bucketOf(Number(v));
    m.set(b, (m.get(b) ?? 0) + 1);
  };
  for (const r of reportRows) {
    const a = acc(r.at, r.unit);
    const row = a.row;
    row.received++;
    if (r.status === 'received' || r.status === 'in_progress') row.stillOpen++;
    if (r.outcome === 'on_time') row.onTime++;
    else if (r.outcome === 'late_extended') row.lateExtended++;
    else if (r.outcome === 'late') row.late++;
    if (r.rating !== null && r.rating !== undefined) {
      const rating = Number(r.rating);
      row.rated++; row.ratingSum += rating; inc(row.ratings, String(rating));
    }
    inc(row.byChannel, String(r.channel));
    inc(row.byCategory, r.category === null ? '-' : String(r.category));
    inc(row.byCommune, r.commune === null ? '-' : String(r.commune));
    add(a.h.frWall, r.fw); add(a.h.frWork, r.fk); add(a.h.resWall, r.rw); add(a.h.resWork, r.rk);
    if (r.fw !== null) row.responded++;
    if (r.rw !== null) row.answered++;
  }
  for (const t of unitTimeRows) {
    const row = acc(t.at, t.unit).row;
    row.chargedReports++;
    row.chargedWallMs += Number(t.wall_ms);
    row.chargedWorkMs += Number(t.work_ms);
  }
  return [...accs.values()].map((a) => a.dense());
}

const unitFilter = (col: SQL, ids: number[] | null): SQL =>
  ids === null ? sql`true` : ids.length > 0 ? sql`${col} = any(${intArray(ids)})` : sql`false`;

// `offset 0` keeps each lateral a per-key index range scan (never flattened into a scan of the whole table).
const keyedReports = (keys: SQL) => sql`select ${REPORT_COLUMNS} from (${keys}) k cross join lateral (select * from reports r
  where r.assigned_unit_id = k.unit_id and r.received_at >= stats_week_start(k.week) and r.received_at < stats_week_start(k.week) + interval '7 days' offset 0) r`;
const keyedUnitTime = (keys: SQL) => sql`select ${UNIT_TIME_COLUMNS} from (${keys}) k cross join lateral (select * from report_unit_time t
  where t.unit_id = k.unit_id and t.received_at >= stats_week_start(k.week) and t.received_at < stats_week_start(k.week) + interval '7 days' offset 0) t`;

/** The UTC instant (ms) of the Monday 00:00 (Vietnam time) at or before `ms`. */
function weekStartMs(ms: number): number {
  const day = Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
  return (day - ((day + 3) % 7)) * DAY_MS - VN_OFFSET_MS; // 1970-01-01 was a Thursday
}
export const weekStartOf = (t: Date): Date => new Date(weekStartMs(t.getTime()));
const weekKey = (start: Date) => new Date(start.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

interface Split { w0: Date; w1: Date; fromKey: string; toKey: string }

/**
 * Whole weeks [w0, w1) inside [from, to); w0 = w1 = to when there is none.
 * A period that runs to the present (`to` ≥ now) takes the current week
 * whole: no report is received after now, so its stored row, if clean,
 * holds exactly the reports received before `to`.
 */
function splitPeriod(from: Date, to: Date, now: Date): Split {
  const first = weekStartOf(from);
  let w0 = first.getTime() === from.getTime() ? first : new Date(first.getTime() + WEEK_MS);
  const last = weekStartOf(to);
  let w1 = to.getTime() >= now.getTime() && last.getTime() < to.getTime() ? new Date(last.getTime() + WEEK_MS) : last;
  if (w0.getTime() >= w1.getTime()) { w0 = to; w1 = to; }
  return { w0, w1, fromKey: weekKey(w0), toKey: weekKey(w1) };
}

const STORED_COUNTS = ['received', 'answered', 'responded', 'still_open', 'on_time', 'late_extended', 'late', 'rated', 'rating_sum', 'ratings',
  'by_channel', 'by_category', 'by_commune', 'fr_wall', 'fr_work', 'res_wall', 'res_work', 'charged_reports', 'charged_wall_ms', 'charged_work_ms'];
const STORED_COLUMNS = sql.raw(['s.week::text as week', 's.unit_id', ...STORED_COUNTS.map((c) => `s.${c}`)].join(', '));

const toRow = (r: Record<string, unknown>): RollupRow => ({
  week: String(r.week).slice(0, 10), unitId: Number(r.unit_id), received: Number(r.received), answered: Number(r.answered),
  responded: Number(r.responded), stillOpen: Number(r.still_open), onTime: Number(r.on_time), lateExtended: Number(r.late_extended),
  late: Number(r.late), rated: Number(r.rated), ratingSum: Number(r.rating_sum), ratings: json(r.ratings),
  byChannel: json(r.by_channel), byCategory: json(r.by_category), byCommune: json(r.by_commune),
  frWall: hist(r.fr_wall), frWork: hist(r.fr_work), resWall: hist(r.res_wall), resWork: hist(r.res_work),
  chargedReports: Number(r.charged_reports), chargedWallMs: Number(r.charged_wall_ms), chargedWorkMs: Number(r.charged_work_ms),
});
const json = (v: unknown): Counts => (typeof v === 'string' ? JSON.parse(v) as Counts : (v ?? {}) as Counts);
const hist = (v: unknown): Hist => (typeof v === 'string' ? JSON.parse(v) as Hist : (v ?? []) as Hist);

/** Stored rows already read, per database, by (week, unit), with the version (computed_at) they were read at. */
const storedCache = new WeakMap<object, { rows: Map<string, { version: string; row: RollupRow }>; size: number }>();
/** Numbers held (histogram classes and counters) before the cache starts afresh: about 40 MB. */
const MAX_CACHED = 5_000_000;
const sizeOf = (r: RollupRow) => 30 + r.frWall.length + r.frWork.length + r.resWall.length + r.resWork.length;

/**
 * The stored rows matching `where` (on alias s): their keys and versions are
 * read, and only rows this process has not seen at that version are fetched
 * whole — a year of a busy district is megabytes of histograms, and rows
 * change only when the refresher rewrites them. Both reads are in the
 * caller's snapshot.
 */
async function storedRows(db: Db, tx: DbOrTx, where: SQL): Promise<RollupRow[]> {
  let c = storedCache.get(db);
  if (!c || c.size > MAX_CACHED) { c = { rows: new Map(), size: 0 }; storedCache.set(db, c); }
  const cache = c.rows;
  const keys = rowsOf(await tx.execute(sql`select s.week::text as week, s.unit_id, s.computed_at::text as version from report_week_stats s where ${where}`))
    .map((k) => ({ key: `${String(k.week)}|${Number(k.unit_id)}`, week: String(k.week), unitId: Number(k.unit_id), version: String(k.version) }));
  const missing = keys.filter((k) => cache.get(k.key)?.version !== k.version);
  if (missing.length > 0) {
    const list = sql`select * from unnest(${textArray(missing.map((k) => k.week))}::date[], ${intArray(missing.map((k) => k.unitId))}) as k(week, unit_id)`;
    const full = await tx.execute(sql`select ${STORED_COLUMNS}, s.computed_at::text as version from report_week_stats s
      join (${list}) k on s.week = k.week and s.unit_id = k.unit_id`);
    for (const r of rowsOf(full)) {
      const row = toRow(r);
      c.size += sizeOf(row);
      cache.set(`${String(r.week)}|${Number(r.unit_id)}`, { version: String(r.version), row });
    }
  }
  return keys.map((k) => cache.get(k.key)!.row);
}

/**
 * Per (week, unit) rows covering reports of `ids` (null = every unit) received
 * in [from, to): stored where clean, summed from raw rows where marked or
 * partial (a partial week's row sits next to stored ones; they add up).
 * Read in one snapshot, so a refresh committing meanwhile is seen entirely or
 * not at all.
 */
export async function periodRows(db: Db, ids: number[] | null, from: Date, to: Date, now = new Date()): Promise<RollupRow[]> {
  const { w0, w1, fromKey, toKey } = splitPeriod(from, to, now);
  const dirty = sql`select distinct d.week, d.unit_id from stats_dirty d
    where d.week >= ${fromKey}::date and d.week < ${toKey}::date and ${unitFilter(sql`d.unit_id`, ids)}`;
  // Two separate ranges (not one OR), so each is an index range scan.
  const range = (alias: string, unitCol: string, a: Date, b: Date) => {
    const t = sql.raw(alias);
    return sql`${unitFilter(sql.raw(`${alias}.${unitCol}`), ids)} and ${t}.received_at >= ${a} and ${t}.received_at < ${b}`;
  };
  const end = to.getTime() > w1.getTime() ? to : w1;
  const read = async (tx: DbOrTx) => {
    const stored = await storedRows(db, tx, sql`s.week >= ${fromKey}::date and s.week < ${toKey}::date and ${unitFilter(sql`s.unit_id`, ids)}
        and not exists (select 1 from stats_dirty d where d.week = s.week and d.unit_id = s.unit_id)`);
    const raw = await tx.execute(sql`select ${REPORT_COLUMNS} from reports r where ${range('r', 'assigned_unit_id', from, w0)}
      union all select ${REPORT_COLUMNS} from reports r where ${range('r', 'assigned_unit_id', w1, end)}
      union all select * from (${keyedReports(dirty)}) k where k.at < ${to.getTime()}`);
    const unitTime = await tx.execute(sql`select ${UNIT_TIME_COLUMNS} from report_unit_time t where ${range('t', 'unit_id', from, w0)}
      union all select ${UNIT_TIME_COLUMNS} from report_unit_time t where ${range('t', 'unit_id', w1, end)}
      union all select * from (${keyedUnitTime(dirty)}) k where k.at < ${to.getTime()}`);
    return [...stored, ...aggregateRaw(rowsOf(raw), rowsOf(unitTime))];
  };
  return db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** Open reports past their deadline with no stored outcome, per (week, unit): the live part of `late`. */
export async function openLate(db: DbOrTx, ids: number[] | null, from: Date, to: Date): Promise<Map<string, number>> {
  const result = await db.execute(sql`select stats_week(received_at)::text as week, assigned_unit_id as unit_id, count(*)::int as n from reports
    where status in ('received', 'in_progress') and on_time_status is null and due_at < now()
      and ${unitFilter(sql`assigned_unit_id`, ids)} and received_at >= ${from} and received_at < ${to} group by 1, 2`);
  return new Map(rowsOf(result).map((r) => [`${String(r.week).slice(0, 10)}|${Number(r.unit_id)}`, Number(r.n)]));
}

/**
 * Recompute up to `maxKeys` marked (week, unit) pairs; returns how many. One
 * refresher at a time (advisory lock): a second caller returns 0 at once.
 */
export async function refreshRollups(database: Database, maxKeys = 50): Promise<number> {
  return database.db.transaction(async (tx) => {
    const lock = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('caunoi:stats-rollup')) as ok`);
    if (!rowsOf(lock)[0]?.ok) return 0;
    // From the first markers in index order: a bulk load leaves millions of markers, and DISTINCT over all of them each round would sort them all.
    const keys = rowsOf(await tx.execute(sql`select distinct week::text as week, unit_id
      from (select week, unit_id from stats_dirty order by week, unit_id limit 20000) m limit ${maxKeys}`));
    if (keys.length === 0) return 0;
    const weeks = keys.map((k) => String(k.week).slice(0, 10));
    const unitIds = keys.map((k) => Number(k.unit_id));
    const list = sql`select * from unnest(${textArray(weeks)}::date[], ${intArray(unitIds)}) as k(week, unit_id)`;
    // Markers first: those visible now belong to committed changes, which the reads below see.
    await tx.execute(sql`delete from stats_dirty d using (${list}) k where d.week = k.week and d.unit_id = k.unit_id`);
    const rows = aggregateRaw(rowsOf(await tx.execute(keyedReports(list))), rowsOf(await tx.execute(keyedUnitTime(list))));
    await tx.execute(sql`delete from report_week_stats s using (${list}) k where s.week = k.week and s.unit_id = k.unit_id`);
    for (let i = 0; i < rows.length; i += 100) {
      await tx.insert(reportWeekStats).values(rows.slice(i, i + 100));
    }
    return keys.length;
  });
}

/** Refresh until nothing is marked (or `budgetMs` has passed); returns the pairs recomputed. */
export async function refreshAllRollups(database: Database, budgetMs = Infinity): Promise<number> {
  const start = Date.now();
  let total = 0;
  for (;;) {
    const n = await refreshRollups(database);
    total += n;
    if (n === 0 || Date.now() - start > budgetMs) return total;
  }
}

// ---------------------------------------------------------------------------
// Reading rows into the dashboard's shapes (the same as stats.repo.ts returns)

/** Lower and upper bound (ms) of a histogram class. */
function bounds(b: number): [number, number] {
  return b === 0 ? [0, 1000] : [1000 * BUCKET_RATIO ** (b - 1), 1000 * BUCKET_RATIO ** b];
}

class Histogram {
  private readonly counts = new Float64Array(MAX_BUCKET + 1);
  n = 0;
  /** A stored histogram: [first bucket, count, count, …]. */
  add(h: Hist): void {
    const lo = h[0];
    if (lo === undefined) return;
    const counts = this.counts;
    for (let i = 1; i < h.length; i++) {
      const c = h[i]!;
      if (c === 0) continue;
      counts[Math.min(lo + i - 1, MAX_BUCKET)]! += c;
      this.n += c;
    }
  }
  /** percentile_cont's definition (interpolating between ranks), each rank placed evenly inside its class. */
  percentile(p: number): number | null {
    if (this.n === 0) return null;
    const pos = p * (this.n - 1);
    const lo = Math.floor(pos);
    const a = this.valueAt(lo);
    return pos === lo ? a : a + (this.valueAt(lo + 1) - a) * (pos - lo);
  }
  private valueAt(rank: number): number {
    let before = 0;
    for (let b = 0; b <= MAX_BUCKET; b++) {
      const c = this.counts[b]!;
      if (c > 0 && rank < before + c) {
        const [lo, hi] = bounds(b);
        return lo + (hi - lo) * (rank - before + 0.5) / c;
      }
      before += c;
    }
    return bounds(MAX_BUCKET)[1];
  }
}

const r0 = (v: number | null) => (v === null ? null : Math.round(v));
const addCounts = (target: Counts, src: Counts) => { for (const k in src) target[k] = (target[k] ?? 0) + src[k]!; };

/** Counts of a group of rows; only the histograms a grouping needs are merged. */
class Agg {
  received = 0; answered = 0; responded = 0; stillOpen = 0; onTime = 0; lateExtended = 0; late = 0; rated = 0; ratingSum = 0;
  chargedReports = 0; chargedWallMs = 0; chargedWorkMs = 0;
  ratings: Counts = {};
  readonly hist: Partial<Record<HistKey, Histogram>> = {};
  constructor(private readonly keys: readonly HistKey[]) {
    for (const k of keys) this.hist[k] = new Histogram();
  }
  add(r: RollupRow, liveLate: number): void {
    this.received += r.received; this.answered += r.answered; this.responded += r.responded; this.stillOpen += r.stillOpen;
    this.onTime += r.onTime; this.lateExtended += r.lateExtended; this.late += r.late + liveLate; this.rated += r.rated;
    this.ratingSum += r.ratingSum; this.chargedReports += r.chargedReports; this.chargedWallMs += r.chargedWallMs;
    this.chargedWorkMs += r.chargedWorkMs;
    addCounts(this.ratings, r.ratings);
    for (const k of this.keys) this.hist[k]!.add(r[k]);
  }
  median(k: HistKey): number | null { return r0(this.hist[k]!.percentile(0.5)); }
  timing(wall: HistKey, work: HistKey): Timing {
    const w = this.hist[wall]!;
    const k = this.hist[work]!;
    return { count: w.n, medianMs: r0(w.percentile(0.5)), p90Ms: r0(w.percentile(0.9)), medianWorkMs: r0(k.percentile(0.5)), p90WorkMs: r0(k.percentile(0.9)) };
  }
  get outcome() { return onTimeOf(this); }
  get satisfaction() {
    return { count: this.rated, average: this.rated > 0 ? Math.round((this.ratingSum / this.rated) * 100) / 100 : null };
  }
}
type HistKey = 'frWall' | 'frWork' | 'resWall' | 'resWork';

/** Every figure of a period, grouped as the dashboard needs it, computed on first use from one read of the rows. */
export class PeriodAggregates {
  private readonly liveOf: number[];
  constructor(private readonly rows: RollupRow[], live: Map<string, number>) {
    // The live part is counted once per (week, unit), whatever number of rows (stored + partial) it has.
    const seen = new Set<string>();
    this.liveOf = rows.map((r) => {
      const key = `${r.week}|${r.unitId}`;
      if (seen.has(key)) return 0;
      seen.add(key);
      return live.get(key) ?? 0;
    });
  }
  private group<K>(keyOf: (r: RollupRow) => K, hist: readonly HistKey[]): Map<K, Agg> {
    const map = new Map<K, Agg>();
    this.rows.forEach((r, i) => {
      const key = keyOf(r);
      let a = map.get(key);
      if (!a) { a = new Agg(hist); map.set(key, a); }
      a.add(r, this.liveOf[i]!);
    });
    return map;
  }

  headline(): Headline {
    const t = this.group(() => 0, ['frWall', 'frWork', 'resWall', 'resWork']).get(0) ?? new Agg(['frWall', 'frWork', 'resWall', 'resWork']);
    const d = (k: string) => t.ratings[k] ?? 0;
    return {
      received: t.received, answered: t.answered, responded: t.responded, stillOpen: t.stillOpen,
      firstResponse: t.timing('frWall', 'frWork'), resolution: t.timing('resWall', 'resWork'), onTime: t.outcome,
      satisfaction: { ...t.satisfaction, distribution: { 1: d('1'), 2: d('2'), 3: d('3'), 4: d('4'), 5: d('5') } },
    };
  }

  byUnit(): UnitAggregate[] {
    return [...this.group((r) => r.unitId, ['frWork', 'resWork']).entries()].filter(([, a]) => a.received > 0).map(([unitId, a]) => ({
      unitId, received: a.received, answered: a.answered, firstResponseMedianWorkMs: a.median('frWork'), resolutionMedianWorkMs: a.median('resWork'),
      onTime: a.outcome, satisfaction: a.satisfaction,
    }));
  }

  charged(): Map<number, { reports: number; wallMs: number; workMs: number }> {
    return new Map([...this.group((r) => r.unitId, []).entries()].filter(([, a]) => a.chargedReports > 0)
      .map(([id, a]) => [id, { reports: a.chargedReports, wallMs: a.chargedWallMs, workMs: a.chargedWorkMs }]));
  }

  /** Weekly points (a period read through rollups is always longer than the daily buckets' limit). */
  trend(): TrendPoint[] {
    return [...this.group((r) => r.week, ['frWork']).entries()].filter(([, a]) => a.received > 0).sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([week, a]) => ({ start: week, received: a.received, answered: a.answered, onTime: a.outcome, firstResponseMedianWorkMs: a.median('frWork') }));
  }

  volumes() {
    const ch: Counts = {}; const ca: Counts = {}; const co: Counts = {};
    for (const r of this.rows) { addCounts(ch, r.byChannel); addCounts(ca, r.byCategory); addCounts(co, r.byCommune); }
    const list = <K>(c: Counts, key: (k: string) => K) => Object.entries(c).map(([k, n]) => ({ key: key(k), count: n })).sort((a, b) => b.count - a.count);
    const id = (k: string) => (k === '-' ? null : Number(k));
    return { byChannel: list(ch, (k) => k as 'web' | 'sms' | 'zalo'), byCategory: list(ca, id), byCommune: list(co, id) };
  }
}

export async function periodAggregates(db: Db, ids: number[] | null, from: Date, to: Date, now = new Date()): Promise<PeriodAggregates> {
  const [rows, live] = await Promise.all([periodRows(db, ids, from, to, now), openLate(db, ids, from, to)]);
  return new PeriodAggregates(rows, live);
}

