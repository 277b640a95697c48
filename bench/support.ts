/** Shared pieces of the benchmarks: child processes, loopback load, printing. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';

export const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freshDatabase(name: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  try {
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    return u.toString();
  } catch {
    return undefined; // no server: the hub falls back to embedded PGlite
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A TypeScript script runs through tsx; a `.js`/`.mjs` one (the compiled build) runs as is. */
export function startProcess(script: string, env: Record<string, string>): ChildProcess {
  // BENCH_PROFILE=<dir>: each server process writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const args = [...profile, ...(/\.m?js$/.test(script) ? [script] : ['--import', 'tsx', script])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  return child;
}

/** Compile the server as `npm run build` does (tsc + assets, without the admin UI): benchmarks time the production build. */
export function buildServer(): void {
  for (const [cmd, args] of [['npx', ['tsc', '-p', 'tsconfig.build.json']], [process.execPath, ['scripts/copy-assets.mjs']]] as const) {
    const r = spawnSync(cmd, [...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`build failed: ${cmd} ${args.join(' ')}`);
  }
}

export async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

export interface LoadResult { rps: number; p50: number; p99: number; ok: number; non2xx: number; errors: number }

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  seconds: number;
  connections: number;
  /** Per-request body and headers (unique ids, signatures). */
  each?: (i: number) => { body: string; headers: Record<string, string> };
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const r = await autocannon({
    url: opts.url, method: 'POST', body: opts.body, connections: opts.connections, duration: opts.seconds,
    headers: { 'content-type': 'application/json', ...opts.headers },
    ...(opts.each ? {
      requests: [{ setupRequest: (req: autocannon.Request) => {
        const next = opts.each!(i++);
        return { ...req, body: next.body, headers: { ...req.headers, 'content-type': 'application/json', ...next.headers } };
      } }],
    } : {}),
  });
  return {
    rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99,
    ok: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts,
  };
}

export function row(label: string, cols: (string | number)[]): string {
  return `${label.padEnd(34)}${cols.map((c) => String(c).padStart(12)).join('')}`;
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 8000).unref();
  });
}
