// The server process stops cleanly on SIGTERM/SIGINT (what Docker, Kubernetes and CI send).
// It once hung forever: Apollo's own signal handler raced main.ts's stop(). SQLite only: this
// is about the process lifecycle, and main.ts would migrate Postgres's shared public schema.

import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../gateway/main.js', import.meta.url));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`the server exits with code 0 on ${signal} after serving a request`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'avanoo-shutdown-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, NODE_ENV: '', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b; });
    child.stderr.on('data', (b: Buffer) => { out += b; });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.on('exit', (code, sig) => resolve({ code, signal: sig }));
    });

    const port = await waitFor(() => /"port":(\d+)/.exec(out)?.[1], 30_000);
    t.truthy(port, `no "listening" log line within 30 s:\n${out}`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    t.is(res.status, 200);

    child.kill(signal);
    const result = await Promise.race([exited, sleep(15_000).then(() => 'still running' as const)]);
    t.deepEqual(result, { code: 0, signal: null }, `after ${signal}:\n${out}`);
    t.regex(out, /"msg":"stopped"/);
  });
}

async function waitFor<T>(probe: () => T | undefined, ms: number): Promise<T | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined || Date.now() > until) return v;
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => { setTimeout(resolve, ms).unref(); });
}
