// The child side of start-child.ts, shared by every server a benchmark measures: listen on a
// loopback port and report it, answer CPU-time requests, and stop cleanly on SIGTERM (so that
// `--cpu-prof` gets to write its profile).

import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export function serveBenchChild(handler: RequestListener, stop: () => void | Promise<void>): void {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  // The parent asks for our CPU time around each measurement: CPU per request is what other
  // processes on the machine disturb least.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send!({ cpu: user + system });
  });
  process.on('SIGTERM', () => {
    server.close(async () => {
      await stop();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}
