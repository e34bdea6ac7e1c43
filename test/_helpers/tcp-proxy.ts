// A TCP proxy (node:net) to put between a server and its database, so a test can make the
// database unreachable two ways: refuse (cut: listener closed, connections reset) or go silent
// (pause: connections stay open, nothing is forwarded until resume).

import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  pause(): void;
  resume(): void;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let paused = false;
  const sockets = new Set<Socket>();
  const flushes = new Set<() => void>();

  const onConnection = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const held: [Socket, Buffer][] = [];
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (paused) held.push([to, chunk]);
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const flush = () => { for (const [to, chunk] of held.splice(0)) to.write(chunk); };
    flushes.add(flush);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      flushes.delete(flush);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    pause() { paused = true; },
    resume() {
      paused = false;
      for (const flush of flushes) flush();
    },
    async cut() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    async restore() {
      server = createServer(onConnection);
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
