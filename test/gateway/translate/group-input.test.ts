import test from 'ava';
import { scimGroupToInput, type GroupInput } from '../../../gateway/translate/group-input.js';
import { ScimError } from '../../../gateway/scim/errors.js';
import { GROUP_URN, MS_ADSCIM_GROUP_URN } from '../../../gateway/scim/urns.js';

const accepted: [string, Record<string, unknown>, GroupInput][] = [
  ['G2: Entra\'s body with Microsoft\'s schema URN and meta', {
    schemas: [GROUP_URN, MS_ADSCIM_GROUP_URN], externalId: '8aa1', displayName: 'Engineering', meta: { resourceType: 'Group' },
  }, { displayName: 'Engineering', externalId: '8aa1', memberIds: [] }],
  ['members as {value} with $ref null, display and type ignored; duplicates collapse', {
    displayName: 'G', members: [{ value: 'u1', $ref: null }, { value: 'g2', type: 'Group', display: 'x' }, { value: 'u1' }],
  }, { displayName: 'G', externalId: null, memberIds: ['u1', 'g2'] }],
  ['members null and externalId "" are unassigned', { displayName: 'G', members: null, externalId: '' },
    { displayName: 'G', externalId: null, memberIds: [] }],
  ['a bare id string counts as {value}, as in group PATCH', { displayName: 'G', members: ['u1', { value: 'u2' }] },
    { displayName: 'G', externalId: null, memberIds: ['u1', 'u2'] }],
  ['readOnly id is ignored', { id: 'other', displayName: 'G' }, { displayName: 'G', externalId: null, memberIds: [] }],
];
for (const [name, body, expected] of accepted) {
  test(`scimGroupToInput: ${name}`, (t) => t.deepEqual(scimGroupToInput(body), expected));
}

const rejected: [string, Record<string, unknown>, RegExp][] = [
  ['no displayName', { members: [] }, /"displayName" is required/],
  ['blank displayName', { displayName: '  ' }, /"displayName" is required/],
  ['displayName not a string', { displayName: 7 }, /"displayName" is required.*got 7/],
  ['externalId not a string', { displayName: 'G', externalId: 5 }, /"externalId" must be a string/],
  ['members not a list', { displayName: 'G', members: { value: 'u1' } }, /"members" must be a list/],
  ['a member without value', { displayName: 'G', members: [{ value: 'u1' }, { display: 'x' }] }, /members\[1\]/],
  ['a member that is a number', { displayName: 'G', members: [7] }, /members\[0\] must be \{"value"/],
];
for (const [name, body, detail] of rejected) {
  test(`scimGroupToInput rejects ${name}: 400 invalidValue`, (t) => {
    const err = t.throws(() => scimGroupToInput(body), { instanceOf: ScimError })!;
    t.is(err.status, 400);
    t.is(err.scimType, 'invalidValue');
    t.regex(err.message, detail);
  });
}
