// Load benchmark of the SCIM gateway against a raw baseline measured in the same run, on the
// same seeded SQLite data: `npm run bench -- [--users 100000] [--duration 10] [--warmup 3]
// [--connections 10] [--scenarios filter,create,patch] [--cpu-prof <dir>] [--log-level info]
// [--json <file>] [--keep]`. --cpu-prof writes each server's V8 profile under <dir>/<server>/.
// Figures are ratios gateway/baseline; absolute req/s depend on the machine.

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { scenarios, type Scenario } from './scenarios.js';
import { seedDatabase, seededUserName } from './seed.js';
import { startChild, type Child } from './start-child.js';

const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    scenarios: { type: 'string', default: scenarios.map((s) => s.key).join(',') },
    dir: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const users = Number(opts.users);
const duration = Number(opts.duration);
const warmup = Number(opts.warmup);
const connections = Number(opts.connections);
const chosen = opts.scenarios!.split(',').map((k) => {
  const s = scenarios.find((x) => x.key === k.trim());
  if (!s) throw new Error(`Unknown scenario "${k}": use ${scenarios.map((x) => x.key).join(', ')}`);
  return s;
});

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'avanoo-bench-'));
const seedFile = join(dir, 'seed.db');

console.log(`Seeding ${users} users into ${seedFile} …`);
const seeded = await seedDatabase(seedFile, users);
console.log(`  seeded in ${seeded.seconds.toFixed(1)} s`);
const seedDb = new Database(seedFile, { readonly: true });
const ids = seedDb.prepare('select id from users').pluck().all() as string[];
seedDb.close();

type ServerName = 'baseline' | 'gateway';
const servers: Record<ServerName, Child> = {} as Record<ServerName, Child>;
try {
  for (const name of ['baseline', 'gateway'] as const) {
    const file = join(dir, `${name}.db`);
    copyFileSync(seedFile, file);
    const execArgv = opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(opts['cpu-prof'], name)] : [];
    servers[name] = name === 'baseline'
      ? await startChild(here('./baseline-server.js'), [file, seeded.token], { execArgv })
      : await startChild(here('./gateway-server.js'), [file, opts['log-level']!], { execArgv });
    await smokeTest(name, servers[name].url);
  }

  const rows: Row[] = [];
  for (const scenario of chosen) {
    for (const name of ['baseline', 'gateway'] as const) {
      process.stdout.write(`${scenario.name} · ${name}: warm-up ${warmup} s, measure ${duration} s … `);
      if (warmup > 0) await load(scenario, name, warmup);
      const cpuBefore = await servers[name].cpu();
      const result = await load(scenario, name, duration);
      const cpuPerRequest = (await servers[name].cpu() - cpuBefore) / result.requests.total;
      rows.push({ scenario, server: name, result, cpuPerRequest });
      console.log(`${Math.round(result.requests.average)} req/s, ${Math.round(cpuPerRequest)} CPU µs/request`);
    }
  }
  const report = table(rows);
  console.log(`\n${machine()}\n\n${report}`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify(rows.map((r) => ({ scenario: r.scenario.key, server: r.server, cpuPerRequest: r.cpuPerRequest, ...r.result })), null, 2));
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  if (opts.keep) console.log(`Databases kept in ${dir}`);
  else if (opts.dir) {
    // A directory the caller named: remove only what this run wrote there.
    for (const f of ['seed', 'baseline', 'gateway']) for (const s of ['.db', '.db-wal', '.db-shm']) rmSync(join(dir, f + s), { force: true });
  } else rmSync(dir, { recursive: true, force: true });
}

interface Row { scenario: Scenario; server: ServerName; result: Result; cpuPerRequest: number }

function load(scenario: Scenario, server: ServerName, seconds: number): Promise<Result> {
  return autocannon({
    url: servers[server].url, connections, duration: seconds,
    requests: scenario.requests({ token: seeded.token, users, ids, tag: server }),
  });
}

/** Both servers must give the right answers before their speed means anything. */
async function smokeTest(name: ServerName, url: string) {
  const find = async (userName: string) => {
    const res = await fetch(`${url}/scim/Users?filter=userName+eq+%22${encodeURIComponent(userName)}%22`, {
      headers: { authorization: `Bearer ${seeded.token}` },
    });
    return ((await res.json()) as { totalResults: number }).totalResults;
  };
  const [hit, miss] = [await find(seededUserName(users - 1).toUpperCase()), await find('nobody@bench.example.com')];
  if (hit !== 1 || miss !== 0) throw new Error(`${name} answers the userName filter wrongly (existing: ${hit}, missing: ${miss})`);
}

function table(rows: Row[]): string {
  const lines = [
    '| scenario | server | req/s | p50 ms | p99 ms | non-2xx | server CPU µs/req | req/s gateway/baseline | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const { scenario, server, result, cpuPerRequest } of rows) {
    const base = rows.find((r) => r.scenario === scenario && r.server === 'baseline')!.result.requests.average;
    const ratio = result.requests.average / base;
    const verdict = server === 'gateway' && scenario.target !== undefined
      ? `≥ ${scenario.target}× ${ratio >= scenario.target ? 'met' : 'MISSED'}` : '';
    lines.push(`| ${scenario.name} | ${server} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ` +
      `${result.non2xx + result.errors} | ${Math.round(cpuPerRequest)} | ${server === 'gateway' ? `${ratio.toFixed(2)}×` : ''} | ${verdict} |`);
  }
  return lines.join('\n');
}

function machine(): string {
  const cpu = cpus();
  return `${users} users, ${connections} connections, ${warmup} s warm-up + ${duration} s per run; ` +
    `${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
    'autocannon shares the machine with the server under test.';
}
