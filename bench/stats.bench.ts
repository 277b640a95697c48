/**
 * Statistics benchmark: 1,000,000 reports with timelines generated in a fresh
 * PostgreSQL database (bench/stats.data.ts), then each dashboard query timed
 * (median and worst of 5 warm runs) beside the target, and the streaming CSV
 * export of every report with the process's peak RSS while it runs.
 * BENCH_STATS_REPORTS changes the size; BENCH_KEEP=1 keeps the database and
 * BENCH_STATS_REUSE=1 measures again on it; BENCH_STATS_EXPORT=0 skips the export.
 */
import os from 'node:os';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { parseEnv } from '../src/config/env.js';
import { createContext, type AppContext } from '../src/context.js';
import { openDatabase } from '../src/db/client.js';
import { categories, units } from '../src/db/schema/index.js';
import { seedDemoDistrict } from '../src/db/seed.js';
import type { AuthUser } from '../src/modules/auth/auth.types.js';
import { reportConditions } from '../src/modules/reports/reports.repo.js';
import { streamCsv } from '../src/modules/stats/export.service.js';
import { publicScorecard, scoreWindows } from '../src/modules/stats/public-stats.service.js';
import { fillMissingMetrics } from '../src/modules/sla/metrics.service.js';
import { flagStuckReports } from '../src/modules/sla/stuck.js';
import { backlogByUnit, byUnit, headline, trend, volumes } from '../src/modules/stats/stats.repo.js';
import { filters, focusUnit, overdueList, statsWhere, summary, unitIdsFor } from '../src/modules/stats/stats.service.js';
import { periodAggregates, refreshAllRollups } from '../src/modules/stats/rollup.js';
import { PG_ADMIN, freshDatabase, row } from './support.js';
import { generateReports } from './stats.data.js';

const N = Number(process.env.BENCH_STATS_REPORTS ?? 1_000_000);
const TARGET_MS = 200;
const DAY = 86_400_000;
const fmt = (n: number) => n.toLocaleString('en-US');

async function timed(label: string, fn: () => Promise<unknown>, runs = 5): Promise<void> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)]!;
  const max = times[runs - 1]!;
  console.log(row(label, [`${median.toFixed(0)} ms`, `${max.toFixed(0)} ms`, `< ${TARGET_MS} ms`, median < TARGET_MS ? 'ok' : 'SLOW']));
}

function userOf(role: AuthUser['role'], unit: { id: number; path: string; name: string }): AuthUser {
  return { id: 0, username: `bench-${role}`, displayName: 'bench', role, unitId: unit.id, unitPath: unit.path, unitName: unit.name, canReveal: false };
}

async function exportAll(ctx: AppContext, user: AuthUser): Promise<void> {
  let bytes = 0;
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { bytes += chunk.length; cb(); } });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const t = performance.now();
  const rows = await streamCsv(ctx.database.db, user, { format: 'csv', filters: filters({}), personal: false }, sink);
  const secs = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(`CSV export (admin, every report): ${fmt(rows)} rows, ${mb(bytes)} in ${secs.toFixed(1)} s (${fmt(Math.round(rows / secs))} rows/s)`);
  console.log(`  peak RSS during export ${mb(peak)} (before ${mb(baseline)}, +${mb(peak - baseline)}); rows are streamed in batches of 2,000`);
}

/** The rollups' medians beside the exact ones over the same 365 days (counts are equal by construction; tests check it). */
async function accuracy(ctx: AppContext, ids: number[] | null, now: Date): Promise<void> {
  const p = dayPeriod(365, now);
  const [exact, rolled] = await Promise.all([headline(ctx.database.db, statsWhere(ids, p)), periodAggregates(ctx.database.db, ids, p.from, p.to, now)]);
  const r = rolled.headline();
  const pairs: [string, number | null, number | null][] = [
    ['first response median', exact.firstResponse.medianMs, r.firstResponse.medianMs], ['first response p90 (working)', exact.firstResponse.p90WorkMs, r.firstResponse.p90WorkMs],
    ['resolution median (working)', exact.resolution.medianWorkMs, r.resolution.medianWorkMs], ['resolution p90', exact.resolution.p90Ms, r.resolution.p90Ms],
  ];
  const worst = Math.max(...pairs.map(([, a, b]) => (a && b ? Math.abs(a - b) / a : 0)));
  console.log(`  365-day percentiles from rollups vs exact: worst difference ${(worst * 100).toFixed(3)} % (${pairs.map(([k, a, b]) => `${k} ${a} / ${b}`).join('; ')})`);
  console.log(`  counts: received ${fmt(exact.received)} / ${fmt(r.received)}, on time ${fmt(exact.onTime.onTime)} / ${fmt(r.onTime.onTime)}`);
}

/** A day's worth of changes where they happen (2,000 reports of the last four weeks rated), then one refresh round. */
async function steadyRefresh(ctx: AppContext): Promise<void> {
  await ctx.database.query(`update reports set rating = 1 + (id % 5)
    where id in (select id from reports where received_at > now() - interval '28 days' order by random() limit 2000)`, []);
  const t = performance.now();
  const keys = await refreshAllRollups(ctx.database);
  console.log(row(`rollup refresh after 2,000 changes (${fmt(keys)} week×unit)`, [`${(performance.now() - t).toFixed(0)} ms`, '', 'each 30 s', '']));
}

/** A dashboard preset as the admin panel asks for it: whole Vietnam days, today included (period.ts presetPeriod). */
function dayPeriod(days: number, now: Date): { from: Date; to: Date } {
  const VN = 7 * 3_600_000;
  const to = new Date(Math.floor((now.getTime() + VN) / DAY) * DAY + DAY - VN);
  return { from: new Date(to.getTime() - days * DAY), to };
}

async function queries(ctx: AppContext, district: AuthUser, admin: AuthUser, officer: AuthUser, traphuId: number): Promise<void> {
  const db = ctx.database.db;
  const now = new Date();
  const period = (days: number) => ({ from: new Date(now.getTime() - days * DAY), to: now });
  const where = (u: AuthUser, days: number) => reportConditions(u, filters({ unitId: u.role === 'admin' ? undefined : u.unitId, ...period(days) }));
  const districtIds = await unitIdsFor(db, district, await focusUnit(db, district, district.unitId));
  const rolled = (days: number) => periodAggregates(db, districtIds, dayPeriod(days, now).from, dayPeriod(days, now).to, now);
  console.log(row('query', ['median', 'worst', 'target', '']));
  await timed('summary endpoint, district, 30 d', () => summary(ctx, district, {}, now));
  await timed('summary endpoint, district, 90 d', () => summary(ctx, district, dayPeriod(90, now), now));
  await timed('summary endpoint, district, 365 d', () => summary(ctx, district, dayPeriod(365, now), now));
  await timed('summary endpoint, admin, 365 d', () => summary(ctx, admin, dayPeriod(365, now), now));
  await timed('summary endpoint, officer, 30 d', () => summary(ctx, officer, {}, now));
  await timed('headline, district, 30 d (exact)', () => headline(db, where(district, 30)));
  await timed('headline, district, 365 d (rollups)', async () => (await rolled(365)).headline());
  await timed('per-unit table, district, 30 d', () => Promise.all([byUnit(db, where(district, 30)), backlogByUnit(db, reportConditions(district, filters({ unitId: district.unitId })))]));
  await timed('per-unit table, district, 365 d', async () => (await rolled(365)).byUnit());
  await timed('trend (days), district, 30 d', () => trend(db, where(district, 30), 'day'));
  await timed('trend (weeks), district, 365 d', async () => (await rolled(365)).trend());
  await timed('volumes, district, 30 d', () => volumes(db, where(district, 30)));
  await timed('overdue list, district', () => overdueList(ctx, district, { limit: 100 }, now));
  await timed('overdue list, admin', () => overdueList(ctx, admin, { limit: 100 }, now));
  await timed('public scorecard, one commune', () => scoreWindows(ctx, traphuId, now));
  await timed('public scorecard, whole hub', () => scoreWindows(ctx, null, now));
  await timed('public scorecard, cached', () => publicScorecard(ctx, 'TRAPHU', now));
  await accuracy(ctx, districtIds, now);
  await steadyRefresh(ctx);
  const t = performance.now();
  let flagged = 0;
  for (let n = await flagStuckReports(ctx, now); n > 0; n = await flagStuckReports(ctx, now)) flagged += n;
  console.log(row(`stuck sweep, first (flags ${fmt(flagged)})`, [`${(performance.now() - t).toFixed(0)} ms`, '', 'once', '']));
  await timed('stuck sweep, steady (each minute)', () => flagStuckReports(ctx, now));
  await timed('metrics backstop sweep', () => fillMissingMetrics(db));
}

/** BENCH_STATS_REUSE=1 measures again on the database a BENCH_KEEP=1 run left. */
function reuseUrl(): string {
  const u = new URL(PG_ADMIN);
  u.pathname = '/caunoi_bench_stats';
  return u.toString();
}

export async function statsBench(): Promise<void> {
  const reuse = process.env.BENCH_STATS_REUSE === '1';
  const url = reuse ? reuseUrl() : await freshDatabase('caunoi_bench_stats');
  if (!url) { console.log('statistics benchmark needs the PostgreSQL server on 127.0.0.1:5432; skipped'); return; }
  const env = parseEnv({ ...process.env, DATABASE_URL: url, QUEUE_PREFIX: `benchstats${Date.now()}`, LOG_LEVEL: 'warn', DATA_DIR: '/tmp/caunoi-bench-stats' });
  const database = await openDatabase({ url, poolSize: 10 });
  const ctx = await createContext(env, { database });
  try {
    const demo = await seedDemoDistrict(database.db);
    const unitIds = Object.values(demo.units);
    const cats = (await database.db.select({ id: categories.id }).from(categories)).map((c) => c.id);
    const t = Date.now();
    const steps: Record<string, number> = reuse ? {} : await generateReports(url, N, { units: unitIds, categories: cats });
    const tr = Date.now();
    const built = await refreshAllRollups(database);
    if (built > 0) steps[`rollups (${fmt(built)} week×unit)`] = Date.now() - tr;
    console.log(`\nStatistics benchmark — ${reuse ? 'reusing the kept database' : `${fmt(N)} reports generated in ${((Date.now() - t) / 1000).toFixed(0)} s`} (${Object.entries(steps).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    const unit = async (id: number) => (await database.db.select({ id: units.id, path: units.path, name: units.name }).from(units).where(eq(units.id, id)))[0]!;
    const district = userOf('leader', await unit(demo.districtId));
    const admin = userOf('admin', await unit(demo.districtId));
    const officer = userOf('officer', await unit(demo.units.TRAPHU!));
    await queries(ctx, district, admin, officer, demo.units.TRAPHU!);
    if (process.env.BENCH_STATS_EXPORT !== '0') await exportAll(ctx, admin);
  } finally {
    await ctx.close();
    await database.close();
    if (process.env.BENCH_KEEP !== '1' && !reuse) {
      const admin = new (await import('pg')).default.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query('drop database if exists caunoi_bench_stats with (force)').finally(() => admin.end());
    }
  }
}
