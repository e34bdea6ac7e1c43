// Users through GraphQL over HTTP, on SQLite and PostgreSQL: the lifecycle Entra drives
// (create, update, replace, deactivate, reactivate, delete), the errors clients branch on, and
// the `where` / sort / paging language the SCIM gateway compiles filters into.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionContext } from 'ava';
import { eachDialect } from '../_helpers/each-dialect.js';
import { graphFails, graphOk } from '../_helpers/graph-calls.js';
import type { Dialect } from '../_helpers/databases.js';
import { startServer, type TestServer } from '../_helpers/server.js';

const USER = `id userName externalId active displayName nickName title userType locale timezone
  name { formatted givenName familyName middleName }
  emails { value type primary display } phoneNumbers { value type }
  addresses { formatted streetAddress locality country type primary }
  employeeNumber costCenter organization division department manager { id userName displayName }
  created lastModified version`;

const CREATE = `mutation($input: UserInput!) { createUser(input: $input) { ${USER} } }`;
const GET = `query($id: ID!) { user(id: $id) { ${USER} } }`;
const UPDATE = `mutation($id: ID!, $input: UserPatchInput!, $ifVersion: Int) { updateUser(id: $id, input: $input, ifVersion: $ifVersion) { ${USER} } }`;
const REPLACE = `mutation($id: ID!, $input: UserInput!, $ifVersion: Int) { replaceUser(id: $id, input: $input, ifVersion: $ifVersion) { ${USER} } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { ${USER} } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateUser(id: $id) { ${USER} } }`;
const DELETE = 'mutation($id: ID!, $ifVersion: Int) { deleteUser(id: $id, ifVersion: $ifVersion) }';
const LIST = `query($where: UserWhere, $sort: SortInput, $startIndex: Int! = 1, $count: Int! = 100) {
  users(where: $where, sort: $sort, startIndex: $startIndex, count: $count) { totalResults startIndex items { id userName } } }`;

async function serverFor(t: ExecutionContext, dialect: Dialect): Promise<TestServer> {
  const s = await startServer(dialect);
  t.teardown(() => s.close());
  return s;
}

const createUser = async (s: TestServer, input: Record<string, unknown>) =>
  (await graphOk(s, CREATE, { input })).createUser;

eachDialect('createUser stores every attribute as sent; user(id) reads it back', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const boss = await createUser(s, { userName: 'Boss@Example.com', displayName: 'The Boss' });
  const input = {
    userName: 'Alice.Smith@Example.COM', externalId: 'Ext-ABC', displayName: 'Alice Smith', nickName: 'Al',
    title: 'Engineer', userType: 'Employee', locale: 'en-US', timezone: 'Europe/Paris',
    name: { formatted: 'Ms. Alice Smith', givenName: 'Alice', familyName: 'Smith', middleName: null },
    // Values come back exactly as sent: Entra re-sends anything that differs.
    emails: [{ value: 'Alice.Smith@Example.COM', type: 'work', primary: true }, { value: 'ALICE@home.example', type: 'home' }],
    phoneNumbers: [{ value: '+1 (555) 010-0000', type: 'work' }],
    addresses: [{ formatted: '1 Main St\nSpringfield', streetAddress: '1 Main St', locality: 'Springfield', country: 'US', type: 'work', primary: true }],
    employeeNumber: '00042', costCenter: 'CC-1', organization: 'Avanoo', division: 'R&D', department: 'Identity',
    managerId: boss.id,
  };
  const created = await createUser(s, input);
  t.regex(created.id, /^[0-9a-f-]{36}$/);
  t.like(created, {
    userName: 'Alice.Smith@Example.COM', externalId: 'Ext-ABC', active: true, displayName: 'Alice Smith', nickName: 'Al',
    title: 'Engineer', userType: 'Employee', locale: 'en-US', timezone: 'Europe/Paris',
    name: { formatted: 'Ms. Alice Smith', givenName: 'Alice', familyName: 'Smith', middleName: null },
    employeeNumber: '00042', costCenter: 'CC-1', organization: 'Avanoo', division: 'R&D', department: 'Identity',
    manager: { id: boss.id, userName: 'Boss@Example.com', displayName: 'The Boss' }, version: 1,
  });
  t.deepEqual(created.emails, [
    { value: 'Alice.Smith@Example.COM', type: 'work', primary: true, display: null },
    { value: 'ALICE@home.example', type: 'home', primary: null, display: null },
  ]);
  t.deepEqual(created.phoneNumbers, [{ value: '+1 (555) 010-0000', type: 'work' }]);
  t.deepEqual(created.addresses, [input.addresses[0]]);
  t.is(created.created, created.lastModified);
  t.false(Number.isNaN(Date.parse(created.created)));

  const { user } = await graphOk(s, GET, { id: created.id });
  t.deepEqual(user, created);
});

eachDialect('updateUser changes only the fields given; null clears; version and lastModified advance', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const u = await createUser(s, {
    userName: 'bob@example.com', externalId: 'b-1', displayName: 'Bob', title: 'Dev',
    name: { givenName: 'Bob', familyName: 'Builder' }, emails: [{ value: 'bob@example.com', type: 'work' }],
  });
  await sleep(5);
  const { updateUser } = await graphOk(s, UPDATE, { id: u.id, input: { title: 'Lead', displayName: null, name: { givenName: 'Robert' } } });
  t.like(updateUser, {
    id: u.id, userName: 'bob@example.com', externalId: 'b-1', title: 'Lead', displayName: null, active: true,
    name: { givenName: 'Robert', familyName: 'Builder' }, emails: [{ value: 'bob@example.com', type: 'work' }],
    version: 2, created: u.created,
  });
  t.true(updateUser.lastModified > u.lastModified);

  const { updateUser: renamed } = await graphOk(s, UPDATE, { id: u.id, input: { userName: 'Robert@Example.com', externalId: null, emails: null } });
  t.like(renamed, { userName: 'Robert@Example.com', externalId: null, emails: [], title: 'Lead', version: 3 });
  t.deepEqual((await graphOk(s, GET, { id: u.id })).user, renamed);

  // Changing only the letter case of one's own userName is not a conflict with oneself.
  const { updateUser: recased } = await graphOk(s, UPDATE, { id: u.id, input: { userName: 'robert@example.com' } });
  t.is(recased.userName, 'robert@example.com');
});

eachDialect('replaceUser replaces every attribute: fields left out are cleared', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const u = await createUser(s, {
    userName: 'carol@example.com', externalId: 'c-1', displayName: 'Carol', title: 'Dev', department: 'Ops',
    emails: [{ value: 'carol@example.com' }], name: { givenName: 'Carol' }, active: false,
  });
  const { replaceUser } = await graphOk(s, REPLACE, { id: u.id, input: { userName: 'carol.new@example.com', title: 'CTO' } });
  t.like(replaceUser, {
    id: u.id, userName: 'carol.new@example.com', title: 'CTO', externalId: null, displayName: null, department: null,
    emails: [], name: { givenName: null }, active: true, version: 2, created: u.created,
  });
  t.deepEqual((await graphOk(s, GET, { id: u.id })).user, replaceUser);
});

eachDialect('deactivateUser and reactivateUser flip active; the user stays readable', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const u = await createUser(s, { userName: 'dave@example.com', displayName: 'Dave' });
  const { deactivateUser } = await graphOk(s, DEACTIVATE, { id: u.id });
  t.like(deactivateUser, { active: false, displayName: 'Dave', version: 2 });
  t.false((await graphOk(s, GET, { id: u.id })).user.active);
  const inactive = await graphOk(s, LIST, { where: { active: { eq: false } } });
  t.deepEqual(inactive.users.items.map((x: { id: string }) => x.id), [u.id]);

  const { reactivateUser } = await graphOk(s, REACTIVATE, { id: u.id });
  t.like(reactivateUser, { active: true, displayName: 'Dave', version: 3 });
  t.true((await graphOk(s, GET, { id: u.id })).user.active);
});

eachDialect('deleteUser removes the user and its memberships; a second delete is NOT_FOUND', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const u = await createUser(s, { userName: 'erin@example.com' });
  const keep = await createUser(s, { userName: 'frank@example.com', managerId: u.id });
  const { createGroup } = await graphOk(s, 'mutation($m: [ID!]) { createGroup(input: { displayName: "Team", memberIds: $m }) { id } }', { m: [u.id, keep.id] });

  t.deepEqual(await graphOk(s, DELETE, { id: u.id }), { deleteUser: u.id });
  await graphFails(t, s, 'NOT_FOUND', GET, { id: u.id });
  await graphFails(t, s, 'NOT_FOUND', DELETE, { id: u.id });
  const { group } = await graphOk(s, 'query($id: ID!) { group(id: $id) { memberCount members { items { value } } } }', { id: createGroup.id });
  t.deepEqual(group, { memberCount: 1, members: { items: [{ value: keep.id }] } });
  // The report loses its manager rather than pointing at a deleted user.
  t.is((await graphOk(s, GET, { id: keep.id })).user.manager, null);
  t.is((await graphOk(s, LIST, {})).users.totalResults, 1);
});

eachDialect('uniqueness: userName ignoring case, externalId exactly → CONFLICT naming the attribute', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const alice = await createUser(s, { userName: 'Alice@Example.com', externalId: 'EXT-1' });
  const bob = await createUser(s, { userName: 'bob@example.com', externalId: 'EXT-2' });

  const conflicts: [string, string, Record<string, unknown>, string][] = [
    ['createUser, userName in other case', CREATE, { input: { userName: 'alice@EXAMPLE.COM' } }, 'userName'],
    ['createUser, same externalId', CREATE, { input: { userName: 'new@example.com', externalId: 'EXT-1' } }, 'externalId'],
    ['updateUser, userName in other case', UPDATE, { id: bob.id, input: { userName: 'ALICE@example.com' } }, 'userName'],
    ['updateUser, same externalId', UPDATE, { id: bob.id, input: { externalId: 'EXT-1' } }, 'externalId'],
    ['replaceUser, userName in other case', REPLACE, { id: bob.id, input: { userName: 'alice@example.com' } }, 'userName'],
    ['replaceUser, same externalId', REPLACE, { id: bob.id, input: { userName: 'bob@example.com', externalId: 'EXT-1' } }, 'externalId'],
  ];
  for (const [title, query, vars, attribute] of conflicts) {
    const error = await graphFails(t, s, 'CONFLICT', query, vars);
    t.is(error.extensions?.attribute, attribute, title);
    t.true(error.message.includes(attribute), `${title}: ${error.message}`);
  }
  // externalId is case-exact: a value differing only in case is another value.
  const other = await createUser(s, { userName: 'carol@example.com', externalId: 'ext-1' });
  t.is(other.externalId, 'ext-1');

  const { users } = await graphOk(s, LIST, { sort: { by: 'userName' } });
  t.deepEqual(users.items.map((u: { userName: string }) => u.userName), ['Alice@Example.com', 'bob@example.com', 'carol@example.com']);
  t.like((await graphOk(s, GET, { id: bob.id })).user, { userName: 'bob@example.com', externalId: 'EXT-2', version: 1 });
  t.like((await graphOk(s, GET, { id: alice.id })).user, { userName: 'Alice@Example.com', externalId: 'EXT-1', version: 1 });
});

eachDialect('unknown ids → NOT_FOUND for every query and mutation that takes a user id', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  await createUser(s, { userName: 'someone@example.com' });
  for (const id of [randomUUID(), 'not-a-uuid']) {
    const cases: [string, Record<string, unknown>][] = [
      [GET, { id }], [UPDATE, { id, input: { title: 'x' } }], [REPLACE, { id, input: { userName: 'x@example.com' } }],
      [DEACTIVATE, { id }], [REACTIVATE, { id }], [DELETE, { id }],
    ];
    for (const [query, vars] of cases) {
      const error = await graphFails(t, s, 'NOT_FOUND', query, vars);
      t.is(error.extensions?.id, id);
    }
  }
  t.is((await graphOk(s, LIST, {})).users.totalResults, 1);
});

eachDialect('bad input → BAD_USER_INPUT naming the field', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const u = await createUser(s, { userName: 'gina@example.com' });
  const cases: [string, Record<string, unknown>, string][] = [
    [CREATE, { input: { userName: '' } }, 'userName'],
    [CREATE, { input: { userName: '   ' } }, 'userName'],
    [CREATE, { input: { userName: 'x'.repeat(1025) } }, 'userName'],
    [CREATE, { input: { userName: 'h@example.com', externalId: '' } }, 'externalId'],
    [CREATE, { input: { userName: 'h@example.com', managerId: randomUUID() } }, 'managerId'],
    [UPDATE, { id: u.id, input: { userName: '' } }, 'userName'],
    [UPDATE, { id: u.id, input: { userName: null } }, 'userName'],
    [UPDATE, { id: u.id, input: { managerId: u.id } }, 'managerId'],
    [REPLACE, { id: u.id, input: { userName: 'gina@example.com', managerId: randomUUID() } }, 'managerId'],
    [LIST, { count: -1 }, 'count'],
    [LIST, { count: 1001 }, 'count'],
    [LIST, { sort: { by: 'password' } }, 'sort.by'],
    [LIST, { where: { created: { gt: 'yesterday' } } }, 'created.gt'],
    ['query { usersConnection(first: 0) { nodes { id } } }', {}, 'first'],
  ];
  for (const [query, vars, field] of cases) {
    const error = await graphFails(t, s, 'BAD_USER_INPUT', query, vars);
    t.is(error.extensions?.field, field, `${JSON.stringify(vars)}: ${error.message}`);
    t.true(error.message.startsWith(`${field}:`), error.message);
  }
  // Input that does not fit the schema's types is refused before any resolver runs (HTTP 400);
  // the message names the field.
  const typed: [Record<string, unknown>, string][] = [
    [{ input: { displayName: 'no userName' } }, '"userName"'],
    [{ input: { userName: 'i@example.com', active: 'yes' } }, '"input.active"'],
    [{ input: { userName: 'i@example.com', emails: [{ value: 'i@example.com', primary: 'no' }] } }, '"input.emails[0].primary"'],
  ];
  for (const [vars, field] of typed) {
    const reply = await s.graphql(CREATE, vars);
    t.is(reply.status, 400);
    t.is(reply.body?.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    t.true(reply.body?.errors?.[0]?.message.includes(field), reply.body?.errors?.[0]?.message);
  }
  // Nothing was written by the failed calls.
  t.like((await graphOk(s, GET, { id: u.id })).user, { userName: 'gina@example.com', manager: null, version: 1 });
  t.is((await graphOk(s, LIST, {})).users.totalResults, 1);
});

eachDialect('ifVersion that does not match → PRECONDITION_FAILED, and nothing changes', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const u = await createUser(s, { userName: 'hank@example.com', title: 'A' });
  const stale: [string, Record<string, unknown>][] = [
    [UPDATE, { id: u.id, ifVersion: 2, input: { title: 'B' } }],
    [REPLACE, { id: u.id, ifVersion: 0, input: { userName: 'hank@example.com', title: 'B' } }],
    [DELETE, { id: u.id, ifVersion: 7 }],
  ];
  for (const [query, vars] of stale) {
    const error = await graphFails(t, s, 'PRECONDITION_FAILED', query, vars);
    t.is(error.extensions?.currentVersion, 1);
  }
  t.like((await graphOk(s, GET, { id: u.id })).user, { title: 'A', version: 1 });

  t.like((await graphOk(s, UPDATE, { id: u.id, ifVersion: 1, input: { title: 'B' } })).updateUser, { title: 'B', version: 2 });
  t.like((await graphOk(s, REPLACE, { id: u.id, ifVersion: 2, input: { userName: 'hank@example.com', title: 'C' } })).replaceUser, { title: 'C', version: 3 });
  t.deepEqual(await graphOk(s, DELETE, { id: u.id, ifVersion: 3 }), { deleteUser: u.id });
});

/** Four users created a few ms apart so their `created` values are distinct and ordered. */
async function seedPeople(s: TestServer) {
  const inputs = {
    alice: { userName: 'Alice.Smith@Example.com', externalId: 'EXT-1', title: 'Engineer', emails: [{ value: 'Alice@Work.example', type: 'work', primary: true }] },
    bob: { userName: 'bob@example.com', externalId: 'ext-1', active: false, emails: [{ value: 'bob@home.example', type: 'home' }] },
    carol: { userName: 'Carol@Example.org', title: 'Manager' },
    dave: { userName: 'dave@EXAMPLE.com', externalId: 'EXT-4', emails: [{ value: 'dave@work.example', type: 'work' }, { value: 'Alice@home.example', type: 'home' }] },
  };
  const people: Record<keyof typeof inputs, { id: string; created: string }> = {} as never;
  for (const [name, input] of Object.entries(inputs)) {
    people[name as keyof typeof inputs] = await createUser(s, input);
    await sleep(3);
  }
  const nameOf = new Map(Object.entries(people).map(([name, u]) => [u.id, name]));
  /** Short names of the users a where matches (sorted), checked against totalResults. */
  const matching = async (where: unknown): Promise<string[]> => {
    const { users } = await graphOk(s, LIST, { where, count: 100 });
    const names = users.items.map((u: { id: string }) => nameOf.get(u.id)).sort();
    if (users.totalResults !== names.length) throw new Error(`totalResults ${users.totalResults} ≠ ${names.length} items`);
    return names;
  };
  return { people, nameOf, matching };
}

/** The same instant written with a +02:00 offset: the graph must compare instants, not text. */
const withOffset = (iso: string) => {
  const d = new Date(Date.parse(iso) + 2 * 3600_000);
  return `${d.toISOString().slice(0, 23)}+02:00`;
};

eachDialect('users(where): every operator, case rules per attribute, and/or/not, multi-valued entries, dates', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { people, matching } = await seedPeople(s);
  const { alice, bob, carol } = people;
  const all = ['alice', 'bob', 'carol', 'dave'];
  const cases: [unknown, string[]][] = [
    // userName: caseExact=false
    [{ userName: { eq: 'alice.smith@example.com' } }, ['alice']],
    [{ userName: { eq: 'ALICE.SMITH@EXAMPLE.COM' } }, ['alice']],
    [{ userName: { ne: 'BOB@example.com' } }, ['alice', 'carol', 'dave']],
    [{ userName: { co: 'EXAMPLE.COM' } }, ['alice', 'bob', 'dave']],
    [{ userName: { sw: 'B' } }, ['bob']],
    [{ userName: { ew: '.ORG' } }, ['carol']],
    [{ userName: { gt: 'c' } }, ['carol', 'dave']],
    [{ userName: { ge: 'CAROL@example.org' } }, ['carol', 'dave']],
    [{ userName: { lt: 'B' } }, ['alice']],
    [{ userName: { le: 'bob@example.com' } }, ['alice', 'bob']],
    [{ userName: { pr: true } }, all],
    [{ userName: { sw: 'a', ew: 'COM' } }, ['alice']],
    // externalId: caseExact=true
    [{ externalId: { eq: 'EXT-1' } }, ['alice']],
    [{ externalId: { eq: 'ext-1' } }, ['bob']],
    [{ externalId: { ne: 'EXT-1' } }, ['bob', 'carol', 'dave']],
    [{ externalId: { co: 'XT' } }, ['alice', 'dave']],
    [{ externalId: { sw: 'ext' } }, ['bob']],
    [{ externalId: { ew: '-4' } }, ['dave']],
    [{ externalId: { gt: 'EXT-1' } }, ['bob', 'dave']],
    [{ externalId: { pr: true } }, ['alice', 'bob', 'dave']],
    [{ externalId: { pr: false } }, ['carol']],
    // other text attributes are caseExact=false
    [{ title: { eq: 'manager' } }, ['carol']],
    // emails: value case-insensitive; the conditions of one object hold on the same entry
    [{ emails: { value: { eq: 'alice@work.EXAMPLE' } } }, ['alice']],
    [{ emails: { value: { co: 'ALICE' } } }, ['alice', 'dave']],
    [{ emails: { type: { eq: 'home' }, value: { sw: 'alice' } } }, ['dave']],
    [{ emails: { type: { eq: 'work' }, value: { sw: 'alice@home' } } }, []],
    [{ emails: { primary: { eq: true } } }, ['alice']],
    [{ emails: {} }, ['alice', 'bob', 'dave']],
    [{ not: { emails: {} } }, ['carol']],
    // active
    [{ active: { eq: false } }, ['bob']],
    [{ active: { eq: true } }, ['alice', 'carol', 'dave']],
    [{ active: { ne: true } }, ['bob']],
    [{ active: { pr: true } }, all],
    // and / or / not, nested
    [{ and: [{ userName: { co: 'example.com' } }, { active: { eq: true } }] }, ['alice', 'dave']],
    [{ or: [{ externalId: { eq: 'EXT-4' } }, { title: { eq: 'MANAGER' } }] }, ['carol', 'dave']],
    [{ not: { userName: { ew: '.com' } } }, ['carol']],
    [{ not: { externalId: { eq: 'EXT-1' } } }, ['bob', 'carol', 'dave']],
    [{ or: [{ and: [{ active: { eq: true } }, { emails: { type: { eq: 'work' } } }] }, { userName: { sw: 'carol' } }] }, ['alice', 'carol', 'dave']],
    [{ not: { or: [{ userName: { sw: 'a' } }, { userName: { sw: 'b' } }] } }, ['carol', 'dave']],
    [{ or: [] }, []],
    [{ and: [] }, all],
    // created: chronological comparisons, whatever offset the operand is written in
    [{ created: { eq: alice.created } }, ['alice']],
    [{ created: { eq: withOffset(bob.created) } }, ['bob']],
    [{ created: { ne: bob.created } }, ['alice', 'carol', 'dave']],
    [{ created: { gt: alice.created } }, ['bob', 'carol', 'dave']],
    [{ created: { ge: withOffset(bob.created) } }, ['bob', 'carol', 'dave']],
    [{ created: { lt: carol.created } }, ['alice', 'bob']],
    [{ created: { le: carol.created } }, ['alice', 'bob', 'carol']],
    [{ created: { gt: alice.created, lt: carol.created } }, ['bob']],
    [{ created: { pr: true } }, all],
    [{ created: { lt: '2000-01-01T00:00:00Z' } }, []],
  ];
  for (const [where, expected] of cases) t.deepEqual(await matching(where), expected, JSON.stringify(where));
});

eachDialect('users: sort, startIndex/count with totals, count 0, and cursor paging', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { nameOf } = await seedPeople(s);
  const page = async (vars: Record<string, unknown>) => {
    const { users } = await graphOk(s, LIST, vars);
    return { total: users.totalResults, startIndex: users.startIndex, names: users.items.map((u: { id: string }) => nameOf.get(u.id)) };
  };
  // userName sorts ignoring case ('Carol' between 'bob' and 'dave'), as SCIM requires.
  t.deepEqual(await page({ sort: { by: 'userName' } }), { total: 4, startIndex: 1, names: ['alice', 'bob', 'carol', 'dave'] });
  t.deepEqual((await page({ sort: { by: 'userName', descending: true } })).names, ['dave', 'carol', 'bob', 'alice']);
  t.deepEqual((await page({ sort: { by: 'created', descending: true } })).names, ['dave', 'carol', 'bob', 'alice']);
  // Without a sort: creation order. Users without a title sort last either way.
  t.deepEqual((await page({})).names, ['alice', 'bob', 'carol', 'dave']);
  t.deepEqual((await page({ sort: { by: 'title' } })).names, ['alice', 'carol', 'bob', 'dave']);

  t.deepEqual(await page({ sort: { by: 'userName' }, startIndex: 2, count: 2 }), { total: 4, startIndex: 2, names: ['bob', 'carol'] });
  t.deepEqual(await page({ sort: { by: 'userName' }, startIndex: 4, count: 2 }), { total: 4, startIndex: 4, names: ['dave'] });
  t.deepEqual(await page({ startIndex: 9, count: 2 }), { total: 4, startIndex: 9, names: [] });
  t.deepEqual(await page({ count: 0 }), { total: 4, startIndex: 1, names: [] });
  t.deepEqual(await page({ count: 0, where: { active: { eq: true } } }), { total: 3, startIndex: 1, names: [] });
  // SCIM: a startIndex below 1 is taken as 1.
  t.deepEqual(await page({ startIndex: 0, count: 1 }), { total: 4, startIndex: 1, names: ['alice'] });

  const CONNECTION = `query($first: Int!, $after: String, $where: UserWhere) {
    usersConnection(first: $first, after: $after, where: $where) { nodes { id } endCursor hasNextPage } }`;
  const walk = async (first: number, where?: unknown) => {
    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const c: { nodes: { id: string }[]; endCursor: string | null; hasNextPage: boolean } =
        (await graphOk(s, CONNECTION, { first, after, where })).usersConnection;
      pages.push(c.nodes.map((n) => n.id));
      if (c.nodes.length) t.is(c.endCursor, c.nodes.at(-1)!.id);
      if (!c.hasNextPage) return pages;
      after = c.endCursor;
      if (pages.length > 10) throw new Error('cursor paging does not end');
    }
  };
  const ids = [...nameOf.keys()].sort();
  const byOne = await walk(1);
  t.deepEqual(byOne, ids.map((id) => [id]));
  t.deepEqual((await walk(3)).map((p) => p.length), [3, 1]);
  t.deepEqual((await walk(4)).flat(), ids);
  const activeIds = (await walk(2, { active: { eq: true } })).flat();
  t.deepEqual(activeIds.map((id) => nameOf.get(id)).sort(), ['alice', 'carol', 'dave']);
  t.deepEqual(activeIds, [...activeIds].sort());
});
