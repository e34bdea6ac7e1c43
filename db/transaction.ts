// Runs work in a transaction and retries the failures that are nobody's fault: serialization
// failures, deadlocks, SQLite's busy database. Bounded, with jitter.

import type { Knex } from 'knex';

const transientCodes = new Set(['40001', '40P01', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', '57P01', 'ECONNRESET']);

export const isTransient = (err: unknown): boolean =>
  transientCodes.has((err as { code?: string })?.code ?? '');

export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (!isTransient(err) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 * 2 ** attempt + Math.random() * 20));
    }
  }
}
