import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { onCi, postgresProblem, postgresUrl, type Dialect } from './databases.js';

// Postgres allows ~100 connections and ava runs every test of a file at once: at most this
// many Postgres tests of one test process hold databases at the same time.
const maxConcurrentPostgresTests = 6;
let running = 0;
const waiting: (() => void)[] = [];

async function withPostgresSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrentPostgresTests) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Registers `[sqlite] title` and `[postgres] title`. Off CI an unreachable Postgres turns the
 * Postgres variant into a pass with a log line saying it was skipped; on CI it fails. */
export function eachDialect<C = unknown>(title: string, impl: (t: ExecutionContext<C>, dialect: Dialect) => Promise<void> | void,
  test: TestFn<C> = anyTest as TestFn<C>): void {
  test(`[sqlite] ${title}`, (t) => impl(t, 'sqlite'));
  test(`[postgres] ${title}`, async (t) => {
    const problem = await postgresProblem();
    if (problem) {
      if (onCi) t.fail(`Postgres is required on CI but unreachable at ${postgresUrl}: ${problem}`);
      else t.log(`SKIPPED on Postgres: unreachable at ${postgresUrl} (${problem}); set TEST_POSTGRES_URL or start it`);
      if (!onCi) t.pass();
      return;
    }
    await withPostgresSlot(async () => { await impl(t, 'postgres'); });
  });
}
