/**
 * Notice fan-out benchmark: 100,000 SMS subscribers of one commune (seeded
 * with generate_series in a fresh database), a leader sends a notice through
 * the api, one worker process fans it out. Prints the time until every
 * delivery is inserted, handed to its channel and its send job enqueued (the
 * fan-out job completed: its last batch's jobs go to Redis after the last
 * commit), the fan-out job's own phase times (its return value: time in
 * PostgreSQL, in addBulk, waiting on Redis), the CPU seconds of the worker,
 * the api, the database's backends and Redis during the fan-out, and the RSS
 * of the api and worker processes sampled during the run. The machine may be
 * shared: compare figures from runs made in the same conditions. Target:
 * enqueued in under 30 s, the worker's memory flat. The SMS go to the demo's
 * simulated gateway at its own rate; sending them all is not part of the
 * figure. BENCH_SUBSCRIBERS changes the audience; BENCH_RECONCILE_S the
 * worker's reconciler interval.
 */
import fs from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
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

/** CPU seconds (user + system) a process has used; 0 when it is gone. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch { return 0; }
}

/** CPU seconds by process: the PostgreSQL backends of one database, and the Redis server (shared with anything else using it). */
function serverCpu(dbName: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '';
    try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (cmd.startsWith('postgres:') && cmd.includes(` ${dbName} `)) out.set(`pg${pid}`, cpuSeconds(Number(pid)));
    else if (cmd.startsWith('redis-server')) out.set(`redis${pid}`, cpuSeconds(Number(pid)));
  }
  return out;
}

function cpuDelta(before: Map<string, number>, after: Map<string, number>, kind: string): number {
  let sum = 0;
  for (const [k, v] of after) if (k.startsWith(kind)) sum += v - (before.get(k) ?? 0);
  return sum;
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
  const smsQueue = new Queue('outbound-sms', { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  // The fan-out job's return value carries its phase times (workers/notices.processors.ts).
  const events = new QueueEvents('notices', { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  const finished: { at: number; value: Record<string, unknown> }[] = [];
  events.on('completed', ({ returnvalue }) => {
    const value = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as Record<string, unknown>;
    finished.push({ at: Date.now(), value });
  });
  try {
    await waitHttp(`${API}/readyz`);
    await c.connect();
    const t0 = Date.now();
    await seed(c);
    const seedMs = Date.now() - t0;
    worker = startProcess('workers/main.ts', env);
    await until(async () => (await queue.getWorkersCount()) > 0, () => undefined, 60_000);
    await events.waitUntilReady();
    const session = await signIn();
    const peak = { api: 0, worker: 0 };
    const startRss = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
    const sample = () => { peak.api = Math.max(peak.api, rssMb(api.pid)); peak.worker = Math.max(peak.worker, rssMb(worker?.pid)); };
    const dbName = new URL(dbUrl).pathname.slice(1);
    const cpu0 = { api: cpuSeconds(api.pid), worker: cpuSeconds(worker.pid), servers: serverCpu(dbName) };
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
    const insertedMs = await until(progress, sample);
    // Inserted is not enqueued: the last batches' jobs go to Redis after their commit, when the fan-out job completes.
    const doneMs = insertedMs < 0 ? -1 : await until(async () => finished.some((f) => f.value.outcome === 'done'), sample, 120_000);
    const enqueuedMs = doneMs < 0 ? -1 : finished.find((f) => f.value.outcome === 'done')!.at - sent - apiMs;
    const cpu1 = { api: cpuSeconds(api.pid), worker: cpuSeconds(worker.pid), servers: serverCpu(dbName) };
    const counts = await smsQueue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
    const deliveries = Number((await c.query('select count(*) from notice_deliveries where notice_id = $1', [created.id])).rows[0].count);
    const endRss = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
    console.log(`\n== Notices: fan-out to ${N.toLocaleString('en')} SMS subscribers (one api, one worker process, PostgreSQL server) ==`);
    console.log(`seeding with generate_series: ${(seedMs / 1000).toFixed(1)} s; POST /api/notices answered in ${apiMs} ms (${created.status}, ${created.estimatedRecipients} estimated)`);
    console.log(enqueuedMs >= 0 ? `all ${deliveries.toLocaleString('en')} deliveries inserted, handed to the SMS queue and enqueued in ${((enqueuedMs + apiMs) / 1000).toFixed(1)} s (target < 30 s); all inserted at ${((insertedMs + apiMs) / 1000).toFixed(1)} s` : 'fan-out did not finish within 10 minutes');
    console.log(`SMS send jobs in Redis: ${jobs.toLocaleString('en')} (${Object.entries(counts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    for (const f of finished) {
      const v = (k: string) => Number(f.value[k] ?? 0);
      const sec = (k: string) => (v(k) / 1000).toFixed(1);
      console.log(`fan-out job (${String(f.value.outcome)}): ${v('batches')} batches, ${v('handed')} handed on; in PostgreSQL ${sec('sqlMs')} s, addBulk to Redis ${sec('enqueueMs')} s (overlapping), waiting on Redis ${sec('waitMs')} s, job total ${sec('totalMs')} s`);
    }
    console.log(`CPU s during the fan-out: worker ${(cpu1.worker - cpu0.worker).toFixed(1)}, api ${(cpu1.api - cpu0.api).toFixed(1)}, PostgreSQL backends ${cpuDelta(cpu0.servers, cpu1.servers, 'pg').toFixed(1)}, Redis ${cpuDelta(cpu0.servers, cpu1.servers, 'redis').toFixed(1)} (shared); load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    console.log(`worker RSS MB as deliveries reach ${quarters.join(', ')}`);
    console.log(`RSS MB  api: start ${startRss.api.toFixed(0)}, peak ${peak.api.toFixed(0)}, end ${endRss.api.toFixed(0)}   worker: start ${startRss.worker.toFixed(0)}, peak ${peak.worker.toFixed(0)}, end ${endRss.worker.toFixed(0)}`);
  } finally {
    await queue.close().catch(() => undefined);
    await smsQueue.close().catch(() => undefined);
    await events.close().catch(() => undefined);
    await c.end().catch(() => undefined);
    if (worker) await stop(worker);
    await stop(api);
    // 100,000 waiting send jobs are not left in a shared Redis (BENCH_KEEP=1 keeps them).
    if (!process.env.BENCH_KEEP) await dropPrefix(prefix).catch(() => undefined);
  }
}
