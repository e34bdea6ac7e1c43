// Scale-out and provisioning-log cost, measured with autocannon against real gateway processes.
//
//   npm run build && node build/bench/scale-out.js [--seconds 10] [--connections 30] [--part sync|log|all]
//
// Part "sync": Entra's initial-sync pattern (GET /Users?filter=userName eq "…", then POST /Users
// when it is missing) against 1, 2 and 3 instances on one PostgreSQL database. The total number
// of client connections is fixed and split evenly: one autocannon per instance (round-robin by
// construction, no proxy in the path). Each run gets a fresh database.
// Part "log": POST and PATCH /Users with PROVISIONING_LOG_ENABLED=true and =false, one instance
// each, side by side (so the machine's other work weighs on both alike), 3 rounds, on PostgreSQL
// and on an SQLite file: req/s, the gateway's CPU per request (from /metrics) and, on PostgreSQL,
// the database backends' CPU per request (from /proc).
// Everything (load generator, gateways, PostgreSQL) shares this machine: see bench/README.md.

import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresProblem } from '../test/_helpers/databases.js';
import { cli, createPostgresDatabase, mapLimit, request, sleep, startGateway, type GatewayProcess } from '../test/_helpers/gateway-process.js';

// autocannon ships no types; this is the part of its API used here.
interface AcRequest {
  method?: string; path?: string; headers?: Record<string, string>; body?: string;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AcHistogram { average: number; p50: number; p99: number; total: number }
interface AcResult {
  requests: AcHistogram; latency: AcHistogram; duration: number; errors: number; non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; requests: AcRequest[]; headers?: Record<string, string> }) => Promise<AcResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '30' }, part: { type: 'string', default: 'all' } },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);

const scimHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });
let sequence = 0;
const nextUserName = (tag: string) => `${tag}-${process.pid}-${sequence++}@bench.example.com`;

/** The Entra loop per connection: match by userName; create when there is no match. */
function initialSyncRequests(token: string, tag: string): AcRequest[] {
  return [
    {
      method: 'GET', headers: scimHeaders(token),
      setupRequest(req, context) {
        context.userName = nextUserName(tag);
        return { ...req, path: `/scim/Users?filter=${encodeURIComponent(`userName eq "${context.userName as string}"`)}` };
      },
    },
    {
      method: 'POST', path: '/scim/Users', headers: scimHeaders(token),
      setupRequest(req, context) {
        const userName = context.userName as string;
        return { ...req, body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
          externalId: userName, userName, active: true, displayName: 'Bench User',
          emails: [{ primary: true, type: 'work', value: userName }],
          name: { givenName: 'Bench', familyName: 'User' },
        }) };
      },
    },
  ];
}

interface Cluster {
  gateways: GatewayProcess[]; token: string; analyze(): Promise<void>; stop(): Promise<void>;
  /** CPU seconds used by this database's PostgreSQL backends (Linux /proc; NaN elsewhere) */
  databaseCpu(): number;
}

/** Sums utime+stime of the server processes whose title names `database` (backends, autovacuum). */
function postgresCpuSeconds(database: string): number {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue;
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      } catch { /* gone meanwhile */ }
    }
    return ticks / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

async function startCluster(n: number, env: Record<string, string>, database: 'postgres' | 'sqlite'): Promise<Cluster> {
  let url: string;
  let drop: () => Promise<void>;
  let analyze = async () => {};
  let databaseCpu = () => NaN;
  if (database === 'postgres') {
    const pg = await createPostgresDatabase('bench');
    url = pg.url;
    drop = () => pg.drop();
    analyze = async () => { await pg.db.raw('analyze'); };
    databaseCpu = () => postgresCpuSeconds(pg.name);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'avanoo-bench-'));
    url = `sqlite:${join(dir, 'avanoo.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const full = { DATABASE_URL: url, RATE_LIMIT_PER_SECOND: '0', LOG_LEVEL: 'warn', ...env };
  const gateways = await Promise.all(Array.from({ length: n }, () => startGateway(full)));
  const token = await cli(['token', 'create', '--workspace', 'bench'], { DATABASE_URL: url });
  return {
    gateways, token, analyze, databaseCpu,
    async stop() {
      for (const g of gateways) g.kill('SIGTERM');
      await Promise.all(gateways.map((g) => g.exited));
      await drop();
    },
  };
}

const created = (r: AcResult) => r.statusCodeStats['201']?.count ?? 0;
const round = (x: number, d = 0) => Number(x.toFixed(d));

async function syncPart() {
  const rows: { instances: number; coldUsersPerSec: number; usersPerSec: number; reqPerSec: number; p50: number; p99: number; errors: number; unexpected: number }[] = [];
  for (const n of [1, 2, 3]) {
    const cluster = await startCluster(n, {}, 'postgres');
    try {
      const per = Math.floor(connections / n);
      const load = (duration: number, tag: string) => Promise.all(cluster.gateways.map((g, i) => autocannon({
        url: g.url, connections: per + (i < connections % n ? 1 : 0), duration,
        requests: initialSyncRequests(cluster.token, `${tag}${n}-${i}`),
      })));
      // Steady state, not a brand-new table: PostgreSQL plans by statistics, and until
      // autovacuum first analyzes `users` (up to a minute) the userName lookup is planned as if
      // the table were empty. The cold figure is reported as well.
      const cold = await load(3, 'cold');
      await cluster.analyze();
      const results = await load(seconds, 'sync');
      const coldUsers = cold.reduce((s, r) => s + created(r), 0) / Math.max(...cold.map((r) => r.duration));
      const users = results.reduce((s, r) => s + created(r), 0);
      const total = results.reduce((s, r) => s + r.requests.total, 0);
      const duration = Math.max(...results.map((r) => r.duration));
      // Latency percentiles are per autocannon; the worst instance is reported.
      rows.push({
        instances: n, coldUsersPerSec: round(coldUsers), usersPerSec: round(users / duration), reqPerSec: round(total / duration),
        p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)),
        errors: results.reduce((s, r) => s + r.errors, 0),
        unexpected: results.reduce((s, r) => s + r.requests.total - created(r) - (r.statusCodeStats['200']?.count ?? 0), 0),
      });
      console.error(JSON.stringify(rows.at(-1)));
    } finally {
      await cluster.stop();
    }
  }
  const base = rows[0]!.usersPerSec;
  console.log(`\nEntra initial sync, ${connections} connections in all, ${seconds} s per run after a 3 s cold phase and ANALYZE, PostgreSQL:\n`);
  console.log('| instances | users created/s | req/s (GET+POST) | vs 1 instance | p50 ms | p99 ms | errors / other statuses | cold 3 s: users/s |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.instances} | ${r.usersPerSec} | ${r.reqPerSec} | ${round(r.usersPerSec / base, 2)}× | ${r.p50} | ${r.p99} | ${r.errors} / ${r.unexpected} | ${r.coldUsersPerSec} |`);
  }
}

/** CPU seconds the gateway process has used (prom-client's process_cpu_seconds_total). */
async function cpuSeconds(g: GatewayProcess): Promise<number> {
  const text = await (await fetch(`${g.url}/metrics`)).text();
  return Number(/^process_cpu_seconds_total (\S+)/m.exec(text)?.[1] ?? NaN);
}

/** req/s of 2xx answers, and gateway and database CPU ms per request, for one autocannon run. */
async function measured(cluster: Cluster, requests: AcRequest[]) {
  const g = cluster.gateways[0]!;
  const [cpuBefore, dbBefore] = [await cpuSeconds(g), cluster.databaseCpu()];
  const r = await autocannon({ url: g.url, connections: Math.min(connections, 20), duration: seconds, requests });
  await sleep(300); // the last log batch is written
  const [cpu, dbCpu] = [(await cpuSeconds(g)) - cpuBefore, cluster.databaseCpu() - dbBefore];
  const ok = (r.statusCodeStats['200']?.count ?? 0) + created(r);
  const perRequest = (x: number) => round((x * 1000) / Math.max(ok, 1), 2);
  return { rps: round(ok / r.duration), cpuMs: perRequest(cpu), dbCpuMs: perRequest(dbCpu), p99: r.latency.p99, other: r.requests.total - ok };
}

async function logPart() {
  const rounds = 3;
  for (const database of ['postgres', 'sqlite'] as const) {
    if (database === 'postgres' && (await postgresProblem())) { console.error('skipping PostgreSQL: unreachable'); continue; }
    type Run = { enabled: boolean; post: Awaited<ReturnType<typeof measured>>; patch: Awaited<ReturnType<typeof measured>> };
    const runs: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      // The two configurations run side by side, each on its own database, so that whatever
      // else the machine is doing at that moment weighs on both alike.
      const pair = await Promise.all([true, false].map((enabled) => startCluster(1, { PROVISIONING_LOG_ENABLED: String(enabled) }, database)));
      try {
        const ids = await Promise.all(pair.map((cluster) => mapLimit(Array.from({ length: 200 }, (_, k) => k), 10, async () =>
          (await request(`${cluster.gateways[0]!.url}/scim/Users`, 'POST', cluster.token, { userName: nextUserName('patch') })).body.id as string)));
        await Promise.all(pair.map((cluster) => cluster.analyze()));
        const posts = await Promise.all(pair.map((cluster) => measured(cluster, [{ method: 'POST', path: '/scim/Users', headers: scimHeaders(cluster.token),
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ userName: nextUserName('log'), displayName: 'Log Bench', active: true }) }) }])));
        const patches = await Promise.all(pair.map((cluster, c) => {
          let k = 0;
          return measured(cluster, [{ method: 'PATCH', headers: scimHeaders(cluster.token),
            setupRequest: (req) => ({ ...req, path: `/scim/Users/${ids[c]![k++ % 200]}`, body: JSON.stringify({
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [{ op: 'Replace', path: 'displayName', value: `Name ${k}` }] }) }) }]);
        }));
        for (const c of [0, 1]) runs.push({ enabled: c === 0, post: posts[c]!, patch: patches[c]! });
        console.error(database, JSON.stringify(runs.slice(-2)));
      } finally {
        await Promise.all(pair.map((cluster) => cluster.stop()));
      }
    }
    const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
    console.log(`\nProvisioning log write-path cost, ${database === 'postgres' ? 'PostgreSQL' : 'SQLite file'}: log on and log off side by side, one instance each, ` +
      `${Math.min(connections, 20)} connections each, ${seconds} s, ${rounds} rounds (medians; runs in brackets):\n`);
    console.log('| | req/s on / off | gateway CPU ms/req on / off | database CPU ms/req on / off |');
    console.log('|---|---:|---:|---:|');
    for (const k of ['post', 'patch'] as const) {
      const of = (on: boolean, f: 'rps' | 'cpuMs' | 'dbCpuMs') => runs.filter((r) => r.enabled === on).map((r) => r[k][f]);
      const cell = (f: 'rps' | 'cpuMs' | 'dbCpuMs') => {
        const [on, off] = [of(true, f), of(false, f)];
        return `${median(on)} / ${median(off)} (${round(median(on) / median(off), 2)}; ${on.join(', ')} / ${off.join(', ')})`;
      };
      console.log(`| ${k === 'post' ? 'POST /Users' : 'PATCH /Users/{id}'} | ${cell('rps')} | ${cell('cpuMs')} | ${database === 'postgres' ? cell('dbCpuMs') : 'in the gateway'} |`);
    }
  }
}

const problem = await postgresProblem();
if (problem) {
  console.error(`PostgreSQL is needed for the scale-out part: ${problem}`);
  if (args.part !== 'log') process.exit(1);
}
console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
if (args.part === 'all' || args.part === 'sync') await syncPart();
if (args.part === 'all' || args.part === 'log') await logPart();
