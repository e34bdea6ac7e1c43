// GET /readyz: the database answers and its schema is the one this build expects. Bounded in
// time, because an unreachable database often does not refuse: it stops answering, and a probe
// that hangs is a probe that never says 503.

import type { Knex } from 'knex';
import { pendingMigrations, SchemaTooNew } from '../db/migrate.js';

export const readyTimeoutMs = 2000;

export interface Readiness { ready: boolean; body: Record<string, unknown> }

async function check(db: Knex): Promise<Readiness> {
  try {
    await db.raw('select 1');
    const pending = await pendingMigrations(db);
    return pending.length ? { ready: false, body: { status: 'migrations pending', pending } } : { ready: true, body: { status: 'ready' } };
  } catch (err) {
    const status = err instanceof SchemaTooNew ? 'schema too new' : 'database unavailable';
    return { ready: false, body: { status, detail: (err as Error).message } };
  }
}

export async function readiness(db: Knex, timeoutMs = readyTimeoutMs): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, body: { status: 'database unavailable', detail: `no answer within ${timeoutMs} ms` } }), timeoutMs);
  });
  try {
    return await Promise.race([check(db), late]);
  } finally {
    clearTimeout(timer);
  }
}
