// Two ways a GraphQL call over HTTP can go, as one-liners for the graph tests: it succeeds
// (the data, or the test fails with the errors), or it fails with a given extensions.code.

import type { ExecutionContext } from 'ava';
import type { TestServer } from './server.js';

export interface GraphErrorBody {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** Runs `query`; throws (failing the test) unless it answered 200 without errors. */
export async function graphOk<T = any>(s: TestServer, query: string, variables: Record<string, unknown> = {},
  secret?: string | null): Promise<T> {
  const reply = await s.graphql(query, variables, secret);
  if (reply.status !== 200 || reply.body?.errors?.length) {
    throw new Error(`expected success, got HTTP ${reply.status}: ${reply.text.slice(0, 2000)}`);
  }
  return reply.body.data as T;
}

/** Runs `query` and asserts it failed with `code`; returns the first error for further checks. */
export async function graphFails(t: ExecutionContext, s: TestServer, code: string, query: string,
  variables: Record<string, unknown> = {}, secret?: string | null): Promise<GraphErrorBody> {
  const reply = await s.graphql(query, variables, secret);
  const error: GraphErrorBody | undefined = reply.body?.errors?.[0];
  t.is(error?.extensions?.code, code, `expected ${code}, got HTTP ${reply.status}: ${reply.text.slice(0, 1000)}`);
  return error ?? { message: '' };
}
