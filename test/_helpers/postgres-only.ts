// For tests that only make sense on PostgreSQL (several processes on one database). Same rule
// as eachDialect: off CI an unreachable Postgres skips with a clear log line; on CI it fails.

import type { ExecutionContext } from 'ava';
import { onCi, postgresProblem, postgresUrl } from './databases.js';

/** true when the test may go on; otherwise the test has been failed (CI) or passed with a log. */
export async function requirePostgres(t: ExecutionContext<any>): Promise<boolean> {
  const problem = await postgresProblem();
  if (!problem) return true;
  if (onCi) {
    t.fail(`Postgres is required on CI but unreachable at ${postgresUrl}: ${problem}`);
  } else {
    t.log(`SKIPPED (needs Postgres): unreachable at ${postgresUrl} (${problem}); set TEST_POSTGRES_URL or start it`);
    t.pass();
  }
  return false;
}
