// Groups through GraphQL over HTTP, on SQLite and PostgreSQL: lifecycle, bulk membership
// changes (many ids in one call, idempotent), member paging, and the errors clients branch on.

import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import type { Dialect } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';
import { graphFails, graphOk } from '../_helpers/graph-calls.js';
import { startServer, type TestServer } from '../_helpers/server.js';

const GROUP = 'id displayName externalId created lastModified version memberCount';
const CREATE = `mutation($input: GroupInput!) { createGroup(input: $input) { ${GROUP} } }`;
const GET = `query($id: ID!) { group(id: $id) { ${GROUP} } }`;
const UPDATE = `mutation($id: ID!, $input: GroupUpdateInput!, $ifVersion: Int) { updateGroup(id: $id, input: $input, ifVersion: $ifVersion) { ${GROUP} } }`;
const REPLACE = `mutation($id: ID!, $input: GroupInput!, $ifVersion: Int) { replaceGroup(id: $id, input: $input, ifVersion: $ifVersion) { ${GROUP} } }`;
const ADD = `mutation($id: ID!, $ids: [ID!]!) { addGroupMembers(id: $id, memberIds: $ids) { ${GROUP} } }`;
const REMOVE = `mutation($id: ID!, $ids: [ID!]!) { removeGroupMembers(id: $id, memberIds: $ids) { ${GROUP} } }`;
const DELETE = 'mutation($id: ID!, $ifVersion: Int) { deleteGroup(id: $id, ifVersion: $ifVersion) }';
const MEMBERS = `query($id: ID!, $first: Int! = 100, $after: String) {
  group(id: $id) { members(first: $first, after: $after) { items { value type display } endCursor hasNextPage } } }`;
const LIST = `query($where: GroupWhere, $sort: SortInput, $startIndex: Int! = 1, $count: Int! = 100) {
  groups(where: $where, sort: $sort, startIndex: $startIndex, count: $count) { totalResults startIndex items { id displayName } } }`;

interface Member { value: string; type: string; display: string | null }
interface MemberPage { items: Member[]; endCursor: string | null; hasNextPage: boolean }

async function serverFor(t: ExecutionContext, dialect: Dialect): Promise<TestServer> {
  const s = await startServer(dialect);
  t.teardown(() => s.close());
  return s;
}

const createGroup = async (s: TestServer, input: Record<string, unknown>) => (await graphOk(s, CREATE, { input })).createGroup;

async function createUsers(s: TestServer, n: number, prefix = 'user'): Promise<string[]> {
  const ids: string[] = [];
  // A few at a time: quick enough, and few Postgres connections.
  for (let i = 0; i < n; i += 4) {
    const batch = Array.from({ length: Math.min(4, n - i) }, (_, k) =>
      graphOk(s, 'mutation($u: String!) { createUser(input: { userName: $u }) { id } }', { u: `${prefix}${i + k}@example.com` }));
    for (const r of await Promise.all(batch)) ids.push(r.createUser.id);
  }
  return ids;
}

/** Every member of a group, walking pages of `first`; checks the cursor contract on the way. */
async function allMembers(t: ExecutionContext, s: TestServer, id: string, first: number): Promise<{ members: Member[]; pages: number }> {
  const members: Member[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const page: MemberPage = (await graphOk(s, MEMBERS, { id, first, after })).group.members;
    t.true(page.items.length <= first);
    t.is(page.endCursor, page.items.at(-1)?.value ?? null);
    members.push(...page.items);
    if (!page.hasNextPage) return { members, pages };
    t.is(page.items.length, first, 'only the last page is short');
    after = page.endCursor;
  }
}

const memberIdsOf = async (t: ExecutionContext, s: TestServer, id: string) =>
  (await allMembers(t, s, id, 1000)).members.map((m) => m.value);

eachDialect('createGroup with users and a nested group; group(id), members, hasMember, user.groups', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { createUser: ann } = await graphOk(s, 'mutation { createUser(input: { userName: "ann@example.com", displayName: "Ann A." }) { id } }');
  const { createUser: ben } = await graphOk(s, 'mutation { createUser(input: { userName: "Ben@Example.com" }) { id } }');
  const child = await createGroup(s, { displayName: 'Child Team', memberIds: [ben.id] });
  const parent = await createGroup(s, { displayName: 'Engineering', externalId: 'Ext-G1', memberIds: [ann.id, child.id] });
  t.like(parent, { displayName: 'Engineering', externalId: 'Ext-G1', version: 1, memberCount: 2 });
  t.is(parent.created, parent.lastModified);
  t.deepEqual((await graphOk(s, GET, { id: parent.id })).group, parent);

  const expected = [
    { value: ann.id, type: 'User', display: 'Ann A.' },
    { value: child.id, type: 'Group', display: 'Child Team' },
  ].sort((a, b) => (a.value < b.value ? -1 : 1));
  t.deepEqual((await allMembers(t, s, parent.id, 100)).members, expected);
  // A user without displayName is shown by userName, as sent.
  t.deepEqual((await allMembers(t, s, child.id, 100)).members, [{ value: ben.id, type: 'User', display: 'Ben@Example.com' }]);

  const has = await graphOk(s, `query($g: ID!, $a: ID!, $b: ID!) { group(id: $g) { a: hasMember(id: $a) b: hasMember(id: $b) } }`,
    { g: parent.id, a: ann.id, b: ben.id });
  t.deepEqual(has.group, { a: true, b: false });

  const groupsOf = async (id: string) => (await graphOk(s, 'query($id: ID!) { user(id: $id) { groups { id displayName direct } } }', { id })).user.groups;
  t.deepEqual(await groupsOf(ann.id), [{ id: parent.id, displayName: 'Engineering', direct: true }]);
  t.deepEqual(await groupsOf(ben.id), [
    { id: child.id, displayName: 'Child Team', direct: true },
    { id: parent.id, displayName: 'Engineering', direct: false },
  ]);
});

eachDialect('updateGroup: rename, clear externalId, member operations in order; replaceGroup sets exactly', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const [u1, u2, u3, u4] = await createUsers(s, 4);
  const g = await createGroup(s, { displayName: 'Sales', externalId: 'S-1', memberIds: [u1, u2] });

  const { updateGroup: renamed } = await graphOk(s, UPDATE, { id: g.id, input: { displayName: 'Sales EMEA' } });
  t.like(renamed, { displayName: 'Sales EMEA', externalId: 'S-1', version: 2, memberCount: 2, created: g.created });

  const ops = [{ op: 'ADD', ids: [u3, u4] }, { op: 'REMOVE', ids: [u1, u3] }, { op: 'ADD', ids: [u3] }];
  const { updateGroup: changed } = await graphOk(s, UPDATE, { id: g.id, input: { externalId: null, memberOps: ops } });
  t.like(changed, { displayName: 'Sales EMEA', externalId: null, version: 3, memberCount: 3 });
  t.deepEqual(await memberIdsOf(t, s, g.id), [u2, u3, u4].sort());

  const { updateGroup: set } = await graphOk(s, UPDATE, { id: g.id, input: { memberOps: [{ op: 'SET', ids: [u1, u4] }] } });
  t.is(set.memberCount, 2);
  t.deepEqual(await memberIdsOf(t, s, g.id), [u1, u4].sort());
  t.is((await graphOk(s, UPDATE, { id: g.id, input: { memberOps: [{ op: 'CLEAR' }] } })).updateGroup.memberCount, 0);

  const { replaceGroup } = await graphOk(s, REPLACE, { id: g.id, input: { displayName: 'Sales', memberIds: [u2, u3] } });
  t.like(replaceGroup, { displayName: 'Sales', externalId: null, memberCount: 2, version: 6 });
  t.deepEqual(await memberIdsOf(t, s, g.id), [u2, u3].sort());
  const { replaceGroup: emptied } = await graphOk(s, REPLACE, { id: g.id, input: { displayName: 'Sales', externalId: 'S-2' } });
  t.like(emptied, { externalId: 'S-2', memberCount: 0, version: 7 });
  t.deepEqual((await graphOk(s, GET, { id: g.id })).group, emptied);
});

eachDialect('deleteGroup removes the group and its memberships; a second delete is NOT_FOUND', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const [u1] = await createUsers(s, 1);
  const child = await createGroup(s, { displayName: 'Child', memberIds: [u1] });
  const parent = await createGroup(s, { displayName: 'Parent', memberIds: [u1, child.id] });

  t.deepEqual(await graphOk(s, DELETE, { id: child.id }), { deleteGroup: child.id });
  await graphFails(t, s, 'NOT_FOUND', GET, { id: child.id });
  await graphFails(t, s, 'NOT_FOUND', DELETE, { id: child.id });
  t.deepEqual(await memberIdsOf(t, s, parent.id), [u1]);
  t.is((await graphOk(s, GET, { id: parent.id })).group.memberCount, 1);
  const user = async () => (await graphOk(s, 'query($id: ID!) { user(id: $id) { groups { id direct } } }', { id: u1 })).user;
  t.deepEqual((await user()).groups, [{ id: parent.id, direct: true }]);

  await graphOk(s, DELETE, { id: parent.id });
  t.deepEqual((await user()).groups, []);
  t.is((await graphOk(s, LIST, {})).groups.totalResults, 0);
});

eachDialect('addGroupMembers/removeGroupMembers: many ids per call, idempotent, atomic; members paging', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const users = await createUsers(s, 300);
  const g = await createGroup(s, { displayName: 'Everyone' });

  const first = users.slice(0, 250);
  t.like((await graphOk(s, ADD, { id: g.id, ids: first })).addGroupMembers, { memberCount: 250, version: 2 });
  // Present ids, repeated ids and new ids in one call: only the new ones are added.
  const again = [...users.slice(0, 100), ...users.slice(250), users[260]];
  t.like((await graphOk(s, ADD, { id: g.id, ids: again })).addGroupMembers, { memberCount: 300, version: 3 });

  // Removing: members and non-members (an existing user, an unknown id) alike.
  const outsider = (await createUsers(s, 1, 'outsider'))[0]!;
  const gone = [...users.slice(0, 120), outsider, randomUUID()];
  t.like((await graphOk(s, REMOVE, { id: g.id, ids: gone })).removeGroupMembers, { memberCount: 180 });
  t.like((await graphOk(s, REMOVE, { id: g.id, ids: gone })).removeGroupMembers, { memberCount: 180 });

  const remaining = users.slice(120).sort();
  const walked = await allMembers(t, s, g.id, 64);
  t.is(walked.pages, Math.ceil(180 / 64));
  t.deepEqual(walked.members.map((m) => m.value), remaining);
  t.true(walked.members.every((m) => m.type === 'User' && /^user\d+@example\.com$/.test(m.display ?? '')));
  t.deepEqual((await allMembers(t, s, g.id, 180)).pages, 1);
  const has = await graphOk(s, 'query($g: ID!, $in: ID!, $out: ID!) { group(id: $g) { a: hasMember(id: $in) b: hasMember(id: $out) } }',
    { g: g.id, in: users[200], out: users[5] });
  t.deepEqual(has.group, { a: true, b: false });

  // One unknown id spoils the whole call: nothing of it is applied.
  const unknown = randomUUID();
  const error = await graphFails(t, s, 'BAD_USER_INPUT', ADD, { id: g.id, ids: [...users.slice(0, 10), unknown] });
  t.is(error.extensions?.field, 'memberIds');
  t.deepEqual(error.extensions?.ids, [unknown]);
  const self = await graphFails(t, s, 'BAD_USER_INPUT', ADD, { id: g.id, ids: [g.id] });
  t.deepEqual(self.extensions?.ids, [g.id]);
  t.like((await graphOk(s, GET, { id: g.id })).group, { memberCount: 180 });
  t.deepEqual(await memberIdsOf(t, s, g.id), remaining);
});

eachDialect('uniqueness: displayName ignoring case, externalId exactly → CONFLICT naming the attribute', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const eng = await createGroup(s, { displayName: 'Engineering', externalId: 'G-1' });
  const ops = await createGroup(s, { displayName: 'Ops', externalId: 'G-2' });
  const conflicts: [string, Record<string, unknown>, string][] = [
    [CREATE, { input: { displayName: 'ENGINEERING' } }, 'displayName'],
    [CREATE, { input: { displayName: 'New', externalId: 'G-1' } }, 'externalId'],
    [UPDATE, { id: ops.id, input: { displayName: 'engineering' } }, 'displayName'],
    [UPDATE, { id: ops.id, input: { externalId: 'G-1' } }, 'externalId'],
    [REPLACE, { id: ops.id, input: { displayName: 'EnGiNeErInG' } }, 'displayName'],
    [REPLACE, { id: ops.id, input: { displayName: 'Ops', externalId: 'G-1' } }, 'externalId'],
  ];
  for (const [query, vars, attribute] of conflicts) {
    const error = await graphFails(t, s, 'CONFLICT', query, vars);
    t.is(error.extensions?.attribute, attribute, JSON.stringify(vars));
    t.is(error.extensions?.type, 'group');
  }
  t.like(await createGroup(s, { displayName: 'Other', externalId: 'g-1' }), { externalId: 'g-1' });
  t.like((await graphOk(s, UPDATE, { id: eng.id, input: { displayName: 'ENGINEERING' } })).updateGroup, { displayName: 'ENGINEERING' });
  t.like((await graphOk(s, GET, { id: ops.id })).group, { displayName: 'Ops', externalId: 'G-2', version: 1 });
  t.is((await graphOk(s, LIST, {})).groups.totalResults, 3);
});

eachDialect('unknown ids → NOT_FOUND for every query and mutation that takes a group id', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const [u] = await createUsers(s, 1);
  for (const id of [randomUUID(), 'not-a-uuid', u!]) {
    const cases: [string, Record<string, unknown>][] = [
      [GET, { id }], [MEMBERS, { id }], [UPDATE, { id, input: { displayName: 'x' } }], [REPLACE, { id, input: { displayName: 'x' } }],
      [ADD, { id, ids: [u] }], [REMOVE, { id, ids: [u] }], [DELETE, { id }],
    ];
    for (const [query, vars] of cases) {
      const error = await graphFails(t, s, 'NOT_FOUND', query, vars);
      t.is(error.extensions?.id, id);
    }
  }
  t.is((await graphOk(s, LIST, {})).groups.totalResults, 0);
});

eachDialect('bad input → BAD_USER_INPUT naming the field', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const g = await createGroup(s, { displayName: 'Team' });
  const cases: [string, Record<string, unknown>, string][] = [
    [CREATE, { input: { displayName: '' } }, 'displayName'],
    [CREATE, { input: { displayName: '  ' } }, 'displayName'],
    [CREATE, { input: { displayName: 'X', externalId: '' } }, 'externalId'],
    [CREATE, { input: { displayName: 'X', memberIds: [randomUUID()] } }, 'memberIds'],
    [UPDATE, { id: g.id, input: { displayName: '' } }, 'displayName'],
    [UPDATE, { id: g.id, input: { memberOps: [{ op: 'CLEAR' }, { op: 'ADD' }] } }, 'memberOps[1].ids'],
    [REPLACE, { id: g.id, input: { displayName: 'Team', memberIds: ['nope'] } }, 'memberIds'],
    [LIST, { count: -1 }, 'count'],
    [LIST, { sort: { by: 'members' } }, 'sort.by'],
    [LIST, { where: { lastModified: { lt: 'soon' } } }, 'lastModified.lt'],
    [MEMBERS, { id: g.id, first: 0 }, 'first'],
  ];
  for (const [query, vars, field] of cases) {
    const error = await graphFails(t, s, 'BAD_USER_INPUT', query, vars);
    t.is(error.extensions?.field, field, `${JSON.stringify(vars)}: ${error.message}`);
  }
  t.is((await graphOk(s, LIST, {})).groups.totalResults, 1);
  t.like((await graphOk(s, GET, { id: g.id })).group, { displayName: 'Team', version: 1 });
});

eachDialect('ifVersion that does not match → PRECONDITION_FAILED, and nothing changes', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const [u] = await createUsers(s, 1);
  const g = await createGroup(s, { displayName: 'Team' });
  const stale: [string, Record<string, unknown>][] = [
    [UPDATE, { id: g.id, ifVersion: 2, input: { displayName: 'B', memberOps: [{ op: 'ADD', ids: [u] }] } }],
    [REPLACE, { id: g.id, ifVersion: 0, input: { displayName: 'B', memberIds: [u] } }],
    [DELETE, { id: g.id, ifVersion: 9 }],
  ];
  for (const [query, vars] of stale) {
    const error = await graphFails(t, s, 'PRECONDITION_FAILED', query, vars);
    t.is(error.extensions?.currentVersion, 1);
  }
  t.like((await graphOk(s, GET, { id: g.id })).group, { displayName: 'Team', version: 1, memberCount: 0 });
  t.like((await graphOk(s, UPDATE, { id: g.id, ifVersion: 1, input: { displayName: 'B' } })).updateGroup, { version: 2 });
  t.like((await graphOk(s, REPLACE, { id: g.id, ifVersion: 2, input: { displayName: 'C' } })).replaceGroup, { version: 3 });
  t.deepEqual(await graphOk(s, DELETE, { id: g.id, ifVersion: 3 }), { deleteGroup: g.id });
});

eachDialect('groups(where), sort, startIndex/count with totals', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const [u1, u2] = await createUsers(s, 2);
  const names = ['beta', 'Alpha', 'gamma', 'Delta'];
  const ids: Record<string, string> = {};
  ids.beta = (await createGroup(s, { displayName: 'beta', externalId: 'X-b', memberIds: [u1] })).id;
  ids.Alpha = (await createGroup(s, { displayName: 'Alpha', externalId: 'x-a', memberIds: [u1, u2] })).id;
  ids.gamma = (await createGroup(s, { displayName: 'gamma', memberIds: [ids.beta] })).id;
  ids.Delta = (await createGroup(s, { displayName: 'Delta' })).id;
  const nameOf = new Map(Object.entries(ids).map(([n, id]) => [id, n]));
  const matching = async (where: unknown) => {
    const { groups } = await graphOk(s, LIST, { where });
    t.is(groups.totalResults, groups.items.length);
    return groups.items.map((g: { id: string }) => nameOf.get(g.id)).sort();
  };
  const cases: [unknown, string[]][] = [
    [{ displayName: { eq: 'ALPHA' } }, ['Alpha']],
    [{ displayName: { sw: 'd' } }, ['Delta']],
    [{ displayName: { co: 'MM' } }, ['gamma']],
    [{ displayName: { gt: 'b' } }, ['Delta', 'beta', 'gamma']],
    [{ externalId: { eq: 'x-a' } }, ['Alpha']],
    [{ externalId: { eq: 'X-A' } }, []],
    [{ externalId: { pr: false } }, ['Delta', 'gamma']],
    [{ members: { value: { eq: u1 } } }, ['Alpha', 'beta']],
    [{ members: { value: { eq: u2 } } }, ['Alpha']],
    [{ members: { type: { eq: 'group' } } }, ['gamma']],
    [{ members: {} }, ['Alpha', 'beta', 'gamma']],
    [{ not: { members: {} } }, ['Delta']],
    [{ or: [{ id: { eq: ids.Delta } }, { members: { value: { eq: ids.beta } } }] }, ['Delta', 'gamma']],
    [{ and: [{ members: { value: { eq: u1 } } }, { not: { displayName: { eq: 'alpha' } } }] }, ['beta']],
  ];
  for (const [where, expected] of cases) t.deepEqual(await matching(where), expected, JSON.stringify(where));

  const page = async (vars: Record<string, unknown>) => {
    const { groups } = await graphOk(s, LIST, vars);
    return [groups.totalResults, groups.startIndex, groups.items.map((g: { id: string }) => nameOf.get(g.id))];
  };
  t.deepEqual(await page({}), [4, 1, names]);
  t.deepEqual(await page({ sort: { by: 'displayName' } }), [4, 1, ['Alpha', 'beta', 'Delta', 'gamma']]);
  t.deepEqual(await page({ sort: { by: 'displayName', descending: true }, startIndex: 2, count: 2 }), [4, 2, ['Delta', 'beta']]);
  t.deepEqual(await page({ count: 0 }), [4, 1, []]);
  t.deepEqual(await page({ count: 0, where: { members: {} } }), [3, 1, []]);
  t.deepEqual(await page({ startIndex: 5 }), [4, 5, []]);
});
