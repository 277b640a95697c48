/**
 * Builds the Express app without listening, so tests mount it with supertest.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import type { AppContext } from './context.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { createMetrics } from './http/metrics.js';
import { limiter } from './http/rate-limit.js';
import { createRedis } from './lib/redis.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { scorecardRoutes } from './modules/stats/public-stats.routes.js';
import { noticePublicRoutes } from './modules/notices/board.routes.js';
import { webhookRoutes } from './ingress/webhooks.routes.js';
import { demoPhoneRoutes } from './modules/demo/demo-phone.routes.js';
import { workspaceRoutes } from './modules/workspace.js';
import { adminUiRoutes } from './web/admin-ui.routes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const STATIC_DIR = path.join(here, 'web', 'static');

export interface BuiltApp { app: Express; close(): Promise<void> }

export function buildApp(ctx: AppContext): BuiltApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.env.TRUST_PROXY);
  const metrics = createMetrics(ctx);
  app.use(metrics.middleware);
  // Webhooks first: they read the raw body, so no body parser may run before them; and they are the
  // hot path — providers need neither browser security headers nor cookies.
  app.use(webhookRoutes(ctx));
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"], 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'"], 'object-src': ["'none'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"],
        'upgrade-insecure-requests': ctx.env.PUBLIC_BASE_URL.startsWith('https:') ? [] : null,
      },
    },
    strictTransportSecurity: ctx.env.PUBLIC_BASE_URL.startsWith('https:'),
  }));
  app.use(cookieParser());

  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', async (_req, res) => {
    const [pg, redis] = await Promise.all([
      ctx.database.ping().then(() => true, () => false),
      ctx.queues.connection.ping().then(() => true, () => false),
    ]);
    res.status(pg && redis ? 200 : 503).json({ status: pg && redis ? 'ready' : 'unavailable', postgres: pg, redis });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use('/static', express.static(STATIC_DIR, { maxAge: '1d' }));
  if (ctx.env.DEMO_MODE) app.use(demoPhoneRoutes(ctx));

  const limitRedis = createRedis(ctx.env.REDIS_URL, 'producer', 'ratelimit');
  const publicLimiter: RequestHandler = limiter({
    redis: limitRedis, prefix: ctx.env.QUEUE_PREFIX, name: 'public', limit: ctx.env.PUBLIC_RATE_LIMIT, windowMs: 10 * 60 * 1000,
  });
  app.use(publicRoutes(ctx, publicLimiter));
  app.use(scorecardRoutes(ctx, publicLimiter));
  // Public notice board, its Atom feed, web subscription and the stop link (issue 6).
  app.use(noticePublicRoutes(ctx, publicLimiter));
  const workspace = workspaceRoutes(ctx);
  app.use(workspace.router);

  app.use(adminUiRoutes());
  app.use(notFoundHandler);
  app.use(errorHandler);
  return {
    app,
    async close() { limitRedis.disconnect(); await workspace.close(); },
  };
}
