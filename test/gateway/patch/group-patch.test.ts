import test from 'ava';
import { translateGroupPatch, type GroupChange } from '../../../gateway/patch/group-patch.js';
import { ScimError, type ScimType } from '../../../gateway/scim/errors.js';
import { GROUP_URN, MS_ADSCIM_GROUP_URN, PATCH_OP_URN } from '../../../gateway/scim/urns.js';

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_URN], Operations });

const translates = test.macro({
  exec(t, operations: unknown[], expected: GroupChange, groupId?: string) {
    t.deepEqual(translateGroupPatch(patch(...operations), groupId), expected);
  },
  title: (provided = '', _operations: unknown[], _expected: GroupChange, _groupId?: string) => provided,
});

// Entra (entra-protocol.md G4–G6, §3.4).
test('G5 add members, default job (PascalCase op, $ref: null)', translates, [
  { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }] },
], { memberOps: [{ op: 'add', ids: ['u1', 'u2'] }] });
test('G6 remove members, default job: removes only the listed members', translates, [
  { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u1091' }] },
], { memberOps: [{ op: 'remove', ids: ['u1091'] }] });
test('G6 remove a member, flag form: members[value eq "id"]', translates, [
  { op: 'remove', path: 'members[value eq "7f4b"]' },
], { memberOps: [{ op: 'remove', ids: ['7f4b'] }] });
test('remove several members by filter joined with or', translates, [
  { op: 'remove', path: 'members[value eq "a" or value eq "b"]' },
], { memberOps: [{ op: 'remove', ids: ['a', 'b'] }] });
test('G4 rename', translates, [{ op: 'Replace', path: 'displayName', value: 'Eng' }], { displayName: 'Eng', memberOps: [] });
test('replace externalId by path', translates, [
  { op: 'replace', path: 'externalId', value: 'x-1' },
], { externalId: 'x-1', memberOps: [] });
test('remove externalId', translates, [{ op: 'remove', path: 'externalId' }], { externalId: null, memberOps: [] });
test('no-path replace with displayName, externalId and Microsoft\'s schemas', translates, [
  { op: 'replace', value: { schemas: [GROUP_URN, MS_ADSCIM_GROUP_URN], displayName: 'Eng', externalId: 'e-1' } },
], { displayName: 'Eng', externalId: 'e-1', memberOps: [] });
test('no-path add with members', translates, [
  { op: 'add', value: { members: [{ value: 'u1' }] } },
], { memberOps: [{ op: 'add', ids: ['u1'] }] });
test('no-path replace with members sets them', translates, [
  { op: 'replace', value: { members: [{ value: 'u1' }], displayName: 'Eng' } },
], { displayName: 'Eng', memberOps: [{ op: 'set', ids: ['u1'] }] });

// RFC 7644 §3.5.2 and Okta.
test('remove members without value clears the group', translates, [{ op: 'remove', path: 'members' }], { memberOps: [{ op: 'clear' }] });
test('replace members sets the list', translates, [
  { op: 'replace', path: 'members', value: [{ value: 'u1', display: 'Jane' }, { value: 'u2' }] },
], { memberOps: [{ op: 'set', ids: ['u1', 'u2'] }] });
test('Okta "Push now": replace members [] sets an empty list', translates, [
  { op: 'replace', path: 'members', value: [] },
], { memberOps: [{ op: 'set', ids: [] }] });
test('Okta add with display, Postman add with displayName: extra member fields are ignored', translates, [
  { op: 'add', path: 'members', value: [{ value: 'u1', display: 'jane@x.org' }, { displayName: 'new User', value: 'u2' }] },
], { memberOps: [{ op: 'add', ids: ['u1', 'u2'] }] });
test('Okta rename echoes the group id in a no-path value', translates, [
  { op: 'replace', value: { id: 'g-1', displayName: 'Test SCIMv2' } },
], { displayName: 'Test SCIMv2', memberOps: [] }, 'g-1');
test('Microsoft Postman "garbage": a bare id string as value', translates, [
  { op: 'add', path: 'members', value: 'string id 1' },
], { memberOps: [{ op: 'add', ids: ['string id 1'] }] });
test('RFC §3.5.2.2 example: remove one member and add another, in request order', translates, [
  { op: 'remove', path: 'members[value eq "2819c223"]' },
  { op: 'add', path: 'members', value: [{ display: 'James Smith', $ref: 'https://h/v2/Users/08e1d05d', value: '08e1d05d' }] },
  { op: 'Remove', path: 'members', value: [{ value: 'x' }] },
  { op: 'remove', path: 'members' },
  { op: 'add', path: 'members', value: [{ value: 'y' }, { value: 'y' }] },
], { memberOps: [
  { op: 'remove', ids: ['2819c223'] },
  { op: 'add', ids: ['08e1d05d'] },
  { op: 'remove', ids: ['x'] },
  { op: 'clear' },
  { op: 'add', ids: ['y'] },
] });
test('empty add and empty remove lists change nothing (remove [] never clears)', translates, [
  { op: 'add', path: 'members', value: [] },
  { op: 'remove', path: 'members', value: [] },
], { memberOps: [] });
test('names and ops in any case', translates, [
  { op: 'ADD', path: 'Members', value: [{ Value: 'u1' }] },
  { op: 'replace', path: 'DISPLAYNAME', value: 'E' },
], { displayName: 'E', memberOps: [{ op: 'add', ids: ['u1'] }] });

const fails = test.macro({
  exec(t, operations: unknown[], scimType: ScimType, detail: string) {
    const error = t.throws(() => translateGroupPatch(patch(...operations), 'g-1'), { instanceOf: ScimError });
    t.is(error?.status, 400);
    t.is(error?.scimType, scimType);
    t.true(error?.message.includes(detail), `detail was: ${error?.message}`);
  },
  title: (provided = '', _operations: unknown[], scimType: ScimType) => `${provided} → ${scimType}`,
});

test('member without value', fails, [{ op: 'add', path: 'members', value: [{ display: 'x' }] }], 'invalidValue',
  'Operation 1 (add members): members[0] must be {"value": "<member id>"}');
test('member value not a string', fails, [{ op: 'add', path: 'members', value: [{ value: 42 }] }], 'invalidValue', 'members[0]');
test('member value empty', fails, [
  { op: 'add', path: 'members', value: [{ value: 'ok' }] },
  { op: 'Remove', path: 'members', value: [{ value: 'ok' }, { value: ' ' }] },
], 'invalidValue', 'Operation 2 (remove members): members[1]');
test('unknown attribute', fails, [{ op: 'replace', path: 'owner', value: 'x' }], 'invalidPath', 'Operation 1 (replace owner): "owner" names no attribute of a Group');
test('unknown no-path key', fails, [{ op: 'replace', value: { owner: 'x' } }], 'invalidPath', 'unknown attribute "owner"');
test('bad path syntax', fails, [{ op: 'remove', path: 'members[value eq ]' }], 'invalidPath', 'Invalid path');
test('filter on members that names no ids', fails, [{ op: 'remove', path: 'members[display co "a"]' }], 'invalidPath', 'only members[value eq "id"]');
test('add with a members filter', fails, [{ op: 'add', path: 'members[value eq "a"]', value: { value: 'a' } }], 'invalidPath', 'can only select members to remove');
test('readOnly id', fails, [{ op: 'replace', path: 'id', value: 'g-2' }], 'mutability', '"id" is readOnly');
test('another group id in a no-path value', fails, [{ op: 'replace', value: { id: 'g-2' } }], 'mutability', '"id" is readOnly');
test('readOnly meta', fails, [{ op: 'replace', path: 'meta.version', value: 'W/"1"' }], 'mutability', '"meta" is readOnly');
test('readOnly members.display', fails, [{ op: 'replace', path: 'members[value eq "u1"].display', value: 'x' }], 'mutability', '"members.display" is readOnly');
test('immutable members.value', fails, [{ op: 'replace', path: 'members.value', value: 'x' }], 'mutability', '"members.value" is immutable');
test('displayName removed', fails, [{ op: 'remove', path: 'displayName' }], 'invalidValue', '"displayName" is required');
test('displayName not a string', fails, [{ op: 'replace', value: { displayName: ['a'] } }], 'invalidValue', '"displayName" must be a string');
test('externalId not a string', fails, [{ op: 'add', path: 'externalId', value: 7 }], 'invalidValue', '"externalId" must be a string');
test('sub-attribute of displayName', fails, [{ op: 'add', path: 'displayName.x', value: 'a' }], 'invalidPath', 'has no sub-attributes');
test('remove without path', fails, [{ op: 'remove' }], 'noTarget', 'Operation 1 (remove)');
test('unknown op', fails, [{ op: 'delete', path: 'members' }], 'invalidSyntax', 'Operation 1 (delete members)');

test('the body is checked like a user PATCH', (t) => {
  const error = t.throws(() => translateGroupPatch({ Operations: [] }), { instanceOf: ScimError });
  t.is(error?.scimType, 'invalidSyntax');
});
