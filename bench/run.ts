/**
 * `npm run bench`: every benchmark, printing its figures. Targets are printed
 * beside the figures, never asserted. Select with BENCH=ingest,... (default all).
 * BENCH_PROFILE=<dir> makes the api and worker processes the benchmarks start
 * write V8 CPU profiles there (open them in Chrome DevTools).
 */
import { ingestBench } from './ingest.bench.js';
import { statsBench } from './stats.bench.js';
import { noticesBench } from './notices.bench.js';

const all: Record<string, () => Promise<void>> = { ingest: ingestBench, notices: noticesBench, stats: statsBench };
all.socket = () => import('./socket.bench.js').then((m) => m.socketBench());
const chosen = (process.env.BENCH ?? Object.keys(all).join(',')).split(',');

for (const name of chosen) {
  const run = all[name.trim()];
  if (!run) { console.error(`unknown benchmark ${name}`); continue; }
  await run();
}
process.exit(0);
