import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { onCi, postgresProblem, postgresUrl, type Dialect } from './databases.js';

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
    await impl(t, 'postgres');
  });
}
