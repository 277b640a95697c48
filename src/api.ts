/**
 * The api process: HTTP (and, with the workspace, socket.io) on one server.
 */
import http from 'node:http';
import type { AppContext } from './context.js';
import { buildApp } from './app.js';
import { attachRealtime } from './realtime/socket.js';

export interface RunningApi { server: http.Server; close(): Promise<void> }

export async function startApi(ctx: AppContext, port: number): Promise<RunningApi> {
  const built = buildApp(ctx);
  const server = http.createServer(built.app);
  server.keepAliveTimeout = 65_000;
  const realtime = attachRealtime(ctx, server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use — stop the other program or set PORT`) : err));
    server.listen(port, () => resolve());
  });
  return {
    server,
    async close() {
      await realtime.close();
      // Stop accepting, drop idle keep-alive connections now, and cut the rest after a grace period.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(grace);
      await built.close();
    },
  };
}

