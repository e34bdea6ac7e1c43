// The `avanoo` CLI as a user runs it: a child process on DATABASE_URL (a SQLite file, or a
// fresh PostgreSQL database), whose secrets then open a server on that same database.

import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionContext } from 'ava';
import knex from 'knex';
import { pino } from 'pino';
import { openDatabase } from '../../db/connect.js';
import { createRepositories } from '../../db/repositories/index.js';
import { createApp } from '../../gateway/app.js';
import { loadConfig } from '../../gateway/config.js';
import { buildGraphSchema } from '../../graph/schema.js';
import { postgresUrl, type Dialect } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';

const cli = fileURLToPath(new URL('../../cli/avanoo.js', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

function avanoo(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A DATABASE_URL for a database nobody else uses, removed when the test ends. */
async function freshDatabaseUrl(t: ExecutionContext, dialect: Dialect): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'avanoo-cli-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    return `sqlite:${join(dir, 'avanoo.db')}`;
  }
  // A URL cannot pick a schema, so the CLI gets a database of its own.
  const name = `cli_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: postgresUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  t.teardown(async () => {
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  });
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** The real app on the CLI's database, as `npm start` would serve it. */
async function serveDatabase(t: ExecutionContext, databaseUrl: string) {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const db = openDatabase(config.db);
  const repos = createRepositories(db);
  const log = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));
  const app = await createApp({ config, log, db, repos, schema: await buildGraphSchema() });
  const server = createServer(app.koa.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await app.stop();
    await db.destroy();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    repos,
    scimStatus: async (secret: string) =>
      (await fetch(`${url}/scim/v2/Users`, { headers: { authorization: `Bearer ${secret}` } })).status,
    graphql: async (secret: string, query: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query }),
      });
      return { status: res.status, body: await res.json() as { data?: any; errors?: { extensions?: { code?: string } }[] } };
    },
  };
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

eachDialect('avanoo workspace/token/admin-key commands; their secrets open a server on the same database', async (t, dialect) => {
  const databaseUrl = await freshDatabaseUrl(t, dialect);

  const ws = await avanoo(databaseUrl, 'workspace', 'create', 'acme');
  t.is(ws.code, 0, ws.stderr);
  t.regex(ws.stdout, /^[0-9a-f-]{36}\n$/);
  const again = await avanoo(databaseUrl, 'workspace', 'create', 'acme');
  t.is(again.code, 2, again.stderr);
  t.regex(again.stderr, /already exists/);

  const created = await avanoo(databaseUrl, 'token', 'create', '--workspace', 'acme', '--label', 'Entra prod');
  t.is(created.code, 0, created.stderr);
  // Exactly one line, the token alone, so TOKEN=$(avanoo token create …) works.
  t.regex(created.stdout, /^avs_[A-Za-z0-9_-]{43}\n$/);
  const token = created.stdout.trim();
  t.false(created.stderr.includes(token));

  const server = await serveDatabase(t, databaseUrl);
  t.is(await server.scimStatus(token), 200);
  t.deepEqual((await server.graphql(token, '{ workspace { slug } }')).body.data, { workspace: { slug: 'acme' } });

  // token create makes the workspace when needed; the default label is SCIM.
  const newco = await avanoo(databaseUrl, 'token', 'create', '--workspace', 'newco');
  t.is(newco.code, 0, newco.stderr);
  t.deepEqual((await server.graphql(newco.stdout.trim(), '{ workspace { slug } }')).body.data, { workspace: { slug: 'newco' } });

  const key = await avanoo(databaseUrl, 'admin-key', 'create', '--workspace', 'acme');
  t.is(key.code, 0, key.stderr);
  t.regex(key.stdout, /^ava_[A-Za-z0-9_-]{43}\n$/);
  const adminKey = key.stdout.trim();
  const listedByGraph = await server.graphql(adminKey, '{ scimTokens { id label revoked } }');
  t.is(listedByGraph.body.data.scimTokens.length, 1);
  const [tokenRow] = listedByGraph.body.data.scimTokens;
  t.like(tokenRow, { label: 'Entra prod', revoked: null });

  const list = await avanoo(databaseUrl, 'token', 'list', '--workspace', 'acme');
  t.is(list.code, 0, list.stderr);
  t.is(lines(list.stdout).length, 1);
  t.deepEqual(lines(list.stdout)[0]!.split('\t').slice(0, 2), [tokenRow.id, 'Entra prod']);
  t.regex(list.stdout, /\tactive$/m);
  t.false(list.stdout.includes(token.slice(4)), 'the list never shows a token value');

  // `token revoke` takes SCIM token ids only: an admin key's id is refused and stays valid.
  const adminKeyId = (await server.repos.workspaces.listCredentials((await server.repos.workspaces.findBySlug('acme'))!.id, 'admin'))[0]!.id;
  const wrongKind = await avanoo(databaseUrl, 'token', 'revoke', adminKeyId);
  t.is(wrongKind.code, 2);
  t.regex(wrongKind.stderr, /no SCIM token/);
  await sleep(1100); // past the authenticator's cache
  t.is((await server.graphql(adminKey, '{ scimTokens { id } }')).status, 200);

  const revoked = await avanoo(databaseUrl, 'token', 'revoke', tokenRow.id);
  t.is(revoked.code, 0, revoked.stderr);
  t.is(revoked.stdout, '');
  t.regex((await avanoo(databaseUrl, 'token', 'list', '--workspace', 'acme')).stdout, /\tREVOKED \S+$/m);
  // The server caches a token for at most a second: refused within 1.5 s on both surfaces.
  const start = Date.now();
  while ((await server.scimStatus(token)) !== 401 && Date.now() - start < 1500) await sleep(50);
  t.is(await server.scimStatus(token), 401);
  t.is((await server.graphql(token, '{ workspace { slug } }')).status, 401);
  t.true(Date.now() - start <= 1600, `refused after ${Date.now() - start} ms`);
  t.is(await server.scimStatus(newco.stdout.trim()), 200, 'other tokens are untouched');
});

eachDialect('avanoo: bad usage → exit code 2 with the usage on stderr', async (t, dialect) => {
  const databaseUrl = await freshDatabaseUrl(t, dialect);
  const migrated = await avanoo(databaseUrl, 'migrate');
  t.is(migrated.code, 0, migrated.stderr);
  t.is((await avanoo(databaseUrl, 'workspace', 'create', 'acme')).code, 0);
  const cases: [string[], RegExp][] = [
    [[], /a command is required/],
    [['frobnicate'], /unknown command: frobnicate/],
    [['workspace', 'create'], /workspace create <slug>/],
    [['workspace', 'create', 'Not A Slug'], /lowercase/],
    [['token', 'create'], /--workspace <slug> is required/],
    [['token', 'create', '--workspace'], /workspace/],
    [['token', 'create', '--workspace', 'acme', '--bogus'], /bogus/],
    [['token', 'list', '--workspace', 'nope'], /no workspace "nope"/],
    [['token', 'revoke'], /token revoke <id>/],
    [['token', 'revoke', randomUUID()], /no SCIM token/],
    [['admin-key', 'create'], /--workspace <slug> is required/],
  ];
  const runs = await Promise.all(cases.map(([args]) => avanoo(databaseUrl, ...args)));
  cases.forEach(([args, why], i) => {
    const run = runs[i]!;
    const title = `avanoo ${args.join(' ')}`;
    t.is(run.code, 2, `${title}: ${run.stderr}`);
    t.regex(run.stderr, why, title);
    t.regex(run.stderr, /Usage:\n {2}avanoo migrate/, title);
    t.is(run.stdout, '', title);
  });

  const badUrl = await avanoo('mysql://db.example/avanoo', 'token', 'list', '--workspace', 'acme');
  t.is(badUrl.code, 2);
  t.regex(badUrl.stderr, /DATABASE_URL/);
  const help = await avanoo(databaseUrl, '--help');
  t.is(help.code, 0);
  t.regex(help.stdout, /^Usage:/);
});
