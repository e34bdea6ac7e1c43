// Real gateway processes (`node build/gateway/main.js`) for the scale and failure tests: a
// fresh Postgres database of their own, free ports, the CLI, and small fetch helpers.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import knex, { type Knex } from 'knex';
import { postgresUrl } from './databases.js';

const mainJs = fileURLToPath(new URL('../../gateway/main.js', import.meta.url));
const cliJs = fileURLToPath(new URL('../../cli/avanoo.js', import.meta.url));

/**
 * A port nobody listens on right now, for a child to listen on. Chosen below the ephemeral range
 * (Linux: 32768–60999), so servers elsewhere on the machine that listen on port 0 cannot take
 * it between this check and the child's listen() and answer its health check instead.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const free = await new Promise<boolean>((r) => {
      server.once('error', () => r(false));
      server.listen(port, '127.0.0.1', () => r(true));
    });
    if (free) {
      await new Promise<void>((r) => server.close(() => r()));
      return port;
    }
  }
}

export interface PostgresDatabase {
  name: string;
  url: string;
  /** a knex handle on the database, for assertions the HTTP surface cannot make */
  db: Knex;
  drop(): Promise<void>;
}

/** `create database scale_<random>` next to the test database; dropped (forcibly) by drop(). */
export async function createPostgresDatabase(prefix = 'scale'): Promise<PostgresDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: postgresUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const db = knex({ client: 'pg', connection: url.href, pool: { min: 0, max: 4 } });
  return {
    name, url: url.href, db,
    async drop() {
      await db.destroy();
      try {
        await admin.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export interface GatewayProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves when the process has exited */
  exited: Promise<Exit>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts a gateway and waits until /healthz answers; rejects with its output if it exits first. */
export async function startGateway(env: Record<string, string>, { attempts = 3, readyWithinMs = 30_000 } = {}): Promise<GatewayProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = spawnGateway({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    const url = `http://127.0.0.1:${port}`;
    const outcome = await Promise.race([
      waitForHealth(url, readyWithinMs).then(() => 'up' as const, () => 'silent' as const),
      proc.exited.then(() => 'exited' as const),
    ]);
    if (outcome === 'silent') {
      proc.kill('SIGKILL');
      throw new Error(`gateway on ${url} not healthy within ${readyWithinMs} ms:\n${proc.stdout()}\n${proc.stderr()}`);
    }
    if (outcome === 'up') return { ...proc, url, port };
    // Another process may have taken the port between freePort() and listen(): try another.
    if (/EADDRINUSE/.test(proc.stdout() + proc.stderr()) && attempt < attempts) continue;
    const exit = await proc.exited;
    throw new Error(`gateway exited (${JSON.stringify(exit)}) before it was healthy:\n${proc.stdout()}\n${proc.stderr()}`);
  }
}

/** Spawns main.js without waiting: for tests of processes that must refuse to start. */
export function spawnGateway(env: Record<string, string>) {
  const child = spawn(process.execPath, [mainJs], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<Exit>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return {
    child, exited, stdout: () => out, stderr: () => err,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => { if (child.exitCode === null && child.signalCode === null) child.kill(signal); },
  };
}

async function waitForHealth(url: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer within ${withinMs} ms`);
    await sleep(50);
  }
}

/** Runs the `avanoo` CLI; resolves with stdout (trimmed), rejects with stderr on a non-zero exit. */
export function cli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliJs, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`avanoo ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface HttpReply { status: number; headers: Headers; body: any }

/** One JSON request; the body is parsed when there is one. */
export async function request(url: string, method: string, secret: string | null, body?: unknown): Promise<HttpReply> {
  const headers: Record<string, string> = {};
  if (secret) headers.authorization = `Bearer ${secret}`;
  if (body !== undefined) headers['content-type'] = url.includes('/graphql') ? 'application/json' : 'application/scim+json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}
