// Installs dependencies when node_modules is missing or older than package-lock.json,
// so `npm run demo` and `npm test` work on a fresh clone with no other step.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log('Installing dependencies…');
  // `npm install` follows package-lock.json; `npm ci` refuses this lock on npm 11 because it
  // leaves out other platforms' optional binaries (msgpackr-extract), which install does not need.
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
