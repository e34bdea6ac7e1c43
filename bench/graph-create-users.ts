// Users created per second through the in-process graph: the path every SCIM POST /Users takes
// after parsing (prepared CreateUser document → graphql-js execute → resolver → Knex), without
// HTTP. Each run gets a fresh database, a warm-up, then N timed creations by C concurrent callers;
// each configuration runs R times and the median run (by users/s) is reported, which keeps one
// noisy neighbour on a shared machine from deciding the figure.
//
//   npm run build && node build/bench/graph-create-users.js
//
// Environment: BENCH_USERS (default 5000), BENCH_WARMUP (default 200), BENCH_ROUNDS (default 3), BENCH_POSTGRES_URL
// (default: TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test; a schema is created
// and dropped there).

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { openDatabase, type DbConfig } from '../db/connect.js';
import { migrateLatest } from '../db/migrate.js';
import { createRepositories } from '../db/repositories/index.js';
import { prepareDocuments } from '../gateway/translate/documents.js';
import { createGraphClient } from '../graph/client.js';
import type { Actor } from '../graph/context.js';
import { buildGraphSchema } from '../graph/schema.js';

const users = Number(process.env.BENCH_USERS ?? 5000);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Target { name: string; db: Knex; drop(): Promise<void> }

async function sqliteTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'avanoo-bench-'));
  const db = openDatabase({ client: 'better-sqlite3', filename: join(dir, 'bench.db') });
  return { name: 'SQLite (file, WAL)', db, drop: async () => { await db.destroy(); await rm(dir, { recursive: true, force: true }); } };
}

async function postgresTarget(): Promise<Target> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: postgresUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create schema ${schema}`);
  // The server's defaults: pool of 10, 15 s statement timeout.
  const config: DbConfig = { client: 'pg', connectionString: postgresUrl, pool: { min: 0, max: 10 }, statementTimeoutMs: 15_000, searchPath: schema };
  const db = openDatabase(config);
  return {
    name: 'PostgreSQL', db,
    drop: async () => { await db.destroy(); await admin.raw(`drop schema ${schema} cascade`); await admin.destroy(); },
  };
}

/** What Entra sends on a typical create (mapped to the graph's input). */
const entraUser = (run: string, i: number) => ({
  userName: `${run}.user${i}@contoso.example`, externalId: `${run}-${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
  active: true, displayName: `User ${i}`, name: { givenName: 'User', familyName: String(i) },
  emails: [{ value: `${run}.user${i}@contoso.example`, type: 'work', primary: true }],
  title: 'Engineer', department: 'R&D', employeeNumber: String(100000 + i),
});

interface Result {
  target: string; concurrency: number; users: number; seconds: number; perSecond: number; p50: number; p99: number;
  /** this process's CPU (user + system) per user: what the gateway pays, whatever the machine's load */
  cpuMsPerUser: number;
}

async function measure(makeTarget: () => Promise<Target>, concurrency: number): Promise<Result> {
  const target = await makeTarget();
  try {
    await migrateLatest(target.db);
    const repos = createRepositories(target.db);
    const ws = await repos.workspaces.create('bench');
    const actor: Actor = { workspaceId: ws.id, kind: 'scim', credentialId: 'bench', label: 'bench' };
    const schema = await buildGraphSchema();
    const graph = createGraphClient(schema, repos);
    const { CreateUser } = prepareDocuments(schema);

    const create = (run: string, n: number) => async () => {
      const latencies: number[] = [];
      let next = 0;
      const caller = async () => {
        for (let i = next++; i < n; i = next++) {
          const start = performance.now();
          await graph.run(CreateUser, { input: entraUser(run, i), withGroups: false }, actor, `bench-${i}`);
          latencies.push(performance.now() - start);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, caller));
      return latencies;
    };

    await create('warm', warmup)();
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    const latencies = await create('timed', users)();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const [{ n }] = await target.db('users').count({ n: '*' });
    if (Number(n) !== warmup + users) throw new Error(`expected ${warmup + users} users, found ${n}`);
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return {
      target: target.name, concurrency, users, seconds, perSecond: users / seconds, p50: at(0.5), p99: at(0.99),
      cpuMsPerUser: (cpu.user + cpu.system) / 1000 / users,
    };
  } finally {
    await target.drop();
  }
}

async function medianOf(makeTarget: () => Promise<Target>, concurrency: number): Promise<Result> {
  const runs: Result[] = [];
  for (let i = 0; i < rounds; i++) runs.push(await measure(makeTarget, concurrency));
  return runs.sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)]!;
}

async function postgresReachable(): Promise<string | null> {
  const probe = knex({ client: 'pg', connection: { connectionString: postgresUrl, connectionTimeoutMillis: 3000 }, pool: { min: 0, max: 1 } });
  try { await probe.raw('select 1'); return null; } catch (err) { return (err as Error).message; } finally { await probe.destroy(); }
}

const results: Result[] = [];
console.error(`Creating ${users} users per run after ${warmup} warm-up creations, median of ${rounds} runs (${cpus().length} CPUs, Node ${process.version}, ` +
  `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})…`);
for (const concurrency of [1, 4]) results.push(await medianOf(sqliteTarget, concurrency));
const pgProblem = await postgresReachable();
if (pgProblem) console.error(`PostgreSQL skipped: ${postgresUrl} unreachable (${pgProblem})`);
else for (const concurrency of [1, 4]) results.push(await medianOf(postgresTarget, concurrency));

const header = ['database', 'concurrency', 'users', 'seconds', 'users/s', 'p50 ms', 'p99 ms', 'Node CPU ms/user'];
const rows = results.map((r) => [r.target, String(r.concurrency), String(r.users), r.seconds.toFixed(2),
  Math.round(r.perSecond).toString(), r.p50.toFixed(2), r.p99.toFixed(2), r.cpuMsPerUser.toFixed(2)]);
console.log(`| ${header.join(' | ')} |\n|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
