// Every query and mutation of schema.graphql, called with a secret of workspace B on the ids
// and values of workspace A, must behave exactly as it does on ids and values nobody has:
// same HTTP status, same answer (up to the ids themselves), nothing of A in the reply, and A's
// data unchanged afterwards. The table must name every root field, so a new query or mutation
// cannot be added without saying how it stays inside its workspace.

import { randomBytes, randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import anyTest from 'ava';
import { buildGraphSchema } from '../../graph/schema.js';
import type { Dialect } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';
import { graphOk } from '../_helpers/graph-calls.js';
import { startServer, type TestServer } from '../_helpers/server.js';

/** What a row refers to: A's real values, or values that exist nowhere. */
interface Refs {
  user: string; manager: string; group: string; childGroup: string; token: string; adminKey: string;
  userName: string; externalId: string; email: string; groupName: string;
}
/** B's own objects, the same in both runs. */
interface Own { user: string; group: string }

type Outcome = 'data' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'FORBIDDEN';
type SecretKind = 'admin' | 'scim';

interface Row {
  field: string;
  query: string;
  vars: (r: Refs, own: Own) => Record<string, unknown>;
  expect: Outcome | Record<SecretKind, Outcome>;
}

const adminOnly = (outcome: Outcome) => ({ admin: outcome, scim: 'FORBIDDEN' as const });
const USER = 'id userName externalId emails { value } manager { id userName } groups { id displayName }';
const GROUP = 'id displayName memberCount members { items { value type display } } hasMember(id: $probe)';

// Reads first, then writes that must fail, then writes that succeed in B: a write that
// succeeds changes what a later read of B sees, identically in both runs only if it runs later.
const rows: Row[] = [
  { field: 'user', query: `query($id: ID!) { user(id: $id) { ${USER} } }`, vars: (r) => ({ id: r.user }), expect: 'NOT_FOUND' },
  { field: 'user', query: `query($id: ID!) { user(id: $id) { id } }`, vars: (r) => ({ id: r.manager }), expect: 'NOT_FOUND' },
  ...[
    (r: Refs) => ({}), (r: Refs) => ({ id: { eq: r.user } }), (r: Refs) => ({ userName: { eq: r.userName } }),
    (r: Refs) => ({ externalId: { eq: r.externalId } }), (r: Refs) => ({ emails: { value: { eq: r.email } } }),
    (r: Refs) => ({ managerId: { eq: r.manager } }), (r: Refs) => ({ groups: { value: { eq: r.group } } }),
    (r: Refs) => ({ groups: { display: { eq: r.groupName } } }),
  ].map((where): Row => ({
    field: 'users', query: `query($w: UserWhere) { users(where: $w, count: 1000) { totalResults items { ${USER} } } }`,
    vars: (r) => ({ w: where(r) }), expect: 'data',
  })),
  { field: 'users', query: `query($w: UserWhere) { users(where: $w, count: 0) { totalResults } }`, vars: () => ({ w: null }), expect: 'data' },
  { field: 'usersConnection', query: `query { usersConnection(first: 1000) { nodes { ${USER} } hasNextPage } }`, vars: () => ({}), expect: 'data' },
  { field: 'usersConnection', query: `query($w: UserWhere) { usersConnection(where: $w) { nodes { id } } }`, vars: (r) => ({ w: { id: { eq: r.user } } }), expect: 'data' },
  { field: 'usersConnection', query: `query($a: String) { usersConnection(after: $a) { nodes { id } } }`, vars: () => ({ a: '' }), expect: 'data' },
  { field: 'group', query: `query($id: ID!, $probe: ID!) { group(id: $id) { ${GROUP} } }`, vars: (r) => ({ id: r.group, probe: r.user }), expect: 'NOT_FOUND' },
  { field: 'group', query: `query($id: ID!) { group(id: $id) { id } }`, vars: (r) => ({ id: r.childGroup }), expect: 'NOT_FOUND' },
  // B's own group, asked about A's user: not a member, and nothing of A shows.
  { field: 'group', query: `query($id: ID!, $probe: ID!) { group(id: $id) { ${GROUP} } }`, vars: (r, own) => ({ id: own.group, probe: r.user }), expect: 'data' },
  ...[
    (r: Refs) => ({}), (r: Refs) => ({ id: { eq: r.group } }), (r: Refs) => ({ displayName: { eq: r.groupName } }),
    (r: Refs) => ({ members: { value: { eq: r.user } } }), (r: Refs) => ({ members: { value: { eq: r.childGroup } } }),
  ].map((where): Row => ({
    field: 'groups', query: `query($w: GroupWhere, $probe: ID!) { groups(where: $w) { totalResults items { ${GROUP} } } }`,
    vars: (r) => ({ w: where(r), probe: r.user }), expect: 'data',
  })),
  { field: 'scimTokens', query: 'query { scimTokens { id label } }', vars: () => ({}), expect: adminOnly('data') },
  { field: 'provisioningLog', query: 'query { provisioningLog(first: 1000) { nodes { id operation resourceId resourceName } hasNextPage } }', vars: () => ({}), expect: adminOnly('data') },
  { field: 'provisioningLog', query: 'query($id: String) { provisioningLog(where: { resourceId: $id }) { nodes { id } } }', vars: (r) => ({ id: r.user }), expect: adminOnly('data') },
  { field: 'workspace', query: 'query { workspace { id slug } }', vars: () => ({}), expect: 'data' },

  { field: 'replaceUser', query: 'mutation($id: ID!) { replaceUser(id: $id, input: { userName: "x@b.example" }) { id } }', vars: (r) => ({ id: r.user }), expect: 'NOT_FOUND' },
  { field: 'replaceUser', query: 'mutation($id: ID!, $m: String) { replaceUser(id: $id, input: { userName: "b@b.example", managerId: $m }) { id } }', vars: (r, own) => ({ id: own.user, m: r.manager }), expect: 'BAD_USER_INPUT' },
  { field: 'updateUser', query: 'mutation($id: ID!) { updateUser(id: $id, input: { title: "pwned" }) { id } }', vars: (r) => ({ id: r.user }), expect: 'NOT_FOUND' },
  { field: 'updateUser', query: 'mutation($id: ID!, $m: String) { updateUser(id: $id, input: { managerId: $m }) { id } }', vars: (r, own) => ({ id: own.user, m: r.user }), expect: 'BAD_USER_INPUT' },
  { field: 'deactivateUser', query: 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', vars: (r) => ({ id: r.user }), expect: 'NOT_FOUND' },
  { field: 'reactivateUser', query: 'mutation($id: ID!) { reactivateUser(id: $id) { id } }', vars: (r) => ({ id: r.manager }), expect: 'NOT_FOUND' },
  { field: 'deleteUser', query: 'mutation($id: ID!) { deleteUser(id: $id) }', vars: (r) => ({ id: r.user }), expect: 'NOT_FOUND' },
  { field: 'deleteUser', query: 'mutation($id: ID!) { deleteUser(id: $id, ifVersion: 1) }', vars: (r) => ({ id: r.manager }), expect: 'NOT_FOUND' },
  { field: 'createUser', query: 'mutation($m: String) { createUser(input: { userName: "new@b.example", managerId: $m }) { id } }', vars: (r) => ({ m: r.manager }), expect: 'BAD_USER_INPUT' },
  { field: 'createGroup', query: 'mutation($ids: [ID!]) { createGroup(input: { displayName: "B new", memberIds: $ids }) { id } }', vars: (r) => ({ ids: [r.user] }), expect: 'BAD_USER_INPUT' },
  { field: 'createGroup', query: 'mutation($ids: [ID!]) { createGroup(input: { displayName: "B new", memberIds: $ids }) { id } }', vars: (r) => ({ ids: [r.childGroup] }), expect: 'BAD_USER_INPUT' },
  { field: 'replaceGroup', query: 'mutation($id: ID!) { replaceGroup(id: $id, input: { displayName: "pwned" }) { id } }', vars: (r) => ({ id: r.group }), expect: 'NOT_FOUND' },
  { field: 'replaceGroup', query: 'mutation($id: ID!, $ids: [ID!]) { replaceGroup(id: $id, input: { displayName: "B team", memberIds: $ids }) { id } }', vars: (r, own) => ({ id: own.group, ids: [own.user, r.user] }), expect: 'BAD_USER_INPUT' },
  { field: 'updateGroup', query: 'mutation($id: ID!) { updateGroup(id: $id, input: { memberOps: [{ op: CLEAR }] }) { id } }', vars: (r) => ({ id: r.group }), expect: 'NOT_FOUND' },
  { field: 'updateGroup', query: 'mutation($id: ID!, $ids: [ID!]) { updateGroup(id: $id, input: { memberOps: [{ op: ADD, ids: $ids }] }) { id } }', vars: (r, own) => ({ id: own.group, ids: [r.group] }), expect: 'BAD_USER_INPUT' },
  { field: 'addGroupMembers', query: 'mutation($id: ID!, $ids: [ID!]!) { addGroupMembers(id: $id, memberIds: $ids) { id } }', vars: (r, own) => ({ id: r.group, ids: [own.user] }), expect: 'NOT_FOUND' },
  { field: 'addGroupMembers', query: 'mutation($id: ID!, $ids: [ID!]!) { addGroupMembers(id: $id, memberIds: $ids) { id } }', vars: (r, own) => ({ id: own.group, ids: [r.user, r.childGroup] }), expect: 'BAD_USER_INPUT' },
  { field: 'removeGroupMembers', query: 'mutation($id: ID!, $ids: [ID!]!) { removeGroupMembers(id: $id, memberIds: $ids) { id } }', vars: (r) => ({ id: r.group, ids: [r.user] }), expect: 'NOT_FOUND' },
  { field: 'deleteGroup', query: 'mutation($id: ID!) { deleteGroup(id: $id) }', vars: (r) => ({ id: r.group }), expect: 'NOT_FOUND' },
  { field: 'deleteGroup', query: 'mutation($id: ID!) { deleteGroup(id: $id) }', vars: (r) => ({ id: r.childGroup }), expect: 'NOT_FOUND' },
  { field: 'revokeScimToken', query: 'mutation($id: ID!) { revokeScimToken(id: $id) { id } }', vars: (r) => ({ id: r.token }), expect: adminOnly('NOT_FOUND') },
  { field: 'revokeScimToken', query: 'mutation($id: ID!) { revokeScimToken(id: $id) { id } }', vars: (r) => ({ id: r.adminKey }), expect: adminOnly('NOT_FOUND') },

  // Writes that succeed in B: A's names are free to reuse there, and A is untouched.
  { field: 'createUser', query: `mutation($u: String!, $x: String, $e: String) { createUser(input: { userName: $u, externalId: $x, emails: [{ value: $e }] }) { ${USER} } }`, vars: (r) => ({ u: r.userName, x: r.externalId, e: r.email }), expect: 'data' },
  { field: 'createGroup', query: 'mutation($n: String!) { createGroup(input: { displayName: $n }) { id displayName memberCount } }', vars: (r) => ({ n: r.groupName }), expect: 'data' },
  { field: 'removeGroupMembers', query: 'mutation($id: ID!, $ids: [ID!]!) { removeGroupMembers(id: $id, memberIds: $ids) { id memberCount } }', vars: (r, own) => ({ id: own.group, ids: [r.user, r.childGroup] }), expect: 'data' },
  { field: 'updateGroup', query: 'mutation($id: ID!, $ids: [ID!]) { updateGroup(id: $id, input: { memberOps: [{ op: REMOVE, ids: $ids }] }) { id memberCount } }', vars: (r, own) => ({ id: own.group, ids: [r.user] }), expect: 'data' },
  { field: 'generateScimToken', query: 'mutation { generateScimToken(label: "B token") { token scimToken { id label } } }', vars: () => ({}), expect: adminOnly('data') },
];

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const timePattern = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const secretPattern = /av[as]_[A-Za-z0-9_-]{43}/g;

/** A reply with the refs named by role, and what legitimately varies between calls blanked. */
function normalize(reply: { status: number; text: string }, refs: Refs): unknown {
  let text = reply.text;
  for (const [role, value] of Object.entries(refs)) text = text.split(value).join(`<${role}>`);
  text = text.replace(uuidPattern, '<uuid>').replace(timePattern, '<time>').replace(secretPattern, '<secret>')
    .replace(/"version":\d+/g, '"version":0');
  return { status: reply.status, body: JSON.parse(text) };
}

anyTest('the isolation table names every query and mutation of the schema', async (t) => {
  const schema = await buildGraphSchema();
  const fields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) => Object.keys(type.getFields()));
  const covered = new Set(rows.map((r) => r.field));
  t.deepEqual(fields.filter((f) => !covered.has(f)), [], 'root fields without an isolation row');
  t.deepEqual([...covered].filter((f) => !fields.includes(f)), [], 'rows for fields the schema does not have');
});

/** Workspace A: a user with a manager, a group with the user and a nested group, a SCIM token. */
async function seedWorkspaceA(s: TestServer): Promise<{ refs: Refs; tokenA: string }> {
  const user = (input: Record<string, unknown>) =>
    graphOk(s, 'mutation($input: UserInput!) { createUser(input: $input) { id } }', { input }).then((d) => d.createUser.id as string);
  const group = (input: Record<string, unknown>) =>
    graphOk(s, 'mutation($input: GroupInput!) { createGroup(input: $input) { id } }', { input }).then((d) => d.createGroup.id as string);
  const manager = await user({ userName: 'boss@a.example' });
  const refs = {
    manager, userName: 'alice@a.example', externalId: 'A-EXT-1', email: 'alice.mail@a.example', groupName: 'A Team',
  } as Refs;
  refs.user = await user({ userName: refs.userName, externalId: refs.externalId, emails: [{ value: refs.email }], managerId: manager });
  refs.childGroup = await group({ displayName: 'A Child', memberIds: [manager] });
  refs.group = await group({ displayName: refs.groupName, memberIds: [refs.user, refs.childGroup] });
  const { generateScimToken } = await graphOk(s, 'mutation { generateScimToken(label: "A token") { token scimToken { id } } }');
  refs.token = generateScimToken.scimToken.id;
  refs.adminKey = (await s.repos.workspaces.listCredentials(s.workspaces.a, 'admin'))[0]!.id;
  return { refs, tokenA: generateScimToken.token };
}

const unknownRefs = (): Refs => {
  const word = () => randomBytes(6).toString('hex');
  return {
    user: randomUUID(), manager: randomUUID(), group: randomUUID(), childGroup: randomUUID(), token: randomUUID(),
    adminKey: randomUUID(), userName: `${word()}@nowhere.example`, externalId: `X-${word()}`,
    email: `${word()}@mail.nowhere.example`, groupName: `Group ${word()}`,
  };
};

/** Everything of workspace A that a reader can see, through A's admin key. */
const snapshotA = (s: TestServer) => graphOk(s, `query {
  workspace { id slug }
  users(count: 1000) { totalResults items { ${USER} active title version lastModified } }
  groups(count: 1000) { totalResults items { id displayName externalId version lastModified memberCount members { items { value type display } } } }
  scimTokens { id label revoked }
}`);

async function isolation(t: ExecutionContext, dialect: Dialect, kind: SecretKind): Promise<void> {
  const s = await startServer(dialect);
  t.teardown(() => s.close());
  const { refs, tokenA } = await seedWorkspaceA(s);
  const secretB = kind === 'admin' ? s.adminKeys.b : s.tokens.b;
  const own: Own = {
    user: (await graphOk(s, 'mutation { createUser(input: { userName: "b@b.example" }) { id } }', {}, s.adminKeys.b)).createUser.id,
    group: '',
  };
  own.group = (await graphOk(s, 'mutation($m: [ID!]) { createGroup(input: { displayName: "B team", memberIds: $m }) { id } }',
    { m: [own.user] }, s.adminKeys.b)).createGroup.id;
  const before = await snapshotA(s);
  // Nothing of A may appear in a reply unless the caller sent it.
  const secretsOfA: Record<string, string> = { ...refs, workspace: s.workspaces.a, tokenA, scimTokenA: s.tokens.a, adminKeyA: s.adminKeys.a };

  for (const row of rows) {
    const expected = typeof row.expect === 'string' ? row.expect : row.expect[kind];
    const nobody = unknownRefs();
    const onUnknown = await s.graphql(row.query, row.vars(nobody, own), secretB);
    const varsA = row.vars(refs, own);
    const onA = await s.graphql(row.query, varsA, secretB);
    const title = `${row.field} ${JSON.stringify(row.vars(Object.fromEntries(Object.keys(refs).map((k) => [k, `<${k}>`])) as unknown as Refs, own))}`;

    const code = onA.body?.errors?.[0]?.extensions?.code;
    t.is(expected === 'data' ? (onA.status === 200 && !onA.body?.errors ? 'data' : `${onA.status} ${code}`) : code, expected, `${title}: ${onA.text.slice(0, 500)}`);
    t.deepEqual(normalize(onA, refs), normalize(onUnknown, nobody), `${title}: A's values behave like unknown ones`);
    const sent = JSON.stringify(varsA);
    for (const [role, value] of Object.entries(secretsOfA)) {
      if (!sent.includes(value)) t.false(onA.text.includes(value), `${title}: the reply reveals A's ${role}`);
    }
  }

  t.deepEqual(await snapshotA(s), before, "A's data is unchanged");
  t.is((await s.scim('GET', '/v2/Users', undefined, { token: tokenA })).status, 200, "A's token still works");
  t.is((await s.graphql('{ workspace { slug } }', {}, s.tokens.a)).body?.data?.workspace?.slug, 'a');
}

eachDialect('a SCIM token of workspace B cannot read or change anything of workspace A', (t, dialect) => isolation(t, dialect, 'scim'));
eachDialect('an admin key of workspace B cannot read or change anything of workspace A', (t, dialect) => isolation(t, dialect, 'admin'));
