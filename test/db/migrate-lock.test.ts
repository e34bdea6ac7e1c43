// Several processes migrating one PostgreSQL schema at once, and the leftovers of a migrator
// that died: each instance must end up serving the current schema, migrated once.

import test from 'ava';
import type { Knex } from 'knex';
import { openDatabase } from '../../db/connect.js';
import { migrateLatest } from '../../db/migrate.js';
import { migrationNames } from '../../db/migrations/index.js';
import { freshDatabase, type FreshDatabase } from '../_helpers/databases.js';
import { requirePostgres } from '../_helpers/postgres-only.js';

/** `n` separate pools on one schema, as `n` processes would have. */
async function migrators(fresh: FreshDatabase, n: number, work: (db: Knex) => Promise<void>) {
  const dbs = Array.from({ length: n }, () => openDatabase(fresh.config));
  try {
    return await Promise.allSettled(dbs.map(work));
  } finally {
    await Promise.all(dbs.map((db) => db.destroy()));
  }
}

test('[postgres] ten migrators racing on an empty schema: all succeed, one batch, one lock row', async (t) => {
  if (!(await requirePostgres(t))) return;
  // The race window is narrow: repeat it. (knex's own table setup, unguarded, left a second
  // lock row in most runs of this test, after which every start failed with "Migration table
  // is already locked" until someone repaired the table by hand.)
  for (let round = 0; round < 10; round++) {
    const fresh = await freshDatabase('postgres', { migrate: false });
    try {
      const results = await migrators(fresh, 10, (db) => migrateLatest(db, { waitMs: 10_000 }));
      t.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)), []);
      const rows: { name: string; batch: number }[] = await fresh.db('knex_migrations').select('name', 'batch').orderBy('id');
      t.deepEqual(rows.map((r) => r.name), migrationNames);
      t.deepEqual([...new Set(rows.map((r) => r.batch))], [1]);
      t.deepEqual(await fresh.db('knex_migrations_lock').select('is_locked'), [{ is_locked: 0 }]);
    } finally {
      await fresh.drop();
    }
  }
});

test('[postgres] a lock row left behind by a killed migrator (and a duplicate) does not block the next start', async (t) => {
  if (!(await requirePostgres(t))) return;
  const fresh = await freshDatabase('postgres', { migrate: false });
  try {
    await fresh.db.schema.createTable('knex_migrations', (tb) => {
      tb.increments(); tb.string('name'); tb.integer('batch'); tb.timestamp('migration_time');
    });
    await fresh.db.schema.createTable('knex_migrations_lock', (tb) => { tb.increments('index').primary(); tb.integer('is_locked'); });
    await fresh.db('knex_migrations_lock').insert([{ is_locked: 1 }, { is_locked: 0 }]);

    const started = Date.now();
    const results = await migrators(fresh, 3, (db) => migrateLatest(db, { waitMs: 10_000 }));
    t.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled']);
    t.true(Date.now() - started < 5000);
    t.is((await fresh.db('knex_migrations').select('name')).length, migrationNames.length);
    t.deepEqual(await fresh.db('knex_migrations_lock').select('is_locked'), [{ is_locked: 0 }]);
  } finally {
    await fresh.drop();
  }
});

test('[postgres] the migration lock needs no room in the pool (DATABASE_POOL_MAX=1)', async (t) => {
  if (!(await requirePostgres(t))) return;
  const fresh = await freshDatabase('postgres', { migrate: false });
  const db = openDatabase({ ...fresh.config, pool: { min: 0, max: 1 } } as typeof fresh.config);
  try {
    await migrateLatest(db, { waitMs: 10_000 });
    t.is((await db('knex_migrations').select('name')).length, migrationNames.length);
  } finally {
    await db.destroy();
    await fresh.drop();
  }
});
