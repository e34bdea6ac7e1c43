import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createRepositories } from '../../db/repositories/index.js';
import { bootstrapDefaultWorkspace } from '../../gateway/bootstrap.js';
import { freshDatabase } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';

eachDialect('bootstrap: an empty database gets workspace "default" and one working token, once, even when starts race', async (t, dialect) => {
  const database = await freshDatabase(dialect);
  try {
    const repos = createRepositories(database.db);
    const results = await Promise.all([1, 2, 3].map(() => bootstrapDefaultWorkspace(repos)));
    const tokens = results.filter((r) => r !== null);
    t.is(tokens.length, 1, 'exactly one racing start issues a token');
    const actor = await repos.workspaces.findActiveBySecret(tokens[0]!.token);
    t.is(actor?.kind, 'scim');
    t.is((await repos.workspaces.findBySlug('default'))?.id, actor?.workspaceId);
    t.is(await bootstrapDefaultWorkspace(repos), null, 'a later start prints nothing');
  } finally {
    await database.drop();
  }
});

test('npm start on a fresh SQLite file prints the Tenant URL and a token that works', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'avanoo-boot-'));
  const child = spawn(process.execPath, ['build/gateway/main.js'], {
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'a.db')}`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no token printed: ${out}`)), 20_000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (/Secret Token: \S+/.test(out)) { clearTimeout(timer); resolve(); }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const tenant = /Tenant URL:\s+(\S+)/.exec(out)?.[1];
    const token = /Secret Token:\s+(\S+)/.exec(out)?.[1];
    t.regex(tenant ?? '', /^http:\/\/127\.0\.0\.1:\d+\/scim$/);
    const res = await fetch(`${tenant}/Users?filter=userName+eq+%22nobody%22`, { headers: { authorization: `Bearer ${token}` } });
    t.is(res.status, 200);
    t.is((await res.json()).totalResults, 0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});
