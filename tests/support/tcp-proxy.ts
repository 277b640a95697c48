/** A loopback TCP proxy a test can cut and restore, to simulate a database outage. */
import net from 'node:net';

export interface TcpProxy { port: number; cut(): void; restore(): void; close(): Promise<void> }

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let up = true;
  const sockets = new Set<net.Socket>();
  const all = new Set<net.Socket>();
  const server = net.createServer((client) => {
    all.add(client);
    client.on('close', () => all.delete(client));
    if (!up) { client.destroy(); return; }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() { up = false; for (const s of sockets) s.destroy(); sockets.clear(); },
    restore() { up = true; },
    close: () => new Promise<void>((resolve) => {
      for (const s of [...sockets, ...all]) s.destroy();
      server.close(() => resolve());
    }),
  };
}
