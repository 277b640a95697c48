/**
 * What the auth code needs, on its own Redis connection: the session store,
 * the login throttle, and control of sockets (to disconnect revoked sessions).
 */
import type { AppContext } from '../../context.js';
import { createRedis } from '../../lib/redis.js';
import { createSocketControl } from '../../realtime/control.js';
import type { AuthDeps } from './auth.service.js';
import { createSessionStore } from './session.store.js';
import { createLoginThrottle } from './throttle.js';

export function createAuthDeps(ctx: AppContext, name = 'sessions'): { deps: AuthDeps; close(): void } {
  const redis = createRedis(ctx.env.REDIS_URL, 'producer', name);
  const deps: AuthDeps = {
    db: ctx.database.db,
    store: createSessionStore({ redis, prefix: ctx.env.QUEUE_PREFIX, secret: ctx.env.SESSION_SECRET }),
    throttle: createLoginThrottle({ redis, prefix: ctx.env.QUEUE_PREFIX }),
    control: createSocketControl(redis, ctx.env.QUEUE_PREFIX),
  };
  return { deps, close: () => redis.disconnect() };
}
