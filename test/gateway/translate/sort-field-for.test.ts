import test from 'ava';
import { sortFieldFor } from '../../../gateway/translate/sort-field-for.js';

const cases: [resource: 'User' | 'Group', sortBy: string, field: string | undefined][] = [
  ['User', 'userName', 'userName'],
  ['User', 'USERNAME', 'userName'],
  ['User', 'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'userName'],
  ['User', 'name.familyName', 'familyName'],
  ['User', 'name.formatted', 'formattedName'],
  ['User', 'meta.lastModified', 'lastModified'],
  ['User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'department'],
  ['User', 'manager', 'managerId'],
  ['User', 'active', 'active'],
  ['User', 'emails', undefined],
  ['User', 'emails.value', undefined],
  ['User', 'emails[type eq "work"].value', undefined],
  ['User', 'name', undefined],
  ['User', 'password', undefined],
  ['User', 'nope', undefined],
  ['User', 'userName.x', undefined],
  ['User', 'user name', undefined],
  ['User', '', undefined],
  ['Group', 'displayName', 'displayName'],
  ['Group', 'meta.created', 'created'],
  ['Group', 'members', undefined],
  ['Group', 'userName', undefined],
];

for (const [resource, sortBy, field] of cases) {
  test(`sortFieldFor(${resource}, ${JSON.stringify(sortBy)}) is ${field}`, (t) => {
    t.is(sortFieldFor(resource, sortBy), field);
  });
}
