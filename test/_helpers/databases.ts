// Every storage test runs on SQLite and, where reachable, on PostgreSQL. Each test gets its own
// database: a fresh :memory: SQLite, or a fresh schema in the Postgres test database.
// Off CI an unreachable Postgres skips its tests with a clear title; on CI (CI=true) it fails.

import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { openDatabase, type DbConfig } from '../../db/connect.js';
import { migrateLatest } from '../../db/migrate.js';

export type Dialect = 'sqlite' | 'postgres';

export const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const onCi = /^(1|true)$/i.test(process.env.CI ?? '');

let reachable: Promise<string | null> | undefined;
/** null when Postgres answers, else the reason it does not. */
export function postgresProblem(): Promise<string | null> {
  reachable ??= (async () => {
    if (process.env.TEST_POSTGRES === '0') return 'disabled by TEST_POSTGRES=0';
    const probe = knex({ client: 'pg', connection: { connectionString: postgresUrl, connectionTimeoutMillis: 3000 }, pool: { min: 0, max: 1 } });
    try {
      await probe.raw('select 1');
      return null;
    } catch (err) {
      return (err as Error).message || String(err);
    } finally {
      await probe.destroy();
    }
  })();
  return reachable;
}

export interface FreshDatabase {
  db: Knex;
  config: DbConfig;
  drop(): Promise<void>;
}

export async function freshDatabase(dialect: Dialect, { migrate = true } = {}): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const config: DbConfig = { client: 'better-sqlite3', filename: ':memory:' };
    const db = openDatabase(config);
    if (migrate) await migrateLatest(db);
    return { db, config, drop: () => db.destroy() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  // Short-lived admin handles: ava runs many tests at once and Postgres allows ~100 connections.
  const admin = async (sql: string) => {
    const k = knex({ client: 'pg', connection: postgresUrl, pool: { min: 0, max: 1 } });
    try { await k.raw(sql); } finally { await k.destroy(); }
  };
  await admin(`create schema ${schema}`);
  const config: DbConfig = { client: 'pg', connectionString: postgresUrl, pool: { min: 0, max: 3 }, statementTimeoutMs: 30_000, searchPath: schema };
  const db = openDatabase(config);
  if (migrate) await migrateLatest(db);
  return {
    db, config,
    async drop() {
      await db.destroy();
      await admin(`drop schema ${schema} cascade`);
    },
  };
}

