/**
 * Ingest benchmark: the running hub (api + workers, real PostgreSQL and Redis)
 * against a bare Express handler, side by side in one run, over loopback.
 * Prints accepted requests/s, p50/p99 acknowledgement latency, refusals, and
 * the time until every accepted event is routed.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { buildServer, freshDatabase, load, row, startProcess, stop, waitHttp, type LoadOptions, type LoadResult } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Each measurement is split into this many alternating rounds (bare, hub, bare, hub…), so a drift in the machine's load hits both sides alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const body = JSON.stringify({
  commune: 'TRAPHU', category: 'giao-thong', consent: true,
  description: 'Đường vào thôn 3 bị sạt lở sau mưa lớn, xe máy không qua được, đề nghị xã kiểm tra và khắc phục sớm.',
});

const ZALO_APP_ID = '2553928453557884079';
const ZALO_OA_SECRET = 'bench-oa-secret-key';

/** A Zalo `user_send_text` event with a unique msg_id, signed as Zalo signs it. */
function zaloEvent(i: number): { body: string; headers: Record<string, string> } {
  const timestamp = String(Date.now());
  const body = JSON.stringify({
    app_id: ZALO_APP_ID, user_id_by_app: `55${1000000000000000 + (i % 5000)}`, event_name: 'user_send_text',
    sender: { id: `88${1000000000000000 + (i % 5000)}` }, recipient: { id: '579745863508352884' },
    message: { msg_id: `bench-${process.pid}-${i}`, text: 'Đèn đường ở thôn 2 bị hỏng từ tuần trước' }, timestamp,
  });
  const mac = createHash('sha256').update(ZALO_APP_ID + body + timestamp + ZALO_OA_SECRET).digest('hex');
  return { body, headers: { 'x-zevent-signature': `mac=${mac}` } };
}

/** Alternating rounds against the bare handler and the hub; totals over all rounds. */
async function sideBySide(bareUrl: string, hubUrl: string, opts: Omit<LoadOptions, 'url' | 'seconds'>): Promise<[LoadResult, LoadResult]> {
  const runs: [LoadResult[], LoadResult[]] = [[], []];
  const seconds = Math.max(1, Math.round(SECONDS / ROUNDS));
  for (let i = 0; i < ROUNDS; i++) {
    runs[0].push(await load({ ...opts, url: bareUrl, seconds }));
    runs[1].push(await load({ ...opts, url: hubUrl, seconds }));
  }
  const total = (rs: LoadResult[]): LoadResult => ({
    rps: rs.reduce((a, r) => a + r.rps, 0) / rs.length,
    p50: Math.max(...rs.map((r) => r.p50)), p99: Math.max(...rs.map((r) => r.p99)),
    ok: rs.reduce((a, r) => a + r.ok, 0), non2xx: rs.reduce((a, r) => a + r.non2xx, 0), errors: rs.reduce((a, r) => a + r.errors, 0),
  });
  return [total(runs[0]), total(runs[1])];
}

export async function ingestBench(): Promise<void> {
  // The hub runs as production does: compiled JavaScript (npm run build), not through the TypeScript loader.
  buildServer();
  const bare = startProcess('bench/bare-server.ts', { PORT: '3901' });
  await waitHttp('http://127.0.0.1:3901/nope').catch(() => undefined);
  const dbUrl = await freshDatabase('caunoi_bench');
  if (!dbUrl) { console.log('ingest benchmark needs the PostgreSQL server on 127.0.0.1:5432; skipped'); await stop(bare); return; }
  const hubEnv = {
    PORT: '3902', QUEUE_PREFIX: `bench${Date.now()}`, PUBLIC_RATE_LIMIT: '100000000', DATA_DIR: '/tmp/caunoi-bench-data', DATABASE_URL: dbUrl,
    ZALO_APP_ID, ZALO_OA_SECRET_KEY: ZALO_OA_SECRET, ZALO_APP_SECRET: 'bench-app-secret', ZALO_ACCESS_TOKEN: 'bench', ZALO_REFRESH_TOKEN: 'bench',
    ZALO_API_BASE_URL: 'http://127.0.0.1:9', ZALO_OAUTH_BASE_URL: 'http://127.0.0.1:9', QUIET_HOURS: 'off',
  };
  // api alone during the load (ingest = accept, commit, enqueue); the worker starts afterwards to drain.
  const hub = startProcess('bench/hub-api-dist.mjs', hubEnv);
  let worker: ReturnType<typeof startProcess> | undefined;
  try {
    await waitHttp('http://127.0.0.1:3902/readyz');
    // warm up both
    await load({ url: 'http://127.0.0.1:3901/api/public/reports', body, seconds: 2, connections: 10 });
    await load({ url: 'http://127.0.0.1:3902/api/public/reports', body, seconds: 2, connections: 10 });

    const [b, h] = await sideBySide('http://127.0.0.1:3901/api/public/reports', 'http://127.0.0.1:3902/api/public/reports', { body, connections: CONNECTIONS });
    const [bz, z] = await sideBySide('http://127.0.0.1:3901/webhooks/zalo', 'http://127.0.0.1:3902/webhooks/zalo', { body: zaloEvent(0).body, connections: CONNECTIONS, each: zaloEvent });
    worker = startProcess('dist/workers/main.js', hubEnv);
    const start = Date.now();
    let drainMs = -1;
    {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      for (;;) {
        const r = await c.query("select count(*)::int as n from inbound_events where status = 'pending'");
        if (r.rows[0].n === 0) { drainMs = Date.now() - start; break; }
        if (Date.now() - start > 300_000) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      await c.end();
    }
    console.log(`\n== Ingest: ${CONNECTIONS} connections, ${SECONDS} s per side in ${ROUNDS} alternating rounds, loopback; hub = compiled api process, PostgreSQL commit + BullMQ enqueue ==`);
    console.log(row('', ['req/s', 'p50 ms', 'p99 ms', '2xx', 'refused', 'errors']));
    console.log(row('bare Express (parse + 200)', [b.rps.toFixed(0), b.p50, b.p99, b.ok, b.non2xx, b.errors]));
    console.log(row('Cầu Nối (commit + enqueue)', [h.rps.toFixed(0), h.p50, h.p99, h.ok, h.non2xx, h.errors]));
    console.log(row('bare Express (Zalo webhook body)', [bz.rps.toFixed(0), bz.p50, bz.p99, bz.ok, bz.non2xx, bz.errors]));
    console.log(row('Cầu Nối (signed Zalo webhook)', [z.rps.toFixed(0), z.p50, z.p99, z.ok, z.non2xx, z.errors]));
    console.log(`ratio hub/bare: web form ${(h.rps / b.rps).toFixed(2)}, signed webhook ${(z.rps / bz.rps).toFixed(2)} (target ≥ 0.50, none refused)`);
    const total = h.ok + z.ok;
    console.log(drainMs >= 0
      ? `one worker process then routed every accepted event in ${(drainMs / 1000).toFixed(1)} s (${(total / (drainMs / 1000)).toFixed(0)} reports/s incl. start-up)`
      : 'routing did not finish within 5 minutes');
  } finally {
    if (worker) await stop(worker);
    await stop(hub);
    await stop(bare);
  }
}
