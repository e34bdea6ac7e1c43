// Small steps the group tests repeat: create users and groups over SCIM, PATCH, read a group's
// member ids, and count the SQL statements that touch group_members while a request runs.

import type { ExecutionContext } from 'ava';
import { emptyUserData } from '../../db/tables.js';
import { USER, patchOp } from './scim-query.js';
import type { Reply, TestServer } from './server.js';

export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const MS_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export { ERROR, LIST_RESPONSE, PATCH_OP, USER, patchOp, plusEncode, query, withServer } from './scim-query.js';

export function expectStatus(t: ExecutionContext, reply: Reply, status: number): void {
  t.is(reply.status, status, `${reply.status}: ${reply.text.slice(0, 500)}`);
}

export async function createUser(t: ExecutionContext, s: TestServer, userName: string, extra: Record<string, unknown> = {},
  token?: string): Promise<string> {
  const res = await s.scim('POST', '/Users', { schemas: [USER], userName, ...extra }, token ? { token } : {});
  expectStatus(t, res, 201);
  return res.body.id;
}

/** Users created through the repository: setup for large groups, where 5,000 HTTP round trips
 * would be the whole test's cost. The behaviour under test is still read over SCIM. */
export async function seedUsers(s: TestServer, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, k) => `${prefix}${String(i + k).padStart(6, '0')}@example.com`);
    const made = await Promise.all(batch.map((userName) =>
      s.repos.users.insert(s.workspaces.a, { ...emptyUserData(userName), displayName: userName })));
    ids.push(...made.map((u) => u.id));
  }
  return ids;
}

export async function createGroup(t: ExecutionContext, s: TestServer, displayName: string, memberIds: string[] = [],
  extra: Record<string, unknown> = {}): Promise<string> {
  const res = await s.scim('POST', '/Groups', {
    schemas: [GROUP], displayName, ...(memberIds.length ? { members: memberIds.map((value) => ({ value })) } : {}), ...extra,
  });
  expectStatus(t, res, 201);
  return res.body.id;
}

export const patchGroup = (s: TestServer, id: string, ...ops: object[]) => s.scim('PATCH', `/Groups/${id}`, patchOp(...ops));

/** The group's member ids, sorted, read over SCIM. */
export async function memberIdsOf(t: ExecutionContext, s: TestServer, groupId: string): Promise<string[]> {
  const res = await s.scim('GET', `/Groups/${groupId}`);
  expectStatus(t, res, 200);
  return (res.body.members as { value: string }[]).map((m) => m.value).sort();
}

/** The SQL statements that mention group_members while `work` runs. */
export async function memberQueriesDuring<T>(s: TestServer, work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const listener = (q: { sql: string }) => { if (/group_members/i.test(q.sql)) statements.push(q.sql); };
  s.database.db.on('query', listener);
  try {
    return { result: await work(), statements };
  } finally {
    s.database.db.removeListener('query', listener);
  }
}

export const sorted = (ids: string[]): string[] => [...ids].sort();
