/**
 * socket.io on the api's HTTP server (DESIGN.md "Realtime").
 *
 * - Authenticated at the handshake by the session cookie; refused otherwise.
 *   Cross-origin browsers are refused too (the Origin must be this host or
 *   PUBLIC_BASE_URL), since a cookie alone does not prove who opened the socket.
 * - Rooms: an officer joins `unit-only:<unit>` (their unit exactly), a leader
 *   `unit:<unit>` (events of every unit below are published there too), an
 *   administrator the root units' rooms; plus `user:<id>` and `session:<hash>`
 *   so a revoked session or user can be disconnected from any instance.
 * - `subscribe:report` joins a report's room only after the scope check.
 * - The Redis adapter uses the emitter's key, so events published by workers
 *   and by other api instances reach every socket.
 * - The session is re-checked on every client event and on a timer; a revoked,
 *   expired or disabled session is disconnected.
 */
import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { isNull } from 'drizzle-orm';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { units } from '../db/schema/index.js';
import { logger } from '../lib/logger.js';
import { createRedis } from '../lib/redis.js';
import type { AuthUser } from '../modules/auth/auth.types.js';
import { authenticate, revalidate, type AuthDeps } from '../modules/auth/auth.service.js';
import { canSeeReport } from '../modules/auth/scope.js';
import { SESSION_COOKIE } from '../modules/auth/session.store.js';
import { createAuthDeps } from '../modules/auth/auth.deps.js';
import { sessionRoom } from './control.js';
import { SOCKET_KEY } from './emitter.js';
import { reportRoom, unitOnlyRoom, unitRoom, userRoom } from './rooms.js';

export type SubscribeAck = { ok: true } | { ok: false; error: 'not_found' | 'invalid' };

export interface ClientToServerEvents {
  'subscribe:report': (reportId: unknown, ack?: (res: SubscribeAck) => void) => void;
  'unsubscribe:report': (reportId: unknown, ack?: (res: SubscribeAck) => void) => void;
}
export interface ServerToClientEvents {
  /** Rooms joined: events from now on reach this socket. */
  ready: (info: { userId: number; role: AuthUser['role']; unitId: number }) => void;
}
export interface SocketData { userId: number; sessionKey: string; user: AuthUser }

type WsServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type WsSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime { io: WsServer; close(): Promise<void> }

const reportIdSchema = z.number().int().positive();

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try { return decodeURIComponent(part.slice(eq + 1).trim()); } catch { return undefined; }
    }
  }
  return undefined;
}

/** Browsers send Origin on a WebSocket handshake; it must be this site. Non-browser clients send none. */
function sameOrigin(req: http.IncomingMessage, publicBaseUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const o = new URL(origin);
    return o.host === req.headers.host || o.origin === new URL(publicBaseUrl).origin;
  } catch { return false; }
}

async function roomsOf(ctx: AppContext, user: AuthUser): Promise<string[]> {
  if (user.role === 'officer') return [unitOnlyRoom(user.unitId)];
  if (user.role === 'leader') return [unitRoom(user.unitId)];
  const roots = await ctx.database.db.select({ id: units.id }).from(units).where(isNull(units.parentId));
  return roots.map((r) => unitRoom(r.id));
}

export function attachRealtime(ctx: AppContext, server: http.Server, opts: { recheckMs?: number } = {}): Realtime {
  const auth = createAuthDeps(ctx, 'socket-sessions');
  const pub = createRedis(ctx.env.REDIS_URL, 'general', 'socket-pub');
  const sub = createRedis(ctx.env.REDIS_URL, 'general', 'socket-sub');
  const io: WsServer = new Server(server, {
    serveClient: false,
    allowRequest: (req, cb) => cb(null, sameOrigin(req, ctx.env.PUBLIC_BASE_URL)),
    adapter: createAdapter(pub, sub, { key: SOCKET_KEY(ctx.env.QUEUE_PREFIX) }),
  });

  io.use(async (socket, next) => {
    const found = await authenticate(auth.deps, cookieValue(socket.request.headers.cookie, SESSION_COOKIE)).catch(() => null);
    if (!found) { next(new Error('unauthorized')); return; }
    socket.data = { userId: found.user.id, sessionKey: found.sessionKey, user: found.user };
    next();
  });

  io.on('connection', (socket) => { void onConnection(ctx, auth.deps, socket); });

  const timer = setInterval(() => void recheckAll(io, auth.deps), opts.recheckMs ?? 30_000);
  timer.unref();

  return {
    io,
    async close() {
      clearInterval(timer);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => { void io.close(() => resolve()); });
      pub.disconnect();
      sub.disconnect();
      auth.close();
    },
  };
}

async function onConnection(ctx: AppContext, deps: AuthDeps, socket: WsSocket): Promise<void> {
  const { user, sessionKey } = socket.data;
  // Every client event re-checks the session first; a dead one ends the socket.
  socket.use((_packet, next) => {
    void revalidate(deps, sessionKey).then((live) => {
      if (live) { socket.data.user = live.user; next(); } else socket.disconnect(true);
    }, () => socket.disconnect(true));
  });
  socket.on('subscribe:report', (raw, ack) => void subscribe(deps, socket, raw, ack));
  socket.on('unsubscribe:report', (raw, ack) => {
    const id = reportIdSchema.safeParse(raw);
    if (id.success) void socket.leave(reportRoom(id.data));
    ack?.(id.success ? { ok: true } : { ok: false, error: 'invalid' });
  });
  try {
    await socket.join([...(await roomsOf(ctx, user)), userRoom(user.id), sessionRoom(sessionKey)]);
    socket.emit('ready', { userId: user.id, role: user.role, unitId: user.unitId });
  } catch (err) {
    logger.warn({ userId: user.id, err: (err as Error).message }, 'socket room join failed');
    socket.disconnect(true);
  }
}

async function subscribe(deps: AuthDeps, socket: WsSocket, raw: unknown, ack?: (res: SubscribeAck) => void): Promise<void> {
  const id = reportIdSchema.safeParse(raw);
  if (!id.success) { ack?.({ ok: false, error: 'invalid' }); return; }
  // Out of scope and nonexistent look the same, as over HTTP.
  const ok = await canSeeReport(deps.db, socket.data.user, id.data).catch(() => false);
  if (ok) await socket.join(reportRoom(id.data));
  ack?.(ok ? { ok: true } : { ok: false, error: 'not_found' });
}

async function recheckAll(io: WsServer, deps: AuthDeps): Promise<void> {
  for (const socket of io.of('/').sockets.values()) {
    const live = await revalidate(deps, socket.data.sessionKey).catch(() => undefined);
    // undefined = Redis or PostgreSQL unreachable: keep the socket rather than drop every officer at once.
    if (live === null) socket.disconnect(true);
  }
}
