// Storage failures reach GraphQL clients as the graph's error codes, for every resolver class
// (the mapping is a middleware on each resolver, not a global one: see graph/schema.ts).

import { eachDialect } from '../_helpers/each-dialect.js';
import { startServer } from '../_helpers/server.js';

const createUser = 'mutation($input: UserInput!) { createUser(input: $input) { id version } }';
const replaceUser = 'mutation($id: ID!, $input: UserInput!, $v: Int) { replaceUser(id: $id, input: $input, ifVersion: $v) { id } }';
const createGroup = 'mutation($input: GroupInput!) { createGroup(input: $input) { id } }';
const addMembers = 'mutation($id: ID!, $ids: [ID!]!) { addGroupMembers(id: $id, memberIds: $ids) { id } }';

eachDialect('storage errors become CONFLICT, PRECONDITION_FAILED and BAD_USER_INPUT', async (t, dialect) => {
  const server = await startServer(dialect);
  try {
    const run = async (query: string, variables: Record<string, unknown>) => (await server.graphql(query, variables)).body;
    const jane = (await run(createUser, { input: { userName: 'jane@example.com', externalId: 'ext-jane' } })).data.createUser;
    const team = (await run(createGroup, { input: { displayName: 'Team' } })).data.createGroup;

    const cases: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
      ['userName in another case', createUser, { input: { userName: 'JANE@example.com' } }, { code: 'CONFLICT', attribute: 'userName' }],
      ['externalId taken', createUser, { input: { userName: 'other@example.com', externalId: 'ext-jane' } }, { code: 'CONFLICT', attribute: 'externalId' }],
      ['stale ifVersion', replaceUser, { id: jane.id, input: { userName: 'jane@example.com' }, v: jane.version + 5 }, { code: 'PRECONDITION_FAILED' }],
      ['unknown manager', createUser, { input: { userName: 'bob@example.com', managerId: 'no-such-user' } }, { code: 'BAD_USER_INPUT', field: 'managerId' }],
      ['group name taken', createGroup, { input: { displayName: 'team' } }, { code: 'CONFLICT', attribute: 'displayName' }],
      ['unknown member', addMembers, { id: team.id, ids: ['no-such-user'] }, { code: 'BAD_USER_INPUT', field: 'memberIds' }],
    ];
    for (const [label, query, variables, expected] of cases) {
      const body = await run(query, variables);
      const extensions = body.errors?.[0]?.extensions ?? {};
      t.like(extensions, expected, label);
    }
  } finally {
    await server.close();
  }
});
