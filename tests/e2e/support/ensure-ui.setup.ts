/** Browser tests serve admin-ui/dist: build it first when it is missing or stale (scripts/ensure-ui.mjs). */
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const r = spawnSync(process.execPath, ['scripts/ensure-ui.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building admin-ui for the browser tests failed (node scripts/ensure-ui.mjs)');
}
