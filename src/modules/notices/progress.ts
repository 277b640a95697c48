/**
 * Live progress of notices: `notice.progress {id, status, counts}` to the
 * sender's socket (userRoom) and the rooms of the target units' leaders.
 *
 * Anything that changes deliveries calls `markNoticeDirty`; a flush follows,
 * at most once a second per notice (trailing, so the last change is always
 * published). Across processes the second is shared through a Redis key
 * (`SET … NX PX`; only the notice id is stored); when Redis cannot answer, each
 * process throttles on its own. A flush counts the deliveries in PostgreSQL,
 * caches them on the notice, and completes the notice (sending → sent) once
 * nothing is queued.
 */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { notices } from '../../db/schema/index.js';
import { logger } from '../../lib/logger.js';
import { pathIds, unitRoom, userRoom } from '../../realtime/rooms.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { completeIfDone, deliveryCounts, loadNotice } from './notices.repo.js';

export const PROGRESS_INTERVAL_MS = 1000;

interface Tracker { timers: Map<number, NodeJS.Timeout>; last: Map<number, number> }
const trackers = new WeakMap<AppContext, Tracker>();

function trackerOf(ctx: AppContext): Tracker {
  let t = trackers.get(ctx);
  if (!t) { t = { timers: new Map(), last: new Map() }; trackers.set(ctx, t); }
  return t;
}

export function markNoticeDirty(ctx: AppContext, noticeId: number): void {
  const t = trackerOf(ctx);
  if (t.timers.has(noticeId)) return;
  const wait = Math.max(0, (t.last.get(noticeId) ?? 0) + PROGRESS_INTERVAL_MS - Date.now());
  schedule(ctx, t, noticeId, wait);
}

function schedule(ctx: AppContext, t: Tracker, noticeId: number, wait: number): void {
  const timer = setTimeout(() => { void flush(ctx, t, noticeId); }, wait);
  timer.unref();
  t.timers.set(noticeId, timer);
}

/** Take this second for the notice across processes; ms to wait when another process has it. */
async function claimSecond(ctx: AppContext, noticeId: number): Promise<number> {
  const key = `${ctx.env.QUEUE_PREFIX}:notice-progress:${noticeId}`;
  try {
    const redis = ctx.queues.connection;
    if (redis.status !== 'ready') return 0;
    if ((await redis.set(key, '1', 'PX', PROGRESS_INTERVAL_MS, 'NX')) === 'OK') return 0;
    return Math.max(50, await redis.pttl(key));
  } catch { return 0; }
}

async function flush(ctx: AppContext, t: Tracker, noticeId: number): Promise<void> {
  try {
    const wait = await claimSecond(ctx, noticeId);
    if (wait > 0) { schedule(ctx, t, noticeId, wait); return; }
    t.timers.delete(noticeId);
    t.last.set(noticeId, Date.now());
    await publishProgress(ctx, noticeId);
  } catch (err) {
    t.timers.delete(noticeId);
    logger.debug({ noticeId, err: (err as Error).message }, 'notice progress flush failed');
  }
}

/** Count, cache, complete if done, and publish — now. */
export async function publishProgress(ctx: AppContext, noticeId: number): Promise<void> {
  const db = ctx.database.db;
  const counts = await deliveryCounts(db, noticeId);
  await completeIfDone(db, noticeId);
  const { skippedBy: _s, ...cache } = counts;
  await db.update(notices).set({ counts: cache }).where(eq(notices.id, noticeId));
  const n = await loadNotice(db, noticeId);
  if (!n) return;
  const catalog = await loadCatalog(db);
  const rooms = new Set<string>([userRoom(n.createdByUserId)]);
  // Leaders of the target units and of every unit above them (admins sit in the root's room).
  for (const id of n.unitIds) for (const p of pathIds(catalog.units.get(id)?.path ?? '')) rooms.add(unitRoom(p));
  ctx.publisher.publish([{ event: 'notice.progress', unitPaths: [], rooms: [...rooms], data: { id: n.id, status: n.status, counts } }]);
}
