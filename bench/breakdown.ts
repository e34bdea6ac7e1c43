// Where a gateway request's time goes, stage by stage, in-process (no HTTP, no autocannon):
// `npm run build && node build/bench/breakdown.js [--users 100000] [--rounds 7] [--ops 500]`.
// Each stage runs `ops` times per round and is timed in CPU time of this process (user +
// system), which other processes on the machine barely disturb; the cheapest round is reported.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/connect.js';
import { createRepositories } from '../db/repositories/index.js';
import { emptyUserData } from '../db/tables.js';
import { parseFilter } from '../gateway/filter/parse-filter.js';
import { applyPatch } from '../gateway/patch/apply-patch.js';
import { listResponse } from '../gateway/render/list-response.js';
import { project } from '../gateway/render/project.js';
import { toScimUser, type GraphUser } from '../gateway/render/users.js';
import { userSchemas } from '../gateway/schema/find-attribute.js';
import { canonicalize } from '../gateway/translate/canonicalize.js';
import { prepareDocuments } from '../gateway/translate/documents.js';
import { userFilterToWhere } from '../gateway/translate/filter-to-where.js';
import { scimUserToInput } from '../gateway/translate/user-input.js';
import { createGraphClient } from '../graph/client.js';
import { buildGraphSchema } from '../graph/schema.js';
import { entraCreateBody, entraPatchBody } from './scenarios.js';
import { seedDatabase, seededUserName } from './seed.js';

const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    ops: { type: 'string', default: '500' },
  },
});
const users = Number(opts.users);
const rounds = Number(opts.rounds);
const ops = Number(opts.ops);

const dir = mkdtempSync(join(tmpdir(), 'avanoo-breakdown-'));
const seeded = await seedDatabase(join(dir, 'seed.db'), users);
const db = openDatabase({ client: 'better-sqlite3', filename: seeded.file });
const raw = new Database(seeded.file);
const repos = createRepositories(db);
const schema = await buildGraphSchema();
const graph = createGraphClient(schema, repos);
const docs = prepareDocuments(schema);
const ws = seeded.workspaceId;
const actor = { workspaceId: ws, kind: 'scim' as const, credentialId: 'bench', label: 'bench' };
const ids = raw.prepare('select id from users').pluck().all() as string[];
const userName = (i: number) => seededUserName((i * 7919) % users);
const base = 'http://127.0.0.1/scim';
let serial = 0;

async function stage(label: string, op: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < Math.min(ops, 200); i++) await op(serial++);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < ops; i++) await op(serial++);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / ops);
  }
  console.log(`| ${label} | ${best.toFixed(0)} |`);
}

const byUserName = raw.prepare('select id, user_name, active from users where workspace_id = ? and user_name_key = ?');
const listVars = (i: number) => ({ where: { userName: { eq: userName(i) } }, sort: null, startIndex: 1, count: 100, withGroups: false });
const { users: page } = await graph.run<{ users: { items: GraphUser[] } }>(docs.ListUsers, listVars(1), actor, 'r');
const { user: one } = await graph.run<{ user: GraphUser }>(docs.GetUser, { id: ids[0], withGroups: false }, actor, 'r');

console.log(`${users} users; CPU µs per operation, cheapest of ${rounds} rounds of ${ops}\n`);
console.log('| stage | CPU µs |\n|---|---:|');
console.log('| **filter by userName** | |');
await stage('baseline: prepared select', (i) => byUserName.all(ws, userName(i)));
await stage('knex: the same select, query builder', (i) => db('users').where({ workspace_id: ws, user_name_key: userName(i) }).select('id', 'user_name', 'active'));
await stage('SCIM filter → where (parse + translate)', (i) => userFilterToWhere(parseFilter(`userName eq "${userName(i)}"`)));
await stage('repository users.list', (i) => repos.users.list(ws, { where: { userName: { eq: userName(i) } }, offset: 0, limit: 100 }));
await stage('graph ListUsers (execute, incl. repository)', (i) => graph.run(docs.ListUsers, listVars(i), actor, 'r'));
await stage('render: toScimUser + project + ListResponse + JSON', () =>
  JSON.stringify(listResponse(page.items.map((u) => project(toScimUser(u, base), userSchemas, {})), { totalResults: 1, startIndex: 1 })));
console.log('| **create** | |');
await stage('SCIM body → graph input (canonicalize + translate)', (i) => scimUserToInput(canonicalize(entraCreateBody(`c${i}@x.example`, i), userSchemas).resource));
await stage('repository users.insert', (i) => repos.users.insert(ws, { ...emptyUserData(`r${i}@bench.example.com`),
  emails: [{ value: `r${i}@bench.example.com`, type: 'work', primary: true }] }));
await stage('graph CreateUser (execute, incl. repository)', (i) => graph.run(docs.CreateUser, {
  input: scimUserToInput(canonicalize(entraCreateBody(`g${i}@bench.example.com`, i), userSchemas).resource), withGroups: false,
}, actor, 'r'));
console.log('| **PATCH** | |');
await stage('graph GetUser (execute, incl. repository)', (i) => graph.run(docs.GetUser, { id: ids[i % ids.length], withGroups: false }, actor, 'r'));
await stage('apply PATCH (pure) + graph input', (i) => scimUserToInput(applyPatch(toScimUser(one, base), entraPatchBody(i), userSchemas)));
await stage('repository users.update', (i) => repos.users.update(ws, ids[i % ids.length]!, (c) => ({ ...c, familyName: `F${i}` })));
await stage('whole PATCH: GetUser + apply + ReplaceUser (graph)', async (i) => {
  const { user } = await graph.run<{ user: GraphUser }>(docs.GetUser, { id: ids[i % ids.length], withGroups: false }, actor, 'r');
  const input = scimUserToInput(applyPatch(toScimUser(user, base), entraPatchBody(i), userSchemas));
  return graph.run(docs.ReplaceUser, { id: user.id, input, ifVersion: user.version, withGroups: false }, actor, 'r');
});

raw.close();
await db.destroy();
rmSync(dir, { recursive: true, force: true });
