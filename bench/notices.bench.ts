/**
 * Notice fan-out benchmark: 100,000 SMS subscribers of one commune (seeded
 * with generate_series in a fresh database), a leader sends a notice through
 * the api, one worker process fans it out. Prints the time until every
 * delivery is inserted, handed to its channel and its send job enqueued, and
 * the RSS of the api and worker processes sampled during the run. Target:
 * enqueued in under 30 s, the worker's memory flat. The SMS go to the demo's
 * simulated gateway at its own rate; sending them all is not part of the
 * figure. BENCH_SUBSCRIBERS changes the audience; BENCH_RECONCILE_S the
 * worker's reconciler interval.
 */
import fs from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { hashPassword } from '../src/modules/auth/password.js';
import { freshDatabase, startProcess, stop, waitHttp } from './support.js';

const N = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const PORT = 3904;
const API = `http://127.0.0.1:${PORT}`;

function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch { return 0; }
}

async function seed(c: pg.Client): Promise<number> {
  const unit = (await c.query("select id from units where sms_code = 'TRAPHU' and valid_to is null")).rows[0].id as number;
  const district = (await c.query("select id from units where sms_code = 'TRABONG'")).rows[0].id as number;
  await c.query(`insert into contacts (phone) select '+8491' || lpad(i::text, 7, '0') from generate_series(1, ${N}) i`);
  await c.query("insert into contact_identities (contact_id, channel, external_id) select id, 'sms', phone from contacts where phone like '+8491%'");
  await c.query(`insert into subscriptions (contact_id, unit_id, channel, active, consent_at, consent_source)
    select id, ${unit}, 'sms', true, now(), 'bench' from contacts where phone like '+8491%'`);
  await c.query('analyze');
  await c.query("insert into users (username, display_name, password_hash, role, unit_id) values ('bench.leader', 'Bench', $1, 'leader', $2)",
    [await hashPassword('bench-password-1'), district]);
  return unit;
}

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${API}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.leader', password: 'bench-password-1' }) });
  const cookie = (res.headers.getSetCookie().find((x) => x.startsWith('caunoi.sid=')) ?? '').split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function until(what: () => Promise<boolean>, onTick: () => void, limitMs = 600_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    onTick();
    if (await what()) return Date.now() - start;
    if (Date.now() - start > limitMs) return -1;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally { redis.disconnect(); }
}

export async function noticesBench(): Promise<void> {
  const dbUrl = await freshDatabase('caunoi_bench_notices');
  if (!dbUrl) { console.log('notices benchmark needs the PostgreSQL server on 127.0.0.1:5432; skipped'); return; }
  const prefix = `benchn${Date.now()}`;
  const env = {
    PORT: String(PORT), QUEUE_PREFIX: prefix, DATA_DIR: '/tmp/caunoi-bench-notices', DATABASE_URL: dbUrl, DEMO_MODE: 'true',
    QUIET_HOURS: 'off', ...(process.env.BENCH_RECONCILE_S ? { RECONCILE_INTERVAL_S: process.env.BENCH_RECONCILE_S } : {}), NOTICE_APPROVAL_THRESHOLD: String(N * 10), PUBLIC_RATE_LIMIT: '100000',
  };
  const api = startProcess('bench/hub-api.ts', env);
  let worker: ReturnType<typeof startProcess> | undefined;
  const c = new pg.Client({ connectionString: dbUrl });
  const queue = new Queue('notices', { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  try {
    await waitHttp(`${API}/readyz`);
    await c.connect();
    const t0 = Date.now();
    await seed(c);
    const seedMs = Date.now() - t0;
    worker = startProcess('workers/main.ts', env);
    await until(async () => (await queue.getWorkersCount()) > 0, () => undefined, 60_000);
    const session = await signIn();
    const peak = { api: 0, worker: 0 };
    const startRss = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
    const sample = () => { peak.api = Math.max(peak.api, rssMb(api.pid)); peak.worker = Math.max(peak.worker, rssMb(worker?.pid)); };
    const sent = Date.now();
    const res = await fetch(`${API}/api/notices`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ title: 'Thông báo thử tải', text: 'Lịch tiêm chủng mở rộng vào thứ Bảy tại trạm y tế xã.', unitCodes: ['TRAPHU'], channels: ['sms'] }),
    });
    const created = (await res.json()) as { id: number; status: string; estimatedRecipients: number };
    const apiMs = Date.now() - sent;
    // Worker RSS as the fan-out passes each quarter of the audience: flat means it does not grow with it.
    const quarters: string[] = [];
    const progress = async () => {
      const r = (await c.query('select fanout_done, (select count(*) from notice_deliveries where notice_id = $1)::int as n from notices where id = $1', [created.id])).rows[0] as { fanout_done: boolean; n: number };
      while (quarters.length < 4 && r.n >= (N * (quarters.length + 1)) / 4) quarters.push(`${(quarters.length + 1) * 25}%: ${rssMb(worker?.pid).toFixed(0)}`);
      return r.fanout_done;
    };
    const enqueuedMs = await until(progress, sample);
    const deliveries = Number((await c.query('select count(*) from notice_deliveries where notice_id = $1', [created.id])).rows[0].count);
    const endRss = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
    console.log(`\n== Notices: fan-out to ${N.toLocaleString('en')} SMS subscribers (one api, one worker process, PostgreSQL server) ==`);
    console.log(`seeding with generate_series: ${(seedMs / 1000).toFixed(1)} s; POST /api/notices answered in ${apiMs} ms (${created.status}, ${created.estimatedRecipients} estimated)`);
    console.log(enqueuedMs >= 0 ? `all ${deliveries.toLocaleString('en')} deliveries inserted, handed to the SMS queue and enqueued in ${((enqueuedMs + apiMs) / 1000).toFixed(1)} s (target < 30 s)` : 'fan-out did not finish within 10 minutes');
    console.log(`worker RSS MB as deliveries reach ${quarters.join(', ')}`);
    console.log(`RSS MB  api: start ${startRss.api.toFixed(0)}, peak ${peak.api.toFixed(0)}, end ${endRss.api.toFixed(0)}   worker: start ${startRss.worker.toFixed(0)}, peak ${peak.worker.toFixed(0)}, end ${endRss.worker.toFixed(0)}`);
  } finally {
    await queue.close().catch(() => undefined);
    await c.end().catch(() => undefined);
    if (worker) await stop(worker);
    await stop(api);
    // 100,000 waiting send jobs are not left in a shared Redis (BENCH_KEEP=1 keeps them).
    if (!process.env.BENCH_KEEP) await dropPrefix(prefix).catch(() => undefined);
  }
}
