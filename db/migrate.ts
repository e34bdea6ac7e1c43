// Brings the schema up to date. Safe when several processes start together: on PostgreSQL an
// advisory lock lets one migrate while the others wait and then find nothing left to do; on
// SQLite (one server, perhaps a CLI beside it) knex's lock table and a retry do the same.

import knex, { type Knex } from 'knex';
import { isPostgres } from './connect.js';
import { migrationNames, migrationSource } from './migrations/index.js';

const config = { migrationSource, tableName: 'knex_migrations' };

export class SchemaTooNew extends Error {
  constructor(readonly unknown: string[]) {
    super(`The database has migrations this build does not know (${unknown.join(', ')}); ` +
      'it was migrated by a newer version of Avanoo Identity. Deploy that version or newer.');
    this.name = 'SchemaTooNew';
  }
}

async function appliedMigrations(db: Knex): Promise<string[]> {
  if (!(await db.schema.hasTable(config.tableName))) return [];
  const rows: { name: string }[] = await db(config.tableName).select('name');
  return rows.map((r) => r.name);
}

/** Names of migrations not yet applied; throws SchemaTooNew when the database is ahead of us. */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((n) => !migrationNames.includes(n));
  if (unknown.length) throw new SchemaTooNew(unknown);
  return migrationNames.filter((n) => !applied.includes(n));
}

const isLockContention = (err: unknown): boolean => {
  const e = err as { name?: string; code?: string; message?: string };
  return e?.name === 'MigrationLocked' || e?.code === '23505' || e?.code === '42P07' ||
    /already exists|locked/i.test(e?.message ?? '');
};

/** Whether another process holds knex's migration lock right now. */
async function lockHeld(db: Knex): Promise<boolean> {
  const lockTable = `${config.tableName}_lock`;
  if (!(await db.schema.hasTable(lockTable))) return false;
  const row = await db(lockTable).first('is_locked');
  return Number(row?.is_locked) === 1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL: one migrator per schema at a time, across processes, by a session advisory lock
 * on a connection of its own (so it needs no room in the pool). Unlike knex's lock row, the
 * server releases it when the holder dies.
 */
async function withMigrationLock(db: Knex, deadline: number, work: () => Promise<void>): Promise<void> {
  const own = knex({ ...db.client.config, pool: { min: 0, max: 1 } });
  const conn = await own.client.acquireConnection();
  const query = (sql: string) => own.raw(sql).connection(conn);
  try {
    const tryLock = `select pg_try_advisory_lock(hashtext('avanoo-identity:migrate:' || current_schema())) as ok`;
    while (!(await query(tryLock)).rows[0].ok) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for another instance to finish migrating the database.');
      await sleep(100 + Math.random() * 200);
    }
    await work();
  } finally {
    await own.client.releaseConnection(conn);
    await own.destroy(); // ends the session, and with it the lock
  }
}

/**
 * Under our lock nobody else is migrating, so knex's lock table may be repaired: a row left
 * locked by a migrator that was killed, or a second row inserted by two processes that set
 * the table up at the same moment (knex then reports "already locked" forever).
 */
async function repairKnexLock(db: Knex): Promise<void> {
  const table = `${config.tableName}_lock`;
  if (!(await db.schema.hasTable(table))) return;
  await db.raw('delete from ?? where ?? > (select min(??) from ??)', [table, 'index', 'index', table]);
  await db(table).update({ is_locked: 0 });
}

export async function migrateLatest(db: Knex, { waitMs = 60_000 } = {}): Promise<void> {
  const deadline = Date.now() + waitMs;
  if (isPostgres(db)) {
    if ((await pendingMigrations(db)).length === 0) return;
    return withMigrationLock(db, deadline, async () => {
      if ((await pendingMigrations(db)).length === 0) return; // the previous holder did it
      await repairKnexLock(db);
      await db.migrate.latest(config);
    });
  }
  for (;;) {
    if ((await pendingMigrations(db)).length === 0) return;
    // Wait quietly while another process migrates: knex would print a warning per attempt.
    // Past the deadline, try anyway, so a lock left by a crashed process surfaces as knex's error.
    if (Date.now() < deadline && await lockHeld(db)) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      continue;
    }
    try {
      await db.migrate.latest(config);
      return;
    } catch (err) {
      if (!isLockContention(err) || Date.now() > deadline) throw err;
      await sleep(100 + Math.random() * 200);
    }
  }
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(config, true);
}
