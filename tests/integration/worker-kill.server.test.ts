/**
 * A worker process killed in the middle of an intake job leaves no half-made
 * report; the job is handed to the next worker and completes exactly once.
 * The job is paused mid-transaction by holding a lock on report_events, so the
 * kill lands after the report row was written but before the commit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { reportEvents, reports } from '../../src/db/schema/index.js';
import { createTestHub, type TestHub } from '../support/context.js';
import { waitFor } from '../support/wait.js';

let hub: TestHub;
const children: ChildProcess[] = [];

function workerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    env: {
      ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: hub.databaseUrl, REDIS_URL: hub.env.REDIS_URL,
      QUEUE_PREFIX: hub.env.QUEUE_PREFIX, DATA_DIR: hub.env.DATA_DIR, JOB_LOCK_MS: '3000', RECONCILE_INTERVAL_S: '1',
    },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

beforeAll(async () => { hub = await createTestHub({}, { mode: 'server' }); });
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await hub?.close();
});

describe('a worker killed mid-job', () => {
  it('leaves no half-made report, and the job completes once on restart', async () => {
    const blocker = new pg.Client({ connectionString: hub.databaseUrl });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table report_events in exclusive mode');

    const first = workerProcess();
    const accepted = await hub.ctx.inbox.accept({
      channel: 'web', provider: 'web', withTrackingCode: true,
      event: { type: 'message', externalId: 'kill-me-1', from: {}, text: 'Cầu treo thôn 4 bị hỏng dây cáp', media: [], receivedAt: new Date().toISOString(), unitCode: 'TRAPHU', categoryCode: 'giao-thong' },
    });
    // The intake transaction has inserted its report and now waits for the lock.
    await waitFor(async () => {
      const r = await blocker.query("select count(*)::int as n from pg_locks where not granted and relation = 'report_events'::regclass");
      return r.rows[0].n > 0;
    }, { timeout: 20_000, what: 'intake job blocked mid-transaction' });

    first.kill('SIGKILL');
    await waitFor(() => first.exitCode !== null || first.signalCode !== null, { what: 'worker exit' });
    await blocker.query('rollback');
    // Wait until the dead worker's backend is gone, then nothing of its work may remain.
    await waitFor(async () => {
      const r = await blocker.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null and state <> 'idle'");
      return r.rows[0].n === 0;
    }, { timeout: 20_000, what: 'killed backend gone' });
    expect(await hub.ctx.database.db.select().from(reports).where(eq(reports.code, accepted.trackingCode!))).toHaveLength(0);
    await blocker.end();

    workerProcess();
    const report = await waitFor(async () => (await hub.ctx.database.db.select().from(reports).where(eq(reports.code, accepted.trackingCode!)))[0],
      { timeout: 30_000, what: 'report after restart' });
    const events = await hub.ctx.database.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
    expect(events.filter((e) => e.type === 'received')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'routed')).toHaveLength(1);
    expect(await hub.ctx.database.db.select().from(reports).where(eq(reports.code, accepted.trackingCode!))).toHaveLength(1);
  });
});
