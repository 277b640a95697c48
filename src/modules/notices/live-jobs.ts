/**
 * Which jobs are still alive in Redis (waiting, delayed, prioritised or
 * active — their hash exists and has no `finishedOn`), checked for a whole
 * page of ids in one pipelined round trip. The reconciler uses it so that a
 * large notice waiting behind a provider's rate limit is left alone instead of
 * being re-added thousands of jobs at a time on every sweep. Relies on
 * BullMQ's key layout `<prefix>:<queue>:<job id>`.
 */
import type { Queues } from '../../jobs/queues.js';
import type { JobDefinition } from '../../jobs/definitions.js';

export async function liveJobIds<P>(queues: Queues, def: JobDefinition<P>, payloads: readonly P[]): Promise<Set<string>> {
  const live = new Set<string>();
  if (payloads.length === 0 || queues.connection.status !== 'ready') return live;
  const pipe = queues.connection.pipeline();
  const ids = payloads.map((p) => def.jobId(p));
  for (const id of ids) pipe.hmget(`${queues.prefix}:${def.queue}:${id}`, 'timestamp', 'finishedOn');
  const results = (await pipe.exec()) ?? [];
  results.forEach(([err, value], i) => {
    const [created, finished] = (Array.isArray(value) ? value : []) as (string | null)[];
    if (!err && created !== null && created !== undefined && (finished === null || finished === undefined)) live.add(ids[i]!);
  });
  return live;
}
