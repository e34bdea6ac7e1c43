// Brings the schema up to date. Safe when several processes start together: knex's lock
// table lets one migrate while the others wait and then find nothing left to do.

import type { Knex } from 'knex';
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

export async function migrateLatest(db: Knex, { waitMs = 60_000 } = {}): Promise<void> {
  const deadline = Date.now() + waitMs;
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
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(config, true);
}
