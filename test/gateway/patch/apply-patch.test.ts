import test from 'ava';
import { applyPatch } from '../../../gateway/patch/apply-patch.js';
import { userSchemas } from '../../../gateway/schema/find-attribute.js';
import { ScimError, type ScimType } from '../../../gateway/scim/errors.js';
import { ENTERPRISE_USER_URN as ENT, PATCH_OP_URN, USER_URN } from '../../../gateway/scim/urns.js';

type Json = Record<string, unknown>;

const jane: Json = {
  schemas: [USER_URN, ENT],
  id: 'u-1',
  externalId: '0a21f0f2',
  userName: 'jdoe@contoso.com',
  active: true,
  displayName: 'Jane Doe',
  name: { formatted: 'Jane Doe', familyName: 'Doe', givenName: 'Jane' },
  emails: [{ primary: true, type: 'work', value: 'jdoe@contoso.com' }],
  phoneNumbers: [{ type: 'work', value: '+1 425 555 0100' }],
  addresses: [{ type: 'home', locality: 'Seattle' }],
  [ENT]: { employeeNumber: '701984', department: 'Research' },
  meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
};

/** Jane with some members replaced; `undefined` removes one. */
const janeWith = (changes: Json, from: Json = jane): Json => {
  const result: Json = { ...from, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete result[key];
  return result;
};
const enterprise = (changes: Json) => janeWith(changes, jane[ENT] as Json);
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_URN], Operations });

/** Freezes deeply so any write to the input throws (ESM modules are strict). */
const frozen = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(frozen);
    Object.freeze(value);
  }
  return value;
};
frozen(jane);

const applies = test.macro({
  exec(t, operations: unknown[], expected: Json, resource: Json = jane) {
    t.deepEqual(applyPatch(resource, patch(...operations), userSchemas), expected);
  },
  title: (provided = '', _operations: unknown[], _expected: Json, _resource?: Json) => provided,
});

// RFC 7644 §3.5.2 examples, on User attributes.
test('RFC §3.5.2.1 add without path: attributes are added, multi-valued ones appended', applies, [
  { op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickName: 'Babs' } },
], janeWith({
  emails: [{ primary: true, type: 'work', value: 'jdoe@contoso.com' }, { value: 'babs@jensen.org', type: 'home' }],
  nickName: 'Babs',
}));
test('RFC §3.5.2.1 add of an entry that is already there changes nothing', applies, [
  { op: 'add', path: 'emails', value: [{ value: 'jdoe@contoso.com', type: 'work', primary: true }] },
], jane);
test('RFC §3.5.2.2 remove a whole attribute', applies, [{ op: 'remove', path: 'emails' }], janeWith({ emails: undefined }));
test('RFC §3.5.2.2 remove entries selected by a filter', applies, [
  { op: 'remove', path: 'emails[type eq "work" and value ew "contoso.com"]' },
], janeWith({ emails: undefined }));
test('RFC §3.5.2.2 remove a sub-attribute', applies, [{ op: 'remove', path: 'name.givenName' }],
  janeWith({ name: { formatted: 'Jane Doe', familyName: 'Doe' } }));
test('RFC §3.5.2.3 replace a multi-valued attribute replaces all entries', applies, [
  { op: 'replace', path: 'phoneNumbers', value: [{ type: 'mobile', value: '555' }] },
], janeWith({ phoneNumbers: [{ type: 'mobile', value: '555' }] }));
test('RFC §3.5.2.3 replace the entries a filter selects (sub-attributes merge)', applies, [
  { op: 'replace', path: 'addresses[type eq "home"]', value: { streetAddress: '1 Main St', locality: 'Tacoma' } },
], janeWith({ addresses: [{ type: 'home', locality: 'Tacoma', streetAddress: '1 Main St' }] }));
test('RFC §3.5.2.3 replace one sub-attribute of the selected entries', applies, [
  { op: 'replace', path: 'addresses[type eq "home"].streetAddress', value: '1111 Broadway Ave' },
], janeWith({ addresses: [{ type: 'home', locality: 'Seattle', streetAddress: '1111 Broadway Ave' }] }));
test('RFC §3.5.2.3 replace without path, with a primary email and nickName', applies, [
  { op: 'replace', value: { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }], nickName: 'Babs' } },
], janeWith({
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }],
  nickName: 'Babs',
}));
test('RFC §3.5.2.3 replace on a single-valued complex attribute keeps unnamed sub-attributes', applies, [
  { op: 'replace', path: 'name', value: { givenName: 'Janet' } },
], janeWith({ name: { formatted: 'Jane Doe', familyName: 'Doe', givenName: 'Janet' } }));

// Entra, default job (entra-protocol.md §3.4, U4, U6, U7).
test('U4 Entra default-job update: PascalCase ops, value path, sub-attribute, URN path', applies, [
  { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
  { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
  { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Eqpj' },
  { op: 'Add', path: 'nickName', value: 'Babs' },
], janeWith({
  emails: [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }],
  name: { formatted: 'Jane Doe', familyName: 'updatedFamilyName', givenName: 'Jane' },
  [ENT]: enterprise({ employeeNumber: 'Eqpj' }),
  nickName: 'Babs',
}));
test('U5 Entra flag form: no-path value with plain, dotted and URN-qualified keys', applies, [
  { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
  { op: 'replace', value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENT}:employeeNumber`]: 'Aklq' } },
], janeWith({
  emails: [{ primary: true, type: 'work', value: 'TestMhvaes@test.microsoft.com' }],
  displayName: 'Bjfe',
  name: { formatted: 'Jane Doe', familyName: 'Unua', givenName: 'Kkom' },
  [ENT]: enterprise({ employeeNumber: 'Aklq' }),
}));
test('U5 no-path add with dotted keys', applies, [
  { op: 'add', value: { 'name.middleName': 'Q', title: 'Engineer' } },
], janeWith({ name: { formatted: 'Jane Doe', familyName: 'Doe', givenName: 'Jane', middleName: 'Q' }, title: 'Engineer' }));
test('U4 externalId (a common attribute, not in the User schema)', applies, [{ op: 'Replace', path: 'externalId', value: 'new-oid' }], janeWith({ externalId: 'new-oid' }));
test('U6 rename', applies, [{ op: 'Replace', path: 'userName', value: 'new@contoso.com' }], janeWith({ userName: 'new@contoso.com' }));
test('U7 disable with the string "False"', applies, [{ op: 'Replace', path: 'active', value: 'False' }], janeWith({ active: false }));
test('U7 disable with the string "false"', applies, [{ op: 'replace', path: 'active', value: 'false' }], janeWith({ active: false }));
test('U7 disable with a JSON boolean', applies, [{ op: 'replace', path: 'active', value: false }], janeWith({ active: false }));
test('U7 enable with "True"', applies, [{ op: 'Replace', path: 'active', value: 'True' }], jane, janeWith({ active: false }));
test('U7 no-path active as a string is coerced too', applies, [{ op: 'Replace', value: { active: 'False' } }], janeWith({ active: false }));

// Value-filter paths that must create their entry (entra-protocol.md pitfalls 4 and 5).
test('add on emails[type eq "other"].Value creates the entry (PascalCase sub-attribute)', applies, [
  { op: 'Add', path: 'emails[type eq "other"].Value', value: 'alias@contoso.com' },
], janeWith({ emails: [{ primary: true, type: 'work', value: 'jdoe@contoso.com' }, { type: 'other', value: 'alias@contoso.com' }] }));
test('replace on phoneNumbers[type eq "mobile"].value creates the entry', applies, [
  { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '4255550101' },
], janeWith({ phoneNumbers: [{ type: 'work', value: '+1 425 555 0100' }, { type: 'mobile', value: '4255550101' }] }));
test('several ops on addresses[type eq "work"] build one entry', applies, [
  { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
  { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
  { op: 'Replace', path: 'addresses[type eq "work"].postalCode', value: '98052' },
  { op: 'Add', path: 'addresses[type eq "other"].Formatted', value: 'Building 5' },
], janeWith({ addresses: [
  { type: 'home', locality: 'Seattle' },
  { type: 'work', streetAddress: '1 Main St', locality: 'Redmond', postalCode: '98052' },
  { type: 'other', formatted: 'Building 5' },
] }));
test('a user with no emails at all gets the work email', applies, [
  { op: 'Replace', path: 'emails[type eq "work"].value', value: 'a@b.c' },
], janeWith({ emails: [{ type: 'work', value: 'a@b.c' }] }), janeWith({ emails: undefined }));
test('filter values are typed from the schema: [primary eq "True"] creates primary: true', applies, [
  { op: 'add', path: 'roles[primary eq "True"].value', value: 'Admin' },
], janeWith({ roles: [{ primary: true, value: 'Admin' }] }));
test('a value filter with a whole entry as value creates it from the filter and the value', applies, [
  { op: 'add', path: 'emails[type eq "home"]', value: { value: 'home@x.org', Primary: 'True' } },
], janeWith({ emails: [{ primary: false, type: 'work', value: 'jdoe@contoso.com' }, { type: 'home', value: 'home@x.org', primary: true }] }));
test('remove by a value filter that matches nothing is not an error', applies, [
  { op: 'Remove', path: 'emails[type eq "home"]' },
], jane);
test('clearing through a value filter that matches nothing creates nothing', applies, [
  { op: 'replace', path: 'emails[type eq "home"]', value: { value: '' } },
  { op: 'replace', path: 'emails[type eq "home"].value', value: null },
], jane);
test('remove of an absent attribute is not an error', applies, [{ op: 'remove', path: 'nickName' }], jane);
test('remove of a sub-attribute through a value filter', applies, [
  { op: 'remove', path: 'phoneNumbers[type eq "work"].value' },
], janeWith({ phoneNumbers: undefined }));

// primary (RFC 7643 §2.4).
test('primary: true on one entry clears primary on the others', applies, [
  { op: 'add', path: 'emails', value: [{ value: 'new@contoso.com', type: 'home', primary: true }] },
], janeWith({ emails: [{ primary: false, type: 'work', value: 'jdoe@contoso.com' }, { value: 'new@contoso.com', type: 'home', primary: true }] }));
test('primary set through a value path clears the others', applies, [
  { op: 'add', path: 'emails[type eq "home"].primary', value: 'True' },
  { op: 'add', path: 'emails[type eq "home"].value', value: 'h@x.org' },
], janeWith({ emails: [{ primary: false, type: 'work', value: 'jdoe@contoso.com' }, { type: 'home', primary: true, value: 'h@x.org' }] }));

// Manager (U8) and the enterprise extension.
const withManager = (manager: unknown) => janeWith({ [ENT]: enterprise({ manager }) });
test('U8 manager set by a bare id', applies, [{ op: 'Add', path: `${ENT}:manager`, value: 'm-1' }], withManager({ value: 'm-1' }));
test('U8 manager changed by a new id', applies, [{ op: 'replace', path: `${ENT}:manager`, value: 'm-2' }], withManager({ value: 'm-2' }), withManager({ value: 'm-1' }));
test('U8 manager set by {value}', applies, [{ op: 'replace', path: `${ENT}:manager`, value: { value: 'm-1' } }], withManager({ value: 'm-1' }));
test('U8 manager cleared by ""', applies, [{ op: 'replace', path: `${ENT}:manager`, value: '' }], jane, withManager({ value: 'm-1' }));
test('U8 manager cleared by null', applies, [{ op: 'replace', path: `${ENT}:manager`, value: null }], jane, withManager({ value: 'm-1' }));
test('U8 manager removed', applies, [{ op: 'Remove', path: `${ENT}:manager` }], jane, withManager({ value: 'm-1' }));
test('U8 legacy manager form: unqualified path, array with $ref', applies, [
  { op: 'Add', path: 'manager', value: [{ $ref: 'https://h/scim/Users/m-1', value: 'm-1' }] },
], withManager({ $ref: 'https://h/scim/Users/m-1', value: 'm-1' }));
test('manager removed by manager[value eq "id"]', applies, [
  { op: 'remove', path: 'manager[value eq "m-1"]' },
], jane, withManager({ value: 'm-1' }));
test('manager[value eq "other"] leaves a different manager alone', applies, [
  { op: 'remove', path: 'manager[value eq "m-9"]' },
], withManager({ value: 'm-1' }), withManager({ value: 'm-1' }));
test('Postman suite casing: "Department", "Manager": {"Value"}, and a copied manager.displayName is ignored', applies, [
  { op: 'replace', value: { [ENT]: { Department: 'Sales', Manager: { Value: 'm-3', displayName: 'Boss' } } } },
], janeWith({ [ENT]: enterprise({ department: 'Sales', manager: { value: 'm-3' } }) }));
test('the bare extension URN as path with an object value', applies, [
  { op: 'add', path: ENT, value: { costCenter: 'CC1' } },
], janeWith({ [ENT]: enterprise({ costCenter: 'CC1' }) }));
test('emptying the extension drops it and its URN from schemas', applies, [
  { op: 'remove', path: `${ENT}:employeeNumber` },
  { op: 'replace', path: `${ENT}:department`, value: '' },
], janeWith({ schemas: [USER_URN], [ENT]: undefined }));
test('the first extension attribute adds the URN to schemas', applies, [
  { op: 'add', path: `${ENT}:department`, value: 'R&D' },
], janeWith({ [ENT]: { department: 'R&D' } }), janeWith({ schemas: [USER_URN], [ENT]: undefined }));

// Okta.
test('Okta deactivate: no-path replace {active:false}', applies, [{ op: 'replace', value: { active: false } }], janeWith({ active: false }));
test('Okta echoes the unchanged id in a no-path value', applies, [
  { op: 'replace', value: { id: 'u-1', displayName: 'Jane D.', schemas: [USER_URN] } },
], janeWith({ displayName: 'Jane D.' }));

// Clearing and names.
test('SCIM_Null_Update: replace with "" then null clears', applies, [
  { op: 'replace', path: 'displayName', value: '' },
  { op: 'replace', path: 'name.givenName', value: null },
  { op: 'add', path: `${ENT}:department`, value: null },
], janeWith({ displayName: undefined, name: { formatted: 'Jane Doe', familyName: 'Doe' }, [ENT]: enterprise({ department: undefined }) }));
test('add or replace with null or "" clears multi-valued attributes too', applies, [
  { op: 'add', path: 'emails', value: null },
  { op: 'replace', value: { phoneNumbers: '', addresses: null } },
], janeWith({ emails: undefined, phoneNumbers: undefined, addresses: undefined }));
test('attribute names in any case are written back under their canonical name', applies, [
  { op: 'REPLACE', path: 'DISPLAYNAME', value: 'J' },
  { op: 'add', path: 'Name.GivenName', value: 'Jo' },
  { op: 'add', value: { NickName: 'JJ' } },
], janeWith({ displayName: 'J', name: { formatted: 'Jane Doe', familyName: 'Doe', givenName: 'Jo' }, nickName: 'JJ' }));
test('a resource stored with a non-canonical key is rewritten under the canonical one', applies, [
  { op: 'replace', path: 'title', value: 'CTO' },
], janeWith({ title: 'CTO' }), janeWith({ Title: 'CEO' }));
test('a core URN-qualified path is the core attribute', applies, [
  { op: 'replace', path: `${USER_URN}:name.givenName`, value: 'Jo' },
], janeWith({ name: { formatted: 'Jane Doe', familyName: 'Doe', givenName: 'Jo' } }));
test('Entra roles: JSON text in value is stored as sent', applies, [
  { op: 'Add', path: 'roles', value: [{ primary: 'False', type: 'WindowsAzureActiveDirectoryRole', value: '{"id":"r1","value":"Admin"}' }] },
], janeWith({ roles: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', value: '{"id":"r1","value":"Admin"}' }] }));
test('operations apply in order', applies, [
  { op: 'add', path: 'nickName', value: 'A' },
  { op: 'remove', path: 'nickName' },
  { op: 'add', path: 'nickName', value: 'B' },
], janeWith({ nickName: 'B' }));

// Errors: every detail names the operation.
const fails = test.macro({
  exec(t, body: unknown, scimType: ScimType, detail: string) {
    const error = t.throws(() => applyPatch(jane, body, userSchemas), { instanceOf: ScimError });
    t.is(error?.status, 400);
    t.is(error?.scimType, scimType);
    t.true(error?.message.includes(detail), `detail was: ${error?.message}`);
  },
  title: (provided = '', _body: unknown, scimType: ScimType) => `${provided} → ${scimType}`,
});

test('body not an object', fails, 'x', 'invalidSyntax', 'must be a JSON object');
test('schemas without PatchOp', fails, { schemas: [USER_URN], Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax', PATCH_OP_URN);
test('no Operations', fails, { schemas: [PATCH_OP_URN] }, 'invalidSyntax', '"Operations" array');
test('empty Operations', fails, patch(), 'invalidValue', '"Operations" is empty');
test('unknown op', fails, patch({ op: 'merge', path: 'title', value: 'x' }), 'invalidSyntax', 'Operation 1 (merge title): "op" must be');
test('operation not an object', fails, patch('add'), 'invalidSyntax', 'Operation 1: must be an object');
test('remove without path', fails, patch({ op: 'remove' }), 'noTarget', 'Operation 1 (remove): remove needs a "path"');
test('add without value', fails, patch({ op: 'add', path: 'title' }), 'invalidValue', 'Operation 1 (add title): add needs a "value"');
test('no-path replace with a non-object', fails, patch({ op: 'replace', value: 'x' }), 'invalidValue', 'Operation 1 (replace): replace without "path" needs a "value" object');
test('unknown attribute', fails, patch({ op: 'replace', path: 'shoeSize', value: '9' }), 'invalidPath', 'Operation 1 (replace shoeSize): "shoeSize" names no attribute');
test('unknown no-path key', fails, patch({ op: 'replace', value: { shoeSize: '9' } }), 'invalidPath', 'unknown attribute "shoeSize"');
test('unknown extension attribute', fails, patch({ op: 'add', path: `${ENT}:badge`, value: '9' }), 'invalidPath', `unknown attribute "badge" in ${ENT}`);
test('unknown sub-attribute in the path', fails, patch({ op: 'add', path: 'name.nick', value: 'x' }), 'invalidPath', '"name" has no sub-attribute "nick"');
test('unknown sub-attribute in the value', fails, patch({ op: 'add', path: 'emails', value: [{ valu: 'x' }] }), 'invalidPath', '"emails[0]" has no sub-attribute "valu"');
test('bad path syntax', fails, patch({ op: 'add', path: 'emails[type eq', value: 'x' }), 'invalidPath', 'Operation 1 (add emails[type eq): Invalid path');
test('readOnly id', fails, patch({ op: 'replace', path: 'id', value: 'u-2' }), 'mutability', 'Operation 1 (replace id): "id" is readOnly');
test('readOnly id in a no-path value, changed', fails, patch({ op: 'replace', value: { id: 'u-2' } }), 'mutability', '"id" is readOnly');
test('readOnly meta sub-attribute', fails, patch({ op: 'replace', path: 'meta.lastModified', value: '2025-01-01T00:00:00Z' }), 'mutability', '"meta.lastModified" is readOnly');
test('readOnly groups', fails, patch({ op: 'add', path: 'groups', value: [{ value: 'g-1' }] }), 'mutability', 'Operation 1 (add groups): "groups" is readOnly');
test('readOnly manager.displayName', fails, patch({ op: 'replace', path: `${ENT}:manager.displayName`, value: 'Boss' }), 'mutability', '"manager.displayName" is readOnly');
test('remove of readOnly meta', fails, patch({ op: 'remove', path: 'meta' }), 'mutability', 'cannot be removed');
test('object where a string is expected', fails, patch({ op: 'replace', path: 'displayName', value: { a: 1 } }), 'invalidValue', '"displayName" must be a string');
test('a number where a string is expected', fails, patch({ op: 'replace', value: { [`${ENT}:employeeNumber`]: 42 } }), 'invalidValue', '"employeeNumber" must be a string, got 42');
test('active neither boolean nor "true"/"false"', fails, patch({ op: 'replace', path: 'active', value: 'yes' }), 'invalidValue', '"active" must be a boolean');
test('a string for a complex attribute without a value sub-attribute', fails, patch({ op: 'replace', path: 'name', value: 'Jane' }), 'invalidValue', '"name" must be an object');
test('a string where entries are expected', fails, patch({ op: 'add', value: { emails: 'x@y' } }), 'invalidValue', '"emails[0]" must be an object');
test('value filter on a simple attribute', fails, patch({ op: 'remove', path: 'displayName[value eq "x"]' }), 'invalidPath', '"displayName" is a simple attribute');
test('value filter on a single-valued complex attribute for replace', fails, patch({ op: 'replace', path: 'name[givenName eq "Jane"].familyName', value: 'X' }), 'invalidPath', 'can only select it for remove');
test('a filter that matches nothing and describes no entry', fails, patch({ op: 'replace', path: 'emails[value co "nobody"].type', value: 'home' }), 'noTarget', 'no "emails" entry matches');
test('two primary entries', fails, patch({ op: 'replace', path: 'emails', value: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: 'True' }] }), 'invalidValue', 'at most one "emails" entry may be primary');
test('the failing operation is named by its index', fails, patch(
  { op: 'replace', path: 'displayName', value: 'ok' },
  { op: 'replace', path: 'emails[type eq "work"].value', value: { a: 1 } },
), 'invalidValue', 'Operation 2 (replace emails[type eq "work"].value): "emails.value" must be a string');

test('atomic: a failing operation leaves the input untouched and returns nothing', (t) => {
  const resource = structuredClone(jane);
  const before = structuredClone(resource);
  t.throws(() => applyPatch(resource, patch(
    { op: 'replace', path: 'displayName', value: 'Changed' },
    { op: 'add', path: 'emails[type eq "home"].value', value: 'h@x.org' },
    { op: 'replace', path: 'id', value: 'nope' },
  ), userSchemas), { instanceOf: ScimError });
  t.deepEqual(resource, before);
});

test('pure: a successful patch returns a new object and never writes to its (frozen) input', (t) => {
  const result = applyPatch(jane, patch(
    { op: 'replace', path: 'name.givenName', value: 'Jo' },
    { op: 'add', path: 'emails', value: [{ value: 'x@y.z', primary: true }] },
    { op: 'replace', path: `${ENT}:department`, value: 'Sales' },
  ), userSchemas);
  t.not(result, jane);
  t.is((jane.name as Json).givenName, 'Jane');
  t.is((result.name as Json).givenName, 'Jo');
});
