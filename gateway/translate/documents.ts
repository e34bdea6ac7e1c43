// Every GraphQL operation the gateway runs, written once. They are parsed and validated
// against the schema when the gateway starts (prepareDocuments), never per request.

import type { GraphQLSchema } from 'graphql';
import { prepareOperation, type PreparedOperation } from '../../graph/client.js';

const multi = 'value display type primary';
const USER_FIELDS = `
fragment UserFields on User {
  id userName externalId active displayName nickName profileUrl title userType preferredLanguage locale timezone
  name { formatted familyName givenName middleName honorificPrefix honorificSuffix }
  emails { ${multi} } phoneNumbers { ${multi} } ims { ${multi} } photos { ${multi} }
  roles { ${multi} } entitlements { ${multi} } x509Certificates { ${multi} }
  addresses { formatted streetAddress locality region postalCode country type primary }
  employeeNumber costCenter organization division department
  manager { id userName displayName }
  created lastModified version
  groups @include(if: $withGroups) { id displayName direct }
}`;

const GROUP_FIELDS = 'id displayName externalId created lastModified version';

const sources = {
  GetUser: `query GetUser($id: ID!, $withGroups: Boolean!) { user(id: $id) { ...UserFields } } ${USER_FIELDS}`,
  ListUsers: `query ListUsers($where: UserWhere, $sort: SortInput, $startIndex: Int!, $count: Int!, $withGroups: Boolean!) {
    users(where: $where, sort: $sort, startIndex: $startIndex, count: $count) { totalResults startIndex items { ...UserFields } }
  } ${USER_FIELDS}`,
  CreateUser: `mutation CreateUser($input: UserInput!, $withGroups: Boolean!) { createUser(input: $input) { ...UserFields } } ${USER_FIELDS}`,
  ReplaceUser: `mutation ReplaceUser($id: ID!, $input: UserInput!, $ifVersion: Int, $withGroups: Boolean!) {
    replaceUser(id: $id, input: $input, ifVersion: $ifVersion) { ...UserFields }
  } ${USER_FIELDS}`,
  DeleteUser: `mutation DeleteUser($id: ID!, $ifVersion: Int) { deleteUser(id: $id, ifVersion: $ifVersion) }`,

  GetGroup: `query GetGroup($id: ID!) { group(id: $id) { ${GROUP_FIELDS} } }`,
  ListGroups: `query ListGroups($where: GroupWhere, $sort: SortInput, $startIndex: Int!, $count: Int!) {
    groups(where: $where, sort: $sort, startIndex: $startIndex, count: $count) { totalResults startIndex items { ${GROUP_FIELDS} } }
  }`,
  GroupMembers: `query GroupMembers($id: ID!, $first: Int!, $after: String) {
    group(id: $id) { members(first: $first, after: $after) { items { value type display } endCursor hasNextPage } }
  }`,
  CreateGroup: `mutation CreateGroup($input: GroupInput!) { createGroup(input: $input) { ${GROUP_FIELDS} } }`,
  ReplaceGroup: `mutation ReplaceGroup($id: ID!, $input: GroupInput!, $ifVersion: Int) {
    replaceGroup(id: $id, input: $input, ifVersion: $ifVersion) { ${GROUP_FIELDS} }
  }`,
  UpdateGroup: `mutation UpdateGroup($id: ID!, $input: GroupUpdateInput!, $ifVersion: Int) {
    updateGroup(id: $id, input: $input, ifVersion: $ifVersion) { ${GROUP_FIELDS} }
  }`,
  DeleteGroup: `mutation DeleteGroup($id: ID!, $ifVersion: Int) { deleteGroup(id: $id, ifVersion: $ifVersion) }`,
} as const;

export type DocumentName = keyof typeof sources;
export type Documents = Record<DocumentName, PreparedOperation>;

export function prepareDocuments(schema: GraphQLSchema): Documents {
  return Object.fromEntries(Object.entries(sources).map(([name, source]) => [name, prepareOperation(schema, name, source)])) as Documents;
}
