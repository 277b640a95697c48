/**
 * Weekly rollups (src/modules/stats/rollup.ts) against the exact aggregates
 * (stats.repo.ts) on a few thousand generated reports over 200 days: every
 * count equal, every percentile within its 2 % class, whether the weeks are
 * still marked (read raw), stored, or changed since they were stored; and the
 * triggers' week (SQL) equal to the reader's week (JS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { units } from '../../src/db/schema/index.js';
import { periodAggregates, refreshAllRollups, refreshRollups, weekStartOf } from '../../src/modules/stats/rollup.js';
import { byUnit, chargedByUnit, headline, trend, volumes, type Timing } from '../../src/modules/stats/stats.repo.js';
import { statsWhere } from '../../src/modules/stats/stats.service.js';
import { createTestHub, dbMode, type TestHub } from '../support/context.js';

const DAY = 86_400_000;
let hub: TestHub;
let allIds: number[];
let communeIds: number[];

/** Reports over the last 200 days: durations spread over minutes to weeks, outcomes, ratings, a share open and late, charged time. */
async function generate(n: number): Promise<void> {
  const q = (text: string) => hub.ctx.database.query(text, []);
  await q(`insert into contacts default values`);
  await q(`
    insert into reports (code, origin_channel, contact_id, category_id, location_unit_id, assigned_unit_id, route_reason, status, priority,
      description, search_text, received_at, first_response_at, answered_at, last_activity_at, due_at,
      first_response_ms, first_response_work_ms, resolution_ms, resolution_work_ms, on_time_status, rating, created_at, updated_at)
    select 'RB' || lpad(g::text, 7, '0'), (array['web', 'sms', 'zalo'])[1 + g % 3], (select max(id) from contacts),
      case when g % 7 = 0 then null else (select id from categories order by id limit 1 offset (g % 3)) end,
      case when g % 5 = 0 then null else u.id end, u.id, 'explicit',
      case when g % 11 = 0 then 'in_progress' when g % 13 = 0 then 'received' when g % 2 = 0 then 'closed' else 'answered' end,
      'normal', 'Phản ánh ' || g, 'phan anh ' || g, rec,
      case when g % 13 <> 0 then rec + fr * interval '1 millisecond' end,
      case when g % 11 <> 0 and g % 13 <> 0 then rec + (fr + ex) * interval '1 millisecond' end,
      rec, rec + interval '5 days',
      case when g % 13 <> 0 then fr end, case when g % 13 <> 0 then (fr * 0.3)::bigint end,
      case when g % 11 <> 0 and g % 13 <> 0 then fr + ex end, case when g % 11 <> 0 and g % 13 <> 0 then ((fr + ex) * 0.3)::bigint end,
      case when g % 11 = 0 or g % 13 = 0 then null when g % 4 = 0 then 'late' when g % 9 = 0 then 'late_extended' else 'on_time' end,
      case when g % 11 <> 0 and g % 13 <> 0 and g % 3 = 0 then 1 + g % 5 end, rec, rec
    from generate_series(1, ${n}) g
      cross join lateral (select now() - ((g * 7919) % 200000) * interval '1 day' / 1000 - (g % 97) * interval '1 minute' as rec,
        (exp((g * 31 % 1000) / 90.0) * 1000)::bigint as fr, (exp((g * 17 % 1000) / 85.0) * 2000)::bigint as ex) d
      cross join lateral (select id from units where kind = 'commune' order by id limit 1 offset (g % 3)) u`);
  await q(`insert into report_unit_time (report_id, unit_id, received_at, wall_ms, work_ms)
    select id, assigned_unit_id, received_at, resolution_ms, resolution_work_ms from reports where code like 'RB%' and resolution_ms is not null`);
}

beforeAll(async () => {
  hub = await createTestHub();
  await generate(3000);
  const all = await hub.ctx.database.db.select({ id: units.id, kind: units.kind }).from(units);
  allIds = all.map((u) => u.id);
  communeIds = all.filter((u) => u.kind === 'commune').map((u) => u.id).slice(0, 2);
}, 60_000);
afterAll(async () => { await hub?.close(); });

const within2pc = (exact: number | null, rolled: number | null) => {
  if (exact === null || rolled === null) return expect(rolled).toBe(exact);
  // A class is 2 % wide; interpolating inside it never lands further than one class away.
  expect(Math.abs(rolled - exact)).toBeLessThanOrEqual(Math.max(0.02 * exact, 1000));
};
const sameTiming = (exact: Timing, rolled: Timing) => {
  expect(rolled.count).toBe(exact.count);
  within2pc(exact.medianMs, rolled.medianMs); within2pc(exact.p90Ms, rolled.p90Ms);
  within2pc(exact.medianWorkMs, rolled.medianWorkMs); within2pc(exact.p90WorkMs, rolled.p90WorkMs);
};
const sortedCounts = (l: { key: unknown; count: number }[]) => l.map((x) => `${String(x.key)}:${x.count}`).sort();

/** Every figure of the period through the rollups equals the exact aggregate (percentiles: within a class). */
async function expectSameFigures(ids: number[] | null, from: Date, to: Date): Promise<number> {
  const db = hub.ctx.database.db;
  const where = statsWhere(ids, { from, to });
  const [h, units, points, vol, charged, agg] = await Promise.all([
    headline(db, where), byUnit(db, where), trend(db, where, 'week'), volumes(db, where),
    chargedByUnit(db, ids ?? allIds, from, to), periodAggregates(db, ids, from, to),
  ]);
  const r = agg.headline();
  expect({ ...r, firstResponse: null, resolution: null }).toEqual({ ...h, firstResponse: null, resolution: null });
  sameTiming(h.firstResponse, r.firstResponse);
  sameTiming(h.resolution, r.resolution);
  const ru = new Map(agg.byUnit().map((u) => [u.unitId, u]));
  expect([...ru.keys()].sort()).toEqual(units.map((u) => u.unitId).sort());
  for (const u of units) {
    const x = ru.get(u.unitId)!;
    expect({ ...x, firstResponseMedianWorkMs: 0, resolutionMedianWorkMs: 0 }).toEqual({ ...u, firstResponseMedianWorkMs: 0, resolutionMedianWorkMs: 0 });
    within2pc(u.firstResponseMedianWorkMs, x.firstResponseMedianWorkMs);
    within2pc(u.resolutionMedianWorkMs, x.resolutionMedianWorkMs);
  }
  const rp = agg.trend();
  expect(rp.map((p) => ({ ...p, firstResponseMedianWorkMs: 0 }))).toEqual(points.map((p) => ({ ...p, firstResponseMedianWorkMs: 0 })));
  rp.forEach((p, i) => within2pc(points[i]!.firstResponseMedianWorkMs, p.firstResponseMedianWorkMs));
  const rv = agg.volumes();
  expect(sortedCounts(rv.byChannel)).toEqual(sortedCounts(vol.byChannel));
  expect(sortedCounts(rv.byCategory)).toEqual(sortedCounts(vol.byCategory));
  expect(sortedCounts(rv.byCommune)).toEqual(sortedCounts(vol.byCommune));
  expect(agg.charged()).toEqual(charged);
  return h.received;
}

const marked = async () => Number((await hub.ctx.database.query<{ n: string }>('select count(*) as n from stats_dirty', []))[0]!.n);
const stored = async () => Number((await hub.ctx.database.query<{ n: string }>('select count(*) as n from report_week_stats', []))[0]!.n);

/** Periods of every shape: whole Vietnam days up to the end of today (the dashboard), instants, past, one commune, everything. */
function periods(): [string, number[] | null, Date, Date][] {
  const now = Date.now();
  const endOfToday = new Date(Math.floor((now + 7 * 3_600_000) / DAY) * DAY + DAY - 7 * 3_600_000);
  return [
    ['90 days as the dashboard asks', allIds, new Date(endOfToday.getTime() - 90 * DAY), endOfToday],
    ['365 days, every unit', null, new Date(now - 365 * DAY), new Date(now)],
    ['100 days ending 20 days ago, mid-week', allIds, new Date(now - 120 * DAY + 5 * 3_600_000), new Date(now - 20 * DAY - 3 * 3_600_000)],
    ['180 days, two communes', communeIds, new Date(now - 180 * DAY), new Date(now)],
  ];
}

describe('weekly rollups equal the exact aggregates', () => {
  it('while every week is still marked (read from reports)', async () => {
    expect(await marked()).toBeGreaterThan(0);
    expect(await stored()).toBe(0);
    for (const [, ids, from, to] of periods()) expect(await expectSameFigures(ids, from, to)).toBeGreaterThan(100);
  });

  it('once stored: nothing left marked, the same figures', async () => {
    expect(await refreshAllRollups(hub.ctx.database)).toBeGreaterThan(20);
    expect(await marked()).toBe(0);
    expect(await stored()).toBeGreaterThan(20);
    for (const [, ids, from, to] of periods()) await expectSameFigures(ids, from, to);
  });

  it('a change is counted at once (its week is read raw until refreshed), and after the refresh', async () => {
    const q = (text: string) => hub.ctx.database.query(text, []);
    // Answers, ratings, a transfer to another commune and a reopening, in weeks that are stored.
    await q(`update reports set rating = 1 where code in ('RB0000010', 'RB0000020', 'RB0000040')`);
    await q(`update reports set assigned_unit_id = (select id from units where kind = 'commune' order by id desc limit 1) where code = 'RB0000050'`);
    await q(`update reports set status = 'in_progress', on_time_status = null, resolution_ms = null, resolution_work_ms = null where code = 'RB0000070'`);
    await q(`update reports set description = 'không ảnh hưởng thống kê' where code = 'RB0000080'`);
    expect(await marked()).toBe(6); // rating ×3, transfer (old and new unit), reopen; the description marks nothing
    for (const [, ids, from, to] of periods()) await expectSameFigures(ids, from, to);
    await refreshAllRollups(hub.ctx.database);
    expect(await marked()).toBe(0);
    for (const [, ids, from, to] of periods()) await expectSameFigures(ids, from, to);
  });

  it('the week the triggers mark is the week the reader groups by, across Monday midnight in Vietnam', async () => {
    // 2026-11-22 is a Sunday; 17:00 UTC is Monday 00:00 in Vietnam.
    const instants = ['2026-11-22T16:59:59.999Z', '2026-11-22T17:00:00.000Z', '2026-11-29T16:59:59Z', '2027-01-03T17:00:00Z', '2025-12-31T20:00:00Z']
      .map((s) => new Date(s));
    for (const t of instants) {
      const rows = await hub.ctx.database.query<{ w: string }>('select stats_week($1::timestamptz)::text as w', [t.toISOString()]);
      const js = new Date(weekStartOf(t).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      expect(js).toBe(rows[0]!.w);
    }
  });
});

describe.runIf(dbMode() === 'server')('refreshing beside concurrent writers', () => {
  it('a change committed after the refresher read its week keeps its marker, so the next round counts it', async () => {
    const client = new pg.Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`update reports set rating = 2 where code = 'RB0000100'`);
      // The writer has not committed: its marker is invisible, the refresher neither waits for it nor deletes it.
      await refreshAllRollups(hub.ctx.database);
      await client.query('commit');
    } finally { await client.end(); }
    expect(await marked()).toBe(1);
    for (const [, ids, from, to] of periods()) await expectSameFigures(ids, from, to);
    expect(await refreshRollups(hub.ctx.database)).toBe(1);
    expect(await marked()).toBe(0);
    for (const [, ids, from, to] of periods()) await expectSameFigures(ids, from, to);
  });
});
