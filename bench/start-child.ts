// Starts one benchmark server in its own process (so it never shares an event loop with
// autocannon) and waits for the port it reports over IPC.

import { fork } from 'node:child_process';
import { openSync } from 'node:fs';

export interface Child {
  url: string;
  /** The server's process id, e.g. to read its memory from /proc. */
  pid: number;
  /** CPU time the server process has used so far (user + system), in µs. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

export function startChild(script: string, args: string[], opts: { execArgv?: string[] } = {}): Promise<Child> {
  // stdout (the gateway's access log) goes to /dev/null: written as in production, read by nobody.
  const devNull = openSync('/dev/null', 'w');
  const child = fork(script, args, { stdio: ['ignore', devNull, 'inherit', 'ipc'], execArgv: opts.execArgv ?? [] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before listening`)));
    child.once('message', (msg) => {
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${(msg as { port: number }).port}`,
        pid: child.pid!,
        cpu: () => new Promise<number>((done) => {
          child.once('message', (m) => done((m as { cpu: number }).cpu));
          child.send('cpu');
        }),
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
