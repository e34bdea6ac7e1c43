import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { onCi, postgresProblem, postgresUrl, type Dialect } from './databases.js';

// One Postgres serves every test file (and, on a shared machine, other suites too): a few
// Postgres tests at a time per worker keeps the number of connections bounded. ava's timeout
// counts inactivity, so a test waiting for a slot does not time out while others progress.
const postgresSlots = Number(process.env.TEST_POSTGRES_CONCURRENCY ?? 4);
let postgresRunning = 0;
const postgresQueue: (() => void)[] = [];
async function inPostgresSlot(work: () => Promise<void> | void): Promise<void> {
  while (postgresRunning >= postgresSlots) await new Promise<void>((resume) => postgresQueue.push(resume));
  postgresRunning++;
  try {
    await work();
  } finally {
    postgresRunning--;
    postgresQueue.shift()?.();
  }
}

/** Registers `[sqlite] title` and `[postgres] title`. */
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
    await inPostgresSlot(() => impl(t, 'postgres'));
  });
}
