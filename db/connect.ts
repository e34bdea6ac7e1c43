// Opens the one Knex handle the process uses. SQLite is the zero-setup default; PostgreSQL is
// how the service scales out (several stateless gateways on one database).

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';

export type DbConfig =
  | { client: 'better-sqlite3'; filename: string }
  | { client: 'pg'; connectionString: string; pool: { min: number; max: number }; statementTimeoutMs: number; searchPath?: string };

export function openDatabase(config: DbConfig): Knex {
  if (config.client === 'pg') {
    return knex({
      client: 'pg',
      connection: { connectionString: config.connectionString, statement_timeout: config.statementTimeoutMs },
      pool: { min: config.pool.min, max: config.pool.max },
      ...(config.searchPath ? { searchPath: [config.searchPath] } : {}),
    });
  }
  if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename: config.filename },
    useNullAsDefault: true,
    // One connection: better-sqlite3 is synchronous, and a second connection to ':memory:'
    // would be a second, empty database.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown; prepare(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        try {
          if (config.filename !== ':memory:') conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          // Several processes may share the file (CLI beside a server): wait instead of failing.
          conn.pragma('busy_timeout = 5000');
          conn.pragma('synchronous = NORMAL');
          // Without statistics SQLite drives multi-valued lookups (emails.value eq …) through the
          // workspace index, a scan of every user; the analysis gives it row counts (bounded cost).
          if (config.filename !== ':memory:') conn.pragma('optimize = 0x10002');
          cacheStatements(conn);
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
}

// knex prepares every query anew; compiling the SQL is a third of a one-row lookup. The SQL
// texts the repositories produce are few (values are bound), so compiled statements are kept
// per connection. Reuse is safe: knex only calls all()/run(), which finish synchronously,
// and SQLite recompiles a statement by itself after a schema change.
const statementCacheSize = 500;

function cacheStatements(conn: { prepare(sql: string): unknown }): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      if (cache.size >= statementCacheSize) cache.clear(); // e.g. `in (?, ?, …)` of every length
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

export const isPostgres = (db: Knex): boolean => db.client.config.client === 'pg';

/** SQLite's advice for long-lived connections: refresh planner statistics now and then, so
 * plans follow the data as a workspace grows. Returns a stop function; no-op on PostgreSQL,
 * whose autovacuum does the same. */
export function startDatabaseMaintenance(db: Knex, everyMs = 60 * 60 * 1000): () => void {
  if (isPostgres(db)) return () => {};
  const timer = setInterval(() => { db.raw('pragma optimize').catch(() => {}); }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
