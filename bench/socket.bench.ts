/**
 * Realtime benchmark: signed Zalo `user_send_text` webhooks at a paced rate,
 * each from a new citizen, against the running hub (compiled api + worker,
 * real PostgreSQL and Redis); for each, the time from sending the webhook to
 * the `report.created` event on the socket of an officer of the receiving
 * unit. Target: p99 ≤ 100 ms at 200 messages/s (printed, never asserted).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { io as connectClient } from 'socket.io-client';
import { openDatabase } from '../src/db/client.js';
import { createAccount } from '../src/modules/auth/users.service.js';
import { buildServer, freshDatabase, row, startProcess, stop, waitHttp } from './support.js';
import { FakeZalo } from '../tests/fakes/zalo.js';

const RATE = Number(process.env.BENCH_SOCKET_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GRACE_MS = 10_000;
const PORT = 3903;
const BASE = `http://127.0.0.1:${PORT}`;
const ZALO_APP_ID = '2553928453557884079';
const ZALO_OA_SECRET = 'bench-oa-secret-key';
const USERNAME = 'bench.socket';
const PASSWORD = 'mat-khau-bench-socket';

const runId = `${process.pid}-${Date.now()}`;
const msgId = (i: number) => `sock-${runId}-${i}`;

/** A signed `user_send_text` from citizen number `i` (a distinct Zalo user each time). */
function zaloEvent(i: number): { body: string; headers: Record<string, string> } {
  const timestamp = String(Date.now());
  const body = JSON.stringify({
    app_id: ZALO_APP_ID, user_id_by_app: `66${3000000000000000 + i}`, event_name: 'user_send_text',
    sender: { id: `77${3000000000000000 + i}` }, recipient: { id: '579745863508352884' },
    message: { msg_id: msgId(i), text: 'Đèn đường ở thôn 2 bị hỏng từ tuần trước, đề nghị sửa giúp' }, timestamp,
  });
  const mac = createHash('sha256').update(ZALO_APP_ID + body + timestamp + ZALO_OA_SECRET).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } };
}

async function post(i: number): Promise<number> {
  const e = zaloEvent(i);
  const res = await fetch(`${BASE}/webhooks/zalo`, { method: 'POST', body: e.body, headers: e.headers });
  await res.arrayBuffer();
  return res.status;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function socketBench(): Promise<void> {
  buildServer();
  const dbUrl = await freshDatabase('caunoi_bench_socket');
  if (!dbUrl) { console.log('socket benchmark needs the PostgreSQL server on 127.0.0.1:5432; skipped'); return; }
  // Acknowledgements go to a fake Zalo API that answers at once, as the real one would (a dead address
  // would make every acknowledgement fail and retry on the same worker, which is not what we measure).
  const fakeZalo = await FakeZalo.start();
  const env = {
    ...fakeZalo.env(),
    PORT: String(PORT), QUEUE_PREFIX: `benchsock${Date.now()}`, PUBLIC_RATE_LIMIT: '100000000', DATA_DIR: '/tmp/caunoi-bench-socket-data', DATABASE_URL: dbUrl,
    ZALO_APP_ID, ZALO_OA_SECRET_KEY: ZALO_OA_SECRET, QUIET_HOURS: 'off',
  };
  const api = startProcess('bench/hub-api-dist.mjs', env);
  const workers: ReturnType<typeof startProcess>[] = [];
  const WORKERS = Number(process.env.BENCH_SOCKET_WORKERS ?? 1);
  const sql = new pg.Client({ connectionString: dbUrl });
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let socket: ReturnType<typeof connectClient> | undefined;
  try {
    await waitHttp(`${BASE}/readyz`);
    for (let i = 0; i < WORKERS; i++) workers.push(startProcess('dist/workers/main.js', env));
    await sql.connect();

    // Warm-up message: which unit do new Zalo citizens' reports go to?
    const warmStatus = await post(-1);
    if (warmStatus !== 200) throw new Error(`warm-up webhook refused: ${warmStatus}`);
    let unitId: number | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && unitId === undefined; await sleep(100)) {
      const r = await sql.query(`select r.assigned_unit_id as unit from reports r join messages m on m.report_id = r.id and m.direction = 'in'
        join inbound_events e on e.id = m.inbound_event_id where e.provider_event_id = $1`, [msgId(-1)]);
      if (r.rows[0]) unitId = Number(r.rows[0].unit);
    }
    if (unitId === undefined) throw new Error('the warm-up message made no report within 60 s');
    const unit = await sql.query('select sms_code from units where id = $1', [unitId]);

    // An officer of that unit, signed in over HTTP, with a socket.
    database = await openDatabase({ url: dbUrl, migrate: false, poolSize: 2 });
    await createAccount(database.db, { username: USERNAME, displayName: 'Bench socket', password: PASSWORD, role: 'officer', unitId, canReveal: false }, null);
    const login = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USERNAME, password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('caunoi.sid='));
    if (!cookie) throw new Error('no session cookie');

    /** reportId → when its first `report.created` arrived (performance.now()). */
    const created = new Map<number, number>();
    let otherEvents = 0;
    socket = connectClient(BASE, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    let disconnects = 0;
    socket.on('disconnect', () => { disconnects++; });
    socket.onAny((event: string, data: { reportId?: number }) => {
      const at = performance.now();
      if (event === 'report.created' && typeof data?.reportId === 'number') {
        if (!created.has(data.reportId)) created.set(data.reportId, at);
      } else otherEvents++;
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once('ready', () => resolve());
      socket!.once('connect_error', (err: Error) => reject(err));
    });

    // Warm-up at a low rate (not measured): JIT, pools, queue connections.
    for (let i = 0; i < 50; i++) { await post(-1000 - i); await sleep(20); }
    await sleep(2000);

    // The measured run: RATE webhooks/s for SECONDS s, paced by a timer; each send time recorded.
    const total = RATE * SECONDS;
    const sentAt = new Array<number>(total);
    const statuses = new Map<number, number>();
    let sendErrors = 0;
    const inflight: Promise<void>[] = [];
    const load0 = os.loadavg();
    const t0 = performance.now();
    let next = 0;
    let maxLagMs = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - t0) / 1000) * RATE) + 1);
        if (due > next) maxLagMs = Math.max(maxLagMs, now - (t0 + (next / RATE) * 1000));
        for (; next < due; next++) {
          const i = next;
          sentAt[i] = performance.now();
          inflight.push(post(i).then((s) => { statuses.set(s, (statuses.get(s) ?? 0) + 1); }, () => { sendErrors++; }));
        }
        if (next >= total) { clearInterval(tick); resolve(); }
      }, 2);
    });
    const sendSeconds = (performance.now() - t0) / 1000;
    await Promise.all(inflight);
    const load1 = os.loadavg();

    // Map each webhook (msg_id) to its report, and wait for the events until the grace period ends.
    const reportOf = new Map<number, number>(); // webhook index → reportId
    const graceEnd = performance.now() + GRACE_MS;
    const prefix = `sock-${runId}-`;
    for (;;) {
      const r = await sql.query(`select e.provider_event_id as mid, m.report_id as rid from inbound_events e
        join messages m on m.inbound_event_id = e.id and m.direction = 'in' and m.report_id is not null
        where e.provider_event_id like $1`, [`${prefix}%`]);
      for (const x of r.rows as { mid: string; rid: string }[]) {
        const i = Number(x.mid.slice(prefix.length));
        if (i >= 0) reportOf.set(i, Number(x.rid));
      }
      let have = 0;
      for (let i = 0; i < total; i++) { const rid = reportOf.get(i); if (rid !== undefined && created.has(rid)) have++; }
      if (have === total || performance.now() > graceEnd) break;
      await sleep(250);
    }

    const lat: number[] = [];
    let noReport = 0;
    let noEvent = 0;
    for (let i = 0; i < total; i++) {
      const rid = reportOf.get(i);
      if (rid === undefined) { noReport++; continue; }
      const at = created.get(rid);
      if (at === undefined) { noEvent++; continue; }
      lat.push(at - sentAt[i]!);
    }
    lat.sort((a, b) => a - b);
    const pending = await sql.query("select status, count(*)::int as n from inbound_events group by status order by status");

    console.log(`\n== Socket: signed Zalo webhook (new citizen each) → report.created on an officer's socket (unit ${unit.rows[0]?.sms_code ?? unitId}); compiled api + ${WORKERS} worker process(es), loopback ==`);
    console.log(`offered ${RATE}/s for ${SECONDS} s: ${total} sent in ${sendSeconds.toFixed(2)} s (${(total / sendSeconds).toFixed(0)}/s achieved, worst timer lag ${maxLagMs.toFixed(1)} ms)`);
    console.log(`webhook answers: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ') || 'none'}${sendErrors ? `, ${sendErrors} failed to send` : ''}`);
    console.log(row('', ['received', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'missing']));
    console.log(row('webhook → report.created', [lat.length, pct(lat, 50).toFixed(1), pct(lat, 95).toFixed(1), pct(lat, 99).toFixed(1), (lat.at(-1) ?? NaN).toFixed(1), total - lat.length]));
    console.log(`missing after ${GRACE_MS / 1000} s grace: ${noReport} without a report yet, ${noEvent} with a report but no event; other socket events ${otherEvents}; disconnects ${disconnects}`);
    console.log(`inbound events by status: ${(pending.rows as { status: string; n: number }[]).map((x) => `${x.status} ${x.n}`).join(', ')}`);
    console.log(`load average (1/5/15 min): before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}; ${os.cpus().length} cores`);
    const verdict = lat.length ? (pct(lat, 99) <= 100 && lat.length === total ? 'met' : 'not met') : 'no data';
    console.log(`target: p99 ≤ 100 ms at 200 messages/s, every event delivered → ${RATE === 200 ? verdict : `not measured (this run offered ${RATE}/s; ${verdict} at that rate)`}`);
  } finally {
    socket?.disconnect();
    await database?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    await Promise.all(workers.map((w) => stop(w)));
    await fakeZalo.close();
    await stop(api);
  }
}
