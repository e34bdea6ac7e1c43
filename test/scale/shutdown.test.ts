// An instance under write load is stopped (SIGTERM) or killed (SIGKILL). Whatever happens to
// the requests in flight, every write the client saw acknowledged (201) must be stored.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import knex, { type Knex } from 'knex';
import {
  cli, createPostgresDatabase, request, sleep, startGateway, type GatewayProcess,
} from '../_helpers/gateway-process.js';
import { requirePostgres } from '../_helpers/postgres-only.js';

const shutdownTimeoutMs = 5000;

interface Load {
  /** userName → id of every 201 */
  acknowledged: Map<string, string>;
  /** HTTP statuses other than 201, and network errors by code */
  otherStatuses: number[];
  networkErrors: Map<string, number>;
  stop(): Promise<void>;
}

/** `lanes` concurrent loops of POST /Users with fresh userNames, until stopped or refused. */
function writeLoad(g: GatewayProcess, token: string, prefix: string, lanes = 20): Load {
  const acknowledged = new Map<string, string>();
  const otherStatuses: number[] = [];
  const networkErrors = new Map<string, number>();
  let stopped = false;
  const loops = Array.from({ length: lanes }, async (_, lane) => {
    for (let i = 0; !stopped; i++) {
      const userName = `${prefix}-${lane}-${i}@load.test`;
      try {
        const res = await request(`${g.url}/scim/Users`, 'POST', token, { userName });
        if (res.status === 201) acknowledged.set(userName, res.body.id);
        else otherStatuses.push(res.status);
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        const code = cause?.code ?? cause?.message ?? String(err);
        networkErrors.set(code, (networkErrors.get(code) ?? 0) + 1);
        if (code === 'ECONNREFUSED') return; // the listener is gone: this lane is done
        await sleep(10);
      }
    }
  });
  return {
    acknowledged, otherStatuses, networkErrors,
    async stop() { stopped = true; await Promise.all(loops); },
  };
}

/** Loads `victim` for a while, signals it, and returns the load and how the process ended. */
async function signalUnderLoad(t: ExecutionContext, victim: GatewayProcess, token: string, signal: NodeJS.Signals, prefix: string) {
  const load = writeLoad(victim, token, prefix);
  while (load.acknowledged.size < 200) await sleep(20); // well under way
  const signalledAt = Date.now();
  victim.kill(signal);
  const exit = await victim.exited;
  const exitedAfterMs = Date.now() - signalledAt;
  await sleep(200); // let the lanes see the refusals
  await load.stop();
  t.log({ signal, exit, exitedAfterMs, acknowledged: load.acknowledged.size, otherStatuses: load.otherStatuses.length,
    networkErrors: Object.fromEntries(load.networkErrors) });
  return { load, exit, exitedAfterMs };
}

async function assertAllStored(t: ExecutionContext, db: Knex, load: Load, prefix: string, { drained }: { drained: boolean }) {
  const rows: { user_name: string; id: string }[] = await db('users').where('user_name', 'like', `${prefix}-%`).select('user_name', 'id');
  const stored = new Map(rows.map((r) => [r.user_name, r.id]));
  const missing = [...load.acknowledged].filter(([name, id]) => stored.get(name) !== id);
  t.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${load.acknowledged.size} acknowledged writes are missing`);
  t.true(load.acknowledged.size >= 200);
  // A drain answers every request it started: nothing was stored whose 201 got lost. (A kill
  // may store a write and die before answering; that is allowed, the client retries.)
  if (drained) t.deepEqual([...stored.keys()].filter((n) => !load.acknowledged.has(n)), [], 'stored but never acknowledged');
}

/** SIGTERM: a clean exit within the bound, in-flight requests answered; SIGKILL: killed. */
function assertExit(t: ExecutionContext, signal: 'SIGTERM' | 'SIGKILL', exit: { code: number | null; signal: NodeJS.Signals | null },
  exitedAfterMs: number, otherStatuses: number[]): void {
  if (signal === 'SIGKILL') {
    t.is(exit.signal, 'SIGKILL');
    return;
  }
  t.deepEqual(exit, { code: 0, signal: null });
  t.true(exitedAfterMs < shutdownTimeoutMs + 1000, `exited ${exitedAfterMs} ms after SIGTERM`);
  // Draining means requests in flight were answered, not failed.
  t.deepEqual(otherStatuses.filter((s) => s >= 500), []);
}

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test.serial(`[postgres] ${signal} to an instance under write load: every acknowledged write is stored`, async (t) => {
    if (!(await requirePostgres(t))) return;
    const pg = await createPostgresDatabase('shutdown');
    const env = { DATABASE_URL: pg.url, RATE_LIMIT_PER_SECOND: '0', SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) };
    const [victim, survivor] = await Promise.all([startGateway(env), startGateway(env)]);
    try {
      const token = await cli(['token', 'create', '--workspace', 'w'], env);
      const prefix = signal.toLowerCase();
      const { load, exit, exitedAfterMs } = await signalUnderLoad(t, victim, token, signal, prefix);
      assertExit(t, signal, exit, exitedAfterMs, load.otherStatuses);
      await assertAllStored(t, pg.db, load, prefix, { drained: signal === 'SIGTERM' });
      // The surviving instance serves them too (a sample, through SCIM).
      for (const [userName, id] of [...load.acknowledged].slice(0, 20)) {
        const res = await request(`${survivor.url}/scim/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, 'GET', token);
        t.deepEqual(res.body.Resources.map((u: { id: string }) => u.id), [id]);
      }
    } finally {
      victim.kill('SIGKILL');
      survivor.kill('SIGTERM');
      await Promise.all([victim.exited, survivor.exited]);
      await pg.drop();
    }
  });

  test.serial(`[sqlite file] ${signal} under write load: every acknowledged write is stored`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'avanoo-shutdown-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'avanoo.db')}`, RATE_LIMIT_PER_SECOND: '0', SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) };
    const victim = await startGateway(env);
    const db = knex({ client: 'better-sqlite3', connection: { filename: join(dir, 'avanoo.db') }, useNullAsDefault: true });
    try {
      const token = await cli(['token', 'create', '--workspace', 'w'], env);
      const prefix = signal.toLowerCase();
      const { load, exit, exitedAfterMs } = await signalUnderLoad(t, victim, token, signal, prefix);
      assertExit(t, signal, exit, exitedAfterMs, load.otherStatuses);
      await assertAllStored(t, db, load, prefix, { drained: signal === 'SIGTERM' });
    } finally {
      victim.kill('SIGKILL');
      await victim.exited;
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
