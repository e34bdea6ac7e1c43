// Scale-out and provisioning-log cost, measured with autocannon against real gateway processes.
//
//   npm run build && node build/bench/scale-out.js [--seconds 10] [--connections 30] [--part sync|log|all]
//
// Part "sync": Entra's initial-sync pattern (GET /Users?filter=userName eq "…", then POST /Users
// when it is missing) against 1, 2 and 3 instances on one PostgreSQL database. The total number
// of client connections is fixed and split evenly: one autocannon per instance (round-robin by
// construction, no proxy in the path). Each run gets a fresh database.
// Part "log": POST and PATCH /Users req/s on one instance with PROVISIONING_LOG_ENABLED=true and
// =false, alternated (on, off, …, 3 rounds) in the same run, on PostgreSQL and on an SQLite file;
// besides req/s, the gateway's own CPU per request (from /metrics), which contention disturbs less.
// Everything (load generator, gateways, PostgreSQL) shares this machine: see bench/README.md.

import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresProblem } from '../test/_helpers/databases.js';
import { cli, createPostgresDatabase, mapLimit, request, startGateway, type GatewayProcess } from '../test/_helpers/gateway-process.js';

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

interface Cluster { gateways: GatewayProcess[]; token: string; analyze(): Promise<void>; stop(): Promise<void> }

async function startCluster(n: number, env: Record<string, string>, database: 'postgres' | 'sqlite'): Promise<Cluster> {
  let url: string;
  let drop: () => Promise<void>;
  let analyze = async () => {};
  if (database === 'postgres') {
    const pg = await createPostgresDatabase('bench');
    url = pg.url;
    drop = () => pg.drop();
    analyze = async () => { await pg.db.raw('analyze'); };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'avanoo-bench-'));
    url = `sqlite:${join(dir, 'avanoo.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const full = { DATABASE_URL: url, RATE_LIMIT_PER_SECOND: '0', LOG_LEVEL: 'warn', ...env };
  const gateways = await Promise.all(Array.from({ length: n }, () => startGateway(full)));
  const token = await cli(['token', 'create', '--workspace', 'bench'], { DATABASE_URL: url });
  return {
    gateways, token, analyze,
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

/** req/s of 2xx answers and gateway CPU ms per request, for one autocannon run. */
async function measured(g: GatewayProcess, requests: AcRequest[]) {
  const cpuBefore = await cpuSeconds(g);
  const r = await autocannon({ url: g.url, connections: Math.min(connections, 20), duration: seconds, requests });
  const cpu = (await cpuSeconds(g)) - cpuBefore;
  const ok = (r.statusCodeStats['200']?.count ?? 0) + created(r);
  return { rps: round(ok / r.duration), cpuMs: round((cpu * 1000) / Math.max(ok, 1), 2), p99: r.latency.p99, other: r.requests.total - ok };
}

async function logPart() {
  const rounds = 3;
  for (const database of ['postgres', 'sqlite'] as const) {
    if (database === 'postgres' && (await postgresProblem())) { console.error('skipping PostgreSQL: unreachable'); continue; }
    type Run = { enabled: boolean; post: Awaited<ReturnType<typeof measured>>; patch: Awaited<ReturnType<typeof measured>> };
    const runs: Run[] = [];
    for (let i = 0; i < rounds * 2; i++) {
      const enabled = i % 2 === 0;
      const cluster = await startCluster(1, { PROVISIONING_LOG_ENABLED: String(enabled) }, database);
      try {
        const g = cluster.gateways[0]!;
        // 200 users to PATCH (displayName, as Entra's incremental cycles do), then statistics.
        const ids = await mapLimit(Array.from({ length: 200 }, (_, k) => k), 10, async () =>
          (await request(`${g.url}/scim/Users`, 'POST', cluster.token, { userName: nextUserName('patch') })).body.id as string);
        await cluster.analyze();
        const post = await measured(g, [{ method: 'POST', path: '/scim/Users', headers: scimHeaders(cluster.token),
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ userName: nextUserName('log'), displayName: 'Log Bench', active: true }) }) }]);
        let k = 0;
        const patch = await measured(g, [{ method: 'PATCH', headers: scimHeaders(cluster.token),
          setupRequest: (req) => ({ ...req, path: `/scim/Users/${ids[k++ % ids.length]}`, body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'Replace', path: 'displayName', value: `Name ${k}` }] }) }) }]);
        runs.push({ enabled, post, patch });
        console.error(database, JSON.stringify(runs.at(-1)));
      } finally {
        await cluster.stop();
      }
    }
    const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
    console.log(`\nProvisioning log write-path cost, ${database === 'postgres' ? 'PostgreSQL' : 'SQLite file'}, one instance, ${Math.min(connections, 20)} connections, ${seconds} s per run, ${rounds} rounds alternated on/off (median, runs in brackets):\n`);
    console.log('| | log on: req/s | log off: req/s | on / off | log on: gateway CPU ms/req | log off: CPU ms/req | on / off |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const k of ['post', 'patch'] as const) {
      const of = (on: boolean, f: 'rps' | 'cpuMs') => runs.filter((r) => r.enabled === on).map((r) => r[k][f]);
      const [onR, offR, onC, offC] = [of(true, 'rps'), of(false, 'rps'), of(true, 'cpuMs'), of(false, 'cpuMs')];
      console.log(`| ${k === 'post' ? 'POST /Users' : 'PATCH /Users/{id}'} | ${median(onR)} (${onR.join(', ')}) | ${median(offR)} (${offR.join(', ')}) | ${round(median(onR) / median(offR), 2)} ` +
        `| ${median(onC)} (${onC.join(', ')}) | ${median(offC)} (${offC.join(', ')}) | ${round(median(onC) / median(offC), 2)} |`);
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
