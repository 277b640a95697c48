/**
 * Data for the statistics benchmark: N reports over the last year with
 * realistic timelines, generated inside PostgreSQL with generate_series (no
 * row-by-row inserts): first response and resolution drawn from exponential
 * distributions, a share still open (more among recent ones), some late,
 * some late within an extension, some transferred, a third rated. Working
 * time is approximated (≈ 22 % of wall-clock time) — the benchmark measures
 * queries, not the clock. Rows are inserted in order of receipt, as a real
 * hub appends them, so the table's physical order follows received_at.
 */
import pg from 'pg';

export interface BenchUnits { units: number[]; categories: number[] }

const GEN = `
create unlogged table bench_gen as
with s as (
  select g, now() - (random() * 365) * interval '1 day' as rec, random() as r_status, random() as r_fr, random() as r_res,
    random() as r_late, random() as r_rate, random() as r_ch, random() as r_cat, random() as r_unit, random() as r_score
  from generate_series(1, $1::int) g
), t as (
  select s.*, ($2::int[])[1 + floor(r_unit * array_length($2::int[], 1))::int] as unit,
    ($3::int[])[1 + floor(r_cat * array_length($3::int[], 1))::int] as cat,
    case when r_ch < 0.45 then 'web' when r_ch < 0.8 then 'sms' else 'zalo' end as ch,
    (-ln(1 - r_fr * 0.999) * 30 * 3600000)::bigint as fr_ms,
    (-ln(1 - r_res * 0.999) * 60 * 3600000)::bigint as extra_ms
  from s
), u as (
  select t.*, rec + fr_ms * interval '1 millisecond' as fr_at, rec + (fr_ms + extra_ms) * interval '1 millisecond' as ans_at,
    rec + interval '7 days' as policy_due
  from t
)
select u.*, (r_status < 0.01 or (rec > now() - interval '3 days' and r_status < 0.5) or ans_at > now()) as is_open from u order by rec`;

const REPORTS = `
insert into reports (code, origin_channel, contact_id, category_id, location_unit_id, assigned_unit_id, route_reason, status, priority,
  description, search_text, received_at, first_response_at, answered_at, closed_at, last_activity_at, ack_due_at, due_at,
  first_response_ms, first_response_work_ms, resolution_ms, resolution_work_ms, on_time_status, rating, rated_at, metrics_at, created_at, updated_at)
select lpad(g::text, 9, '0'), ch, $1::bigint, cat, unit, unit, 'explicit',
  case when is_open and (fr_at > now() or r_status < 0.005) then 'received' when is_open then 'in_progress' when r_status > 0.6 then 'closed' else 'answered' end,
  'normal', 'Phản ánh mẫu số ' || g, 'phan anh mau so ' || g, rec,
  case when fr_at <= now() and not (is_open and r_status < 0.005) then fr_at end,
  case when not is_open then ans_at end,
  case when not is_open and r_status > 0.6 then ans_at + interval '2 days' end,
  case when is_open then rec else ans_at end, rec + interval '8 hours',
  case when not is_open and ans_at > policy_due and r_late < 0.2 then ans_at + interval '1 day' else policy_due end,
  case when fr_at <= now() and not (is_open and r_status < 0.005) then fr_ms end,
  case when fr_at <= now() and not (is_open and r_status < 0.005) then (fr_ms * 0.22)::bigint end,
  case when not is_open then fr_ms + extra_ms end, case when not is_open then ((fr_ms + extra_ms) * 0.22)::bigint end,
  case when is_open then null when ans_at <= policy_due then 'on_time' when r_late < 0.2 then 'late_extended' else 'late' end,
  case when not is_open and r_rate < 0.35 then least(5, 1 + floor(5 * sqrt(r_score)))::int end,
  case when not is_open and r_rate < 0.35 then ans_at + interval '1 day' end,
  now(), rec, now()
from bench_gen order by rec`;

const EVENTS = `
insert into report_events (report_id, type, actor_kind, unit_id, data, at)
select id, 'received', 'citizen', assigned_unit_id, jsonb_build_object('channel', origin_channel), received_at from reports
union all select id, 'routed', 'system', assigned_unit_id, null, received_at from reports
union all select id, 'deadline_set', 'system', assigned_unit_id, jsonb_build_object('dueAt', received_at + interval '7 days', 'version', 1), received_at from reports
union all select id, 'transferred', 'officer', assigned_unit_id, jsonb_build_object('toUnitId', assigned_unit_id), received_at + interval '2 hours' from reports where id % 12 = 0
union all select id, 'reply_sent', 'system', assigned_unit_id, null, first_response_at from reports where first_response_at is not null
union all select id, 'status_changed', 'officer', assigned_unit_id, jsonb_build_object('to', 'answered', 'via', 'manual'), answered_at from reports where answered_at is not null
union all select id, 'rated', 'citizen', assigned_unit_id, jsonb_build_object('score', rating), rated_at from reports where rating is not null`;

const SLA = `
insert into report_sla (report_id, policy_id, started_at, policy_due_at, due_at, warn_at, version, warned_version, breached_version, armed)
select id, null, received_at, received_at + interval '7 days', due_at, received_at + interval '5 days', 1,
  case when status in ('received', 'in_progress') and received_at + interval '5 days' < now() then 1 else 0 end,
  case when status in ('received', 'in_progress') and due_at < now() then 1 else 0 end,
  status in ('received', 'in_progress') and due_at >= now()
from reports`;

const UNIT_TIME = `
insert into report_unit_time (report_id, unit_id, received_at, wall_ms, work_ms)
select id, assigned_unit_id, received_at, resolution_ms, resolution_work_ms from reports where resolution_ms is not null`;

/** Fill the (freshly migrated, seeded) database; returns the step timings in ms. */
export async function generateReports(url: string, n: number, u: BenchUnits): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const took: Record<string, number> = {};
  const step = async (name: string, text: string, params: unknown[] = []) => {
    const t = Date.now();
    await client.query(text, params);
    took[name] = Date.now() - t;
  };
  try {
    await client.query('set maintenance_work_mem = \'256MB\'');
    const { rows } = await client.query<{ id: string }>('insert into contacts default values returning id');
    await step('generate', GEN, [n, u.units, u.categories]);
    await step('reports', REPORTS, [rows[0]!.id]);
    await step('events', EVENTS);
    await step('sla', SLA);
    await step('unit time', UNIT_TIME);
    await client.query('drop table bench_gen');
    // As autovacuum would have by now: statistics and the visibility map (index-only scans).
    await step('vacuum', 'vacuum analyze');
  } finally {
    await client.end();
  }
  return took;
}
