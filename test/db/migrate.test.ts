// migrateLatest on SQLite and PostgreSQL: idempotent, reversible, safe when two processes
// start at once, and refusing a database migrated by a newer build.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { Knex } from 'knex';
import { openDatabase } from '../../db/connect.js';
import { migrateLatest, pendingMigrations, rollbackAll, SchemaTooNew } from '../../db/migrate.js';
import { migrationNames } from '../../db/migrations/index.js';
import { createRepositories } from '../../db/repositories/index.js';
import { emptyUserData } from '../../db/tables.js';
import { freshDatabase, type Dialect } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';

const appTables = ['workspaces', 'credentials', 'users', 'user_values', 'groups', 'group_members'];

async function fresh(t: ExecutionContext, dialect: Dialect, migrate: boolean) {
  const database = await freshDatabase(dialect, { migrate });
  t.teardown(() => database.drop());
  return database.db;
}

const applied = async (db: Knex) => (await db('knex_migrations').orderBy('id').select('name')).map((r) => r.name as string);

const existing = async (db: Knex) => {
  const present: string[] = [];
  for (const table of appTables) if (await db.schema.hasTable(table)) present.push(table);
  return present;
};

/** Writes through the repositories: proves the schema is usable, not just present. */
async function useSchema(db: Knex) {
  const repos = createRepositories(db);
  const ws = await repos.workspaces.create(`w${Date.now()}`);
  const user = await repos.users.insert(ws.id, { ...emptyUserData('someone@example.com'), emails: [{ value: 'someone@example.com' }] });
  const group = await repos.groups.insert(ws.id, { displayName: 'G', externalId: null }, [user.id]);
  return { ws, user, group, repos };
}

eachDialect('migrateLatest twice: the second run is a no-op and keeps the data', async (t, dialect) => {
  const db = await fresh(t, dialect, false);
  t.deepEqual(await pendingMigrations(db), migrationNames);
  await migrateLatest(db);
  t.deepEqual(await pendingMigrations(db), []);
  t.deepEqual(await applied(db), migrationNames);
  t.deepEqual(await existing(db), appTables);
  const { ws, user, group, repos } = await useSchema(db);

  await migrateLatest(db);
  t.deepEqual(await applied(db), migrationNames, 'no migration ran twice');
  t.like(await repos.users.findById(ws.id, user.id), { userName: 'someone@example.com' });
  t.is(await repos.groups.memberCount(group.id), 1);
});

eachDialect('rollbackAll drops every table; migrating again gives a working schema', async (t, dialect) => {
  const db = await fresh(t, dialect, true);
  await useSchema(db);
  await rollbackAll(db);
  t.deepEqual(await existing(db), []);
  t.deepEqual(await pendingMigrations(db), migrationNames);

  await migrateLatest(db);
  t.deepEqual(await applied(db), migrationNames);
  const { repos } = await useSchema(db);
  t.is(await repos.workspaces.count(), 1, 'the data went with the rollback');
});

eachDialect('two processes migrating one fresh database at once both succeed', async (t, dialect) => {
  let first: Knex;
  let second: Knex;
  if (dialect === 'postgres') {
    // Two pools on the same schema: as two gateway instances starting together.
    const database = await freshDatabase('postgres', { migrate: false });
    first = database.db;
    second = openDatabase(database.config);
    t.teardown(async () => { await second.destroy(); await database.drop(); });
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'avanoo-migrate-'));
    first = openDatabase({ client: 'better-sqlite3', filename: join(dir, 'shared.db') });
    second = openDatabase({ client: 'better-sqlite3', filename: join(dir, 'shared.db') });
    t.teardown(async () => { await first.destroy(); await second.destroy(); await rm(dir, { recursive: true, force: true }); });
  }
  const results = await Promise.allSettled([migrateLatest(first), migrateLatest(second)]);
  t.deepEqual(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')), ['ok', 'ok']);
  t.deepEqual(await applied(first), migrationNames, 'each migration ran exactly once');
  t.deepEqual(await pendingMigrations(second), []);
  await useSchema(second);
});

eachDialect('a database migrated by a newer build → SchemaTooNew, naming the unknown migration', async (t, dialect) => {
  const db = await fresh(t, dialect, true);
  await db('knex_migrations').insert({ name: '9999-from-the-future', batch: 2, migration_time: new Date() });
  const error = await t.throwsAsync(migrateLatest(db), { instanceOf: SchemaTooNew });
  t.deepEqual(error?.unknown, ['9999-from-the-future']);
  t.regex(error?.message ?? '', /9999-from-the-future/);
  t.regex(error?.message ?? '', /newer version of Avanoo Identity/);
  await t.throwsAsync(pendingMigrations(db), { instanceOf: SchemaTooNew });
  // Nothing was touched: the known migrations are still recorded, the tables still there.
  t.deepEqual((await applied(db)).slice(0, migrationNames.length), migrationNames);
  t.deepEqual(await existing(db), appTables);
});
