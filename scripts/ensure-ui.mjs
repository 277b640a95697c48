// Builds the officer workspace (admin-ui/) when admin-ui/dist is missing or
// older than its sources, so `npm run demo` and the browser tests always
// serve the current UI. Fast when nothing changed (a walk of mtimes).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = path.join(root, 'admin-ui');
const built = path.join(ui, 'dist', 'index.html');
const inputs = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) => path.join(ui, p));

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), s.mtimeMs);
}

export function uiIsStale() {
  if (!existsSync(built)) return true;
  const lock = path.join(root, 'package-lock.json');
  const sources = Math.max(...inputs.map(newest), existsSync(lock) ? statSync(lock).mtimeMs : 0);
  return sources > statSync(built).mtimeMs;
}

export function ensureUi({ force = false } = {}) {
  if (!force && !uiIsStale()) return;
  console.log('Building the officer workspace (admin-ui)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(ui, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root, stdio: 'inherit',
    // The test runner sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    console.error('Building admin-ui failed; see the messages above.');
    process.exit(r.status ?? 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureUi({ force: process.argv.includes('--force') });
