// Groups at scale, against the real gateway in a child process on a fresh SQLite file:
//   1. PATCH adding one member to, and removing one member from, groups of 10, 10,000 and
//      100,000 members (autocannon); the 100,000 figure should be within 1.5× of the 10 one.
//   2. Peak RSS of the gateway while it serves GET /Groups/{id} of the 100,000-member group
//      (bound: about 64 MB above its resting RSS).
//   3. Entra's group sync: 1,000 groups × 50 members (G1 filter, G2 create, G5 add all 50).
// `npm run build && node build/bench/groups.js [--duration 10] [--warmup 2] [--connections 10]
// [--sizes 10,10000,100000] [--pool 10000] [--sync-groups 1000] [--sync-members 50] [--workers 10]
// [--parts patch,memory,sync] [--get-rounds 3] [--node-args "<gateway's node options>"] [--dir <dir>]
// [--keep] [--postgres <url>]`. Rate limit off (RATE_LIMIT_PER_SECOND=0),
// provisioning log on (PROVISIONING_LOG_ENABLED, default true), as gateway-server.ts sets them.

import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Request, type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/connect.js';
import { fold, now } from '../db/dialect.js';
import { migrateLatest } from '../db/migrate.js';
import { seedDatabase } from './seed.js';
import { startChild, type Child } from './start-child.js';

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    sizes: { type: 'string', default: '10,10000,100000' },
    pool: { type: 'string', default: '10000' },
    'sync-groups': { type: 'string', default: '1000' },
    'sync-members': { type: 'string', default: '50' },
    workers: { type: 'string', default: '10' },
    'get-rounds': { type: 'string', default: '3' },
    // Node options for the gateway process, space-separated (e.g. "--max-old-space-size=64", "--cpu-prof").
    'node-args': { type: 'string', default: '' },
    // Also run part 1 on PostgreSQL: the seeded rows are copied into a fresh database
    // avanoo_bench_groups, created through this URL (e.g. postgres://postgres@127.0.0.1:5432/test).
    postgres: { type: 'string' },
    parts: { type: 'string', default: 'patch,memory,sync' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const duration = Number(opts.duration);
const warmup = Number(opts.warmup);
const connections = Number(opts.connections);
const sizes = opts.sizes!.split(',').map(Number);
const poolSize = Number(opts.pool);
const syncGroups = Number(opts['sync-groups']);
const syncMembers = Number(opts['sync-members']);
const workers = Number(opts.workers);
const parts = new Set(opts.parts!.split(',').map((p) => p.trim()));

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MS_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// Users 0 … max(size)-1 are the members of the sized groups (each group takes a prefix); the
// next `pool` users are in none of them and are what the PATCH runs add and remove. The sync
// gives each of its groups its own 50 users from the start of the list.
const biggest = Math.max(...sizes);
const userCount = Math.max(biggest + poolSize, syncGroups * syncMembers);

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'avanoo-groups-bench-'));
const seedFile = join(dir, 'groups-seed.db');
const gatewayFile = join(dir, 'groups-gateway.db');

console.log(`Load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log(`Seeding ${userCount} users and groups of ${sizes.join(', ')} members into ${seedFile} …`);
const seeded = await seedDatabase(seedFile, userCount);
const groupIds = await seedGroups();
const seedDb = new Database(seedFile, { readonly: true });
// In insertion order (rowid), so user i is seededUserName(i); `select id` alone would walk an index.
const userIds = seedDb.prepare('select id from users order by rowid').pluck().all() as string[];
seedDb.close();
const pool = userIds.slice(biggest, biggest + poolSize);
console.log(`  seeded in ${seeded.seconds.toFixed(1)} s (users) + groups`);
copyFileSync(seedFile, gatewayFile);

const headers = (body: boolean): Record<string, string> => ({
  authorization: `Bearer ${seeded.token}`, accept: 'application/scim+json',
  ...(body ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
});

let gateway: Child | undefined;
const startGateway = async (target = gatewayFile) => {
  gateway = await startChild(here('./gateway-server.js'), [target, 'info'], { execArgv: opts['node-args']!.split(' ').filter(Boolean) });
  return gateway;
};
async function stopGateway() {
  await gateway?.stop();
  gateway = undefined;
}
const report: string[] = [];

try {
  if (parts.has('patch')) report.push(await patchBench());
  if (opts.postgres) {
    await stopGateway();
    report.push(await patchBench(await copyToPostgres(opts.postgres), 'PostgreSQL'));
    await stopGateway();
  }
  if (parts.has('memory')) report.push(await memoryBench());
  if (parts.has('sync')) report.push(await syncBench());
  await stopGateway();
  report.push(finalCounts());
  console.log(`\n${machine()}\n\n${report.join('\n\n')}`);
} finally {
  await gateway?.stop();
  if (opts.keep) console.log(`Databases kept in ${dir}`);
  else if (opts.dir) {
    // A directory the caller named: remove only what this run wrote there.
    for (const f of [seedFile, gatewayFile]) for (const s of ['', '-wal', '-shm']) rmSync(f + s, { force: true });
  } else rmSync(dir, { recursive: true, force: true });
}

/** One group per size, its members inserted straight into group_members (one statement each):
 * the repository would take one transaction per PATCH, and seeding is not what is measured. */
async function seedGroups(): Promise<Record<number, string>> {
  const db = openDatabase({ client: 'better-sqlite3', filename: seedFile });
  const ids: Record<number, string> = {};
  try {
    const at = now();
    for (const size of sizes) {
      const id = randomUUID();
      const displayName = `Bench group of ${size}`;
      await db('groups').insert({ id, workspace_id: seeded.workspaceId, display_name: displayName, display_name_key: fold(displayName),
        external_id: randomUUID(), created_at: at, updated_at: at, version: 1 });
      await db.raw(`insert into group_members (group_id, member_id, member_type, user_id, child_group_id)
        select ?, id, 'User', id, null from users order by rowid limit ${size}`, [id]);
      ids[size] = id;
    }
    await db.raw('pragma optimize = 0x10002');
  } finally {
    await db.destroy();
  }
  return ids;
}

/** A fresh PostgreSQL database with the seeded rows, copied table by table; its URL. */
async function copyToPostgres(adminUrl: string): Promise<string> {
  const name = 'avanoo_bench_groups';
  const admin = openDatabase({ client: 'pg', connectionString: adminUrl, pool: { min: 0, max: 1 }, statementTimeoutMs: 600_000 });
  try {
    await admin.raw(`drop database if exists ${name}`);
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const started = performance.now();
  const pg = openDatabase({ client: 'pg', connectionString: url.toString(), pool: { min: 0, max: 1 }, statementTimeoutMs: 600_000 });
  const sqlite = new Database(seedFile, { readonly: true });
  try {
    await migrateLatest(pg);
    for (const table of ['workspaces', 'credentials', 'users', 'user_values', 'groups', 'group_members']) {
      const rows = sqlite.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
      for (let i = 0; i < rows.length; i += 1000) await pg(table).insert(rows.slice(i, i + 1000));
    }
    await pg.raw('analyze');
  } finally {
    sqlite.close();
    await pg.destroy();
  }
  console.log(`Copied into PostgreSQL ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return url.toString();
}

interface Timings { add: number[]; remove: number[]; failed: Record<string, number> }

/** 1. Each connection alternates: add a pool user, then remove that same user. A connection
 * sends its next request only after the answer, so every request really changes the
 * membership, and the group stays within `connections` of its size. Latency per operation is
 * timed here (setupRequest → onResponse); autocannon's own figures mix both. */
async function patchBench(target = gatewayFile, database = 'SQLite'): Promise<string> {
  await stopGateway();
  const g = await startGateway(target);
  let next = 0;
  const rows: string[] = [];
  const results: Record<number, { result: Result; t: Timings }> = {};
  for (const size of sizes) {
    const path = `/scim/Groups/${groupIds[size]}`;
    await smoke(g, size);
    const run = async (seconds: number) => {
      const t: Timings = { add: [], remove: [], failed: {} };
      const done = (kind: 'add' | 'remove') => (status: number, _body: string, ctx: Record<string, unknown>) => {
        t[kind].push(performance.now() - (ctx.started as number));
        if (status !== 204) t.failed[`${kind} ${status}`] = (t.failed[`${kind} ${status}`] ?? 0) + 1;
      };
      const requests: Request[] = [
        {
          method: 'PATCH', path, headers: headers(true),
          setupRequest(req, ctx) {
            ctx.user = pool[next++ % pool.length];
            ctx.started = performance.now();
            req.body = JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: ctx.user }] }] });
            return req;
          },
          onResponse: done('add'),
        },
        {
          // Entra's default removal shape (G6).
          method: 'PATCH', path, headers: headers(true),
          setupRequest(req, ctx) {
            ctx.started = performance.now();
            req.body = JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: ctx.user }] }] });
            return req;
          },
          onResponse: done('remove'),
        },
      ];
      const result = await autocannon({ url: g.url, connections, duration: seconds, requests });
      return { result, t };
    };
    process.stdout.write(`${database} PATCH group of ${size}: warm-up ${warmup} s, measure ${duration} s … `);
    if (warmup > 0) await run(warmup);
    const cpuBefore = await g.cpu();
    const measured = await run(duration);
    const cpuPerRequest = (await g.cpu() - cpuBefore) / measured.result.requests.total;
    results[size] = measured;
    const { result, t } = measured;
    console.log(`${Math.round(result.requests.average)} req/s`);
    rows.push(`| ${size.toLocaleString('en')} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ` +
      `${pct(t.add, 50)} | ${pct(t.add, 99)} | ${pct(t.remove, 50)} | ${pct(t.remove, 99)} | ${Math.round(cpuPerRequest)} | ` +
      `${result.non2xx + result.errors}${Object.keys(t.failed).length ? ` (${JSON.stringify(t.failed)})` : ''} |`);
  }
  const [small, large] = [results[Math.min(...sizes)]!, results[biggest]!];
  const ratio = small.result.requests.average / large.result.requests.average;
  const p50Ratio = small.result.latency.p50 ? large.result.latency.p50 / small.result.latency.p50 : NaN;
  return [
    `${database}: PATCH, one member per request, add and remove alternating (${connections} connections, ${warmup} s warm-up + ${duration} s per size):`,
    '',
    '| members | req/s | p50 ms | p99 ms | add p50 ms | add p99 ms | remove p50 ms | remove p99 ms | server CPU µs/req | non-2xx |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `req/s ${Math.min(...sizes)} / req/s ${biggest}: ${ratio.toFixed(2)}×; p50 ${biggest} / p50 ${Math.min(...sizes)}: ${p50Ratio.toFixed(2)}× ` +
      `(target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'})`,
  ].join('\n');
}

async function smoke(g: Child, size: number) {
  const res = await fetch(`${g.url}/scim/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "bench GROUP of ${size}"`)}`, { headers: headers(false) });
  const body = await res.json() as { totalResults: number; Resources: { id: string; members?: unknown }[] };
  if (body.totalResults !== 1 || body.Resources[0]!.id !== groupIds[size] || 'members' in body.Resources[0]!) {
    throw new Error(`the gateway does not find the group of ${size} by displayName: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

interface Mem { rss: number; hwm: number }
function memoryOf(pid: number): Mem {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}
/** "5" resets the peak RSS (VmHWM) to the current RSS (Linux ≥ 4.0): the next peak is this request's. */
function resetPeak(pid: number) { writeFileSync(`/proc/${pid}/clear_refs`, '5'); }
function mb(bytes: number) { return (bytes / 2 ** 20).toFixed(1); }

/** 2. A fresh gateway, warmed on the same code path (a 10,000-member GET streams too), then
 * `--get-rounds` GETs of each of the two largest groups in turn; RSS sampled every 5 ms, and
 * the kernel's peak. */
async function memoryBench(): Promise<string> {
  await stopGateway();
  const g = await startGateway();
  const get = async (size: number) => {
    const started = performance.now();
    const res = await fetch(`${g.url}/scim/Groups/${groupIds[size]}`, { headers: headers(false) });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET group of ${size}: ${res.status} ${text.slice(0, 300)}`);
    return { ms, bytes: Buffer.byteLength(text), text };
  };
  for (let i = 0; i < 5; i++) for (const size of sizes.filter((s) => s < biggest)) await get(size);
  await new Promise((r) => setTimeout(r, 1000));
  const rows: string[] = [];
  // The two largest groups: a peak that does not grow with the group is one page's worth plus
  // the garbage collector's slack, not the member list.
  for (const size of sizes.slice(-2)) for (let round = 1; round <= Number(opts['get-rounds']); round++) {
    const before = memoryOf(g.pid).rss;
    resetPeak(g.pid);
    let sampled = before;
    const timer = setInterval(() => { sampled = Math.max(sampled, memoryOf(g.pid).rss); }, 5);
    const { ms, bytes, text } = await get(size);
    clearInterval(timer);
    const after = memoryOf(g.pid);
    const members = (JSON.parse(text) as { members: { value: string }[] }).members;
    const distinct = new Set(members.map((m) => m.value)).size;
    if (members.length < size || distinct !== members.length) throw new Error(`GET returned ${members.length} members (${distinct} distinct)`);
    rows.push(`| ${size.toLocaleString('en')} | ${round} | ${members.length.toLocaleString('en')} | ${mb(bytes)} | ${Math.round(ms)} | ${mb(before)} | ${mb(Math.max(after.hwm, sampled))} | ` +
      `${mb(Math.max(after.hwm, sampled) - before)} | ${mb(after.rss)} |`);
    console.log(`GET group of ${size} #${round}: ${Math.round(ms)} ms, ${mb(bytes)} MB, RSS ${mb(before)} → peak ${mb(Math.max(after.hwm, sampled))} MB`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return [
    `GET /Groups/{id} of the ${sizes.slice(-2).map((n) => n.toLocaleString('en')).join(' and ')}-member groups, one request at a time, fresh gateway warmed on the smaller groups ` +
      '(peak = the kernel\'s VmHWM, reset before each request, and RSS sampled every 5 ms):',
    '',
    '| group | request | members | response MB | ms | RSS before MB | peak RSS MB | peak − before MB | RSS after MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** 3. Entra's group sync, `workers` groups at a time: G1 (filter by displayName, members
 * excluded) → G2 (create, empty) → G5 (add all its members in one operation). */
async function syncBench(): Promise<string> {
  // The sync always writes to the SQLite file (finalCounts checks it there).
  if (gateway && !parts.has('memory')) await stopGateway();
  const g = gateway ?? await startGateway();
  const steps = { filter: [] as number[], create: [] as number[], patch: [] as number[], group: [] as number[] };
  const timed = async (list: number[], f: () => Promise<Response>, expect: number) => {
    const started = performance.now();
    const res = await f();
    const body = await res.text();
    list.push(performance.now() - started);
    if (res.status !== expect) throw new Error(`expected ${expect}, got ${res.status}: ${body.slice(0, 300)}`);
    return body;
  };
  let nextGroup = 0;
  const worker = async () => {
    for (let i = nextGroup++; i < syncGroups; i = nextGroup++) {
      const started = performance.now();
      const displayName = `Entra group ${i}`;
      const found = JSON.parse(await timed(steps.filter, () => fetch(
        `${g.url}/scim/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
        { headers: headers(false) }), 200)) as { totalResults: number };
      if (found.totalResults !== 0) throw new Error(`"${displayName}" exists before it is created`);
      const created = JSON.parse(await timed(steps.create, () => fetch(`${g.url}/scim/Groups`, {
        method: 'POST', headers: headers(true),
        body: JSON.stringify({ schemas: [GROUP, MS_GROUP], externalId: randomUUID(), displayName, meta: { resourceType: 'Group' } }),
      }), 201)) as { id: string };
      const members = userIds.slice(i * syncMembers, (i + 1) * syncMembers).map((value) => ({ $ref: null, value }));
      await timed(steps.patch, () => fetch(`${g.url}/scim/Groups/${created.id}`, {
        method: 'PATCH', headers: headers(true),
        body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: members }] }),
      }), 204);
      steps.group.push(performance.now() - started);
    }
  };
  console.log(`Entra group sync: ${syncGroups} groups × ${syncMembers} members, ${workers} workers …`);
  const cpuBefore = await g.cpu();
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuPerGroup = (await g.cpu() - cpuBefore) / syncGroups / 1000;
  console.log(`  ${seconds.toFixed(1)} s, ${(syncGroups / seconds).toFixed(0)} groups/s`);
  const row = (name: string, list: number[]) => `| ${name} | ${pct(list, 50)} | ${pct(list, 99)} |`;
  return [
    `Entra group sync: ${syncGroups} groups × ${syncMembers} members, ${workers} workers: ${seconds.toFixed(1)} s, ` +
      `**${(syncGroups / seconds).toFixed(0)} groups/s** (${(syncGroups * syncMembers / seconds).toFixed(0)} memberships/s), server CPU ${cpuPerGroup.toFixed(1)} ms/group`,
    '',
    '| step | p50 ms | p99 ms |',
    '|---|---:|---:|',
    row('G1 filter displayName eq, excludedAttributes=members', steps.filter),
    row('G2 POST /Groups (empty)', steps.create),
    row(`G5 PATCH add ${syncMembers} members, one op`, steps.patch),
    row('whole group (3 requests)', steps.group),
  ].join('\n');
}

/** What the database holds afterwards: the sized groups within `connections` of their size,
 * and every synced membership present. */
function finalCounts(): string {
  const db = new Database(gatewayFile, { readonly: true });
  try {
    const count = db.prepare('select count(*) from group_members where group_id = ?').pluck();
    const sized = sizes.map((s) => `${s} → ${count.get(groupIds[s]) as number}`).join(', ');
    const synced = db.prepare(`select count(*) from group_members gm join groups g on g.id = gm.group_id where g.display_name like 'Entra group %'`).pluck().get() as number;
    const logged = db.prepare('select count(*) from provisioning_log').pluck().get() as number;
    return `Members afterwards: ${sized}; synced memberships ${synced} (expected ${parts.has('sync') ? syncGroups * syncMembers : 0}); provisioning_log rows ${logged}.`;
  } finally {
    db.close();
  }
}

function pct(list: number[], p: number): string {
  if (!list.length) return '–';
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
}

function machine(): string {
  const cpu = cpus();
  return `${userCount} users; ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
    `load average at the end ${loadavg().map((l) => l.toFixed(2)).join(', ')}; the client shares the machine with the server.`;
}
