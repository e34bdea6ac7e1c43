import test from 'ava';
import { project, selectsAttribute, type AttributeSelection } from '../../../gateway/render/project.js';
import type { SchemaDef } from '../../../gateway/schema/attribute-def.js';
import { attribute, complexAttribute } from '../../../gateway/schema/define-attribute.js';
import { groupSchemas, userSchemas, type ResourceSchemas } from '../../../gateway/schema/find-attribute.js';
import { ENTERPRISE_USER_URN, GROUP_URN, USER_URN } from '../../../gateway/scim/urns.js';

const ENT = ENTERPRISE_USER_URN;

const meta = {
  resourceType: 'User',
  created: '2024-01-02T03:04:05.000Z',
  lastModified: '2024-02-03T04:05:06.000Z',
  location: 'https://id.example.com/scim/Users/u1',
  version: 'W/"3"',
};
const user = {
  schemas: [USER_URN, ENT],
  id: 'u1',
  externalId: 'ext-1',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
  groups: [{ value: 'g1', $ref: 'https://id.example.com/scim/Groups/g1', display: 'Tour Guides', type: 'direct' }],
  [ENT]: {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: 'u2', $ref: 'https://id.example.com/scim/Users/u2', displayName: 'John Smith' },
  },
  meta,
};
const group = {
  schemas: [GROUP_URN],
  id: 'g1',
  displayName: 'Tour Guides',
  members: [
    { value: 'u1', $ref: 'https://id.example.com/scim/Users/u1', display: 'Babs Jensen', type: 'User' },
    { value: 'g2', display: 'Night Guides', type: 'Group' },
  ],
  meta: { ...meta, resourceType: 'Group' },
};

function without<T extends object>(resource: T, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !keys.includes(key)));
}

const projects = test.macro({
  exec(t, defs: ResourceSchemas, resource: Record<string, unknown>, sel: AttributeSelection, expected: unknown) {
    t.deepEqual(project(resource, defs, sel), expected);
  },
  title: (provided = '', _defs, _resource, sel: AttributeSelection) => `project ${provided} ${JSON.stringify(sel)}`,
});

const userBase = { schemas: user.schemas, id: 'u1' };

test('user', projects, userSchemas, user, {}, user);
test('user', projects, userSchemas, user, { attributes: [] }, user);
test('user', projects, userSchemas, user, { attributes: ['id'] }, userBase);
test('user', projects, userSchemas, user, { attributes: ['userName'] }, { ...userBase, userName: user.userName });
test('user', projects, userSchemas, user, { attributes: ['USERNAME'] }, { ...userBase, userName: user.userName });
test('user', projects, userSchemas, user, { attributes: [`${USER_URN}:userName`] }, { ...userBase, userName: user.userName });
test('user', projects, userSchemas, user, { attributes: ['userName', 'externalId'] },
  { ...userBase, externalId: 'ext-1', userName: user.userName });
test('user', projects, userSchemas, user, { attributes: ['name.givenName'] }, { ...userBase, name: { givenName: 'Barbara' } });
test('user', projects, userSchemas, user, { attributes: ['name.middleName'] }, userBase);
test('user', projects, userSchemas, user, { attributes: ['name.givenName', 'name'] }, { ...userBase, name: user.name });
test('user', projects, userSchemas, user, { attributes: ['Name.FamilyName', 'name.givenname'] },
  { ...userBase, name: { familyName: 'Jensen', givenName: 'Barbara' } });
test('user', projects, userSchemas, user, { attributes: ['emails.value'] },
  { ...userBase, emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }] });
test('user', projects, userSchemas, user, { attributes: ['emails.primary'] },
  { ...userBase, emails: [{ primary: true }] });
test('value filter selects the attribute', projects, userSchemas, user, { attributes: ['emails[type eq "work"]'] },
  { ...userBase, emails: user.emails });
test('user', projects, userSchemas, user, { attributes: ['meta.lastModified'] },
  { ...userBase, meta: { lastModified: meta.lastModified } });
test('user', projects, userSchemas, user, { attributes: [`${ENT}:department`] },
  { ...userBase, [ENT]: { department: 'Tour Operations' } });
test('user', projects, userSchemas, user, { attributes: [`${ENT.toLowerCase()}:DEPARTMENT`] },
  { ...userBase, [ENT]: { department: 'Tour Operations' } });
test('user', projects, userSchemas, user, { attributes: [`${ENT}:manager.value`] },
  { ...userBase, [ENT]: { manager: { value: 'u2' } } });
test('unqualified extension attribute', projects, userSchemas, user, { attributes: ['manager'] },
  { ...userBase, [ENT]: { manager: user[ENT].manager } });
test('user', projects, userSchemas, user, { attributes: [ENT] }, { ...userBase, [ENT]: user[ENT] });
test('unknown names select nothing', projects, userSchemas, user, { attributes: ['nope', 'name.nope', `${ENT}:nope`] }, userBase);
test('user', projects, userSchemas, user, { attributes: ['emails'], excludedAttributes: ['emails.primary'] },
  { ...userBase, emails: [{ value: 'bjensen@example.com', type: 'work' }, { value: 'babs@jensen.org', type: 'home' }] });

test('user', projects, userSchemas, user, { excludedAttributes: ['emails'] }, without(user, 'emails'));
test('user', projects, userSchemas, user, { excludedAttributes: ['EMAILS', 'phoneNumbers', 'meta'] },
  without(user, 'emails', 'phoneNumbers', 'meta'));
test('always attributes stay', projects, userSchemas, user, { excludedAttributes: ['id', 'schemas'] }, user);
test('user', projects, userSchemas, user, { excludedAttributes: [ENT] }, without(user, ENT));
test('user', projects, userSchemas, user, { excludedAttributes: ['name.givenName'] },
  { ...user, name: { formatted: user.name.formatted, familyName: 'Jensen' } });
test('user', projects, userSchemas, user, { excludedAttributes: ['emails.type'] },
  { ...user, emails: [{ value: 'bjensen@example.com', primary: true }, { value: 'babs@jensen.org' }] });
test('user', projects, userSchemas, user, { excludedAttributes: [`${ENT}:manager`] },
  { ...user, [ENT]: { employeeNumber: '701984', department: 'Tour Operations' } });
test('emptied extension is dropped', projects, userSchemas, user,
  { excludedAttributes: [`${ENT}:manager`, `${ENT}:employeeNumber`, `${ENT}:department`] }, without(user, ENT));

const groupBase = { schemas: [GROUP_URN], id: 'g1' };
test('group', projects, groupSchemas, group, { excludedAttributes: ['members'] }, without(group, 'members'));
test('group', projects, groupSchemas, group, { attributes: ['displayName'] }, { ...groupBase, displayName: 'Tour Guides' });
test('group', projects, groupSchemas, group, { attributes: ['members.value'] },
  { ...groupBase, members: [{ value: 'u1' }, { value: 'g2' }] });
test('empty member list is kept', projects, groupSchemas, { ...group, members: [] }, {}, { ...group, members: [] });
test('empty member list is kept', projects, groupSchemas, { ...group, members: [] }, { attributes: ['members'] },
  { ...groupBase, members: [] });

// `never` and `request` attributes do not occur in the SCIM schemas we serve; a small schema covers them.
const widgetSchemas: ResourceSchemas = {
  core: {
    id: 'urn:example:Widget',
    name: 'Widget',
    description: 'Widget',
    attributes: [
      attribute('label', 'label'),
      attribute('secret', 'secret', { returned: 'never', mutability: 'writeOnly' }),
      attribute('audit', 'audit', { returned: 'request' }),
      complexAttribute('parts', 'parts', [
        attribute('value', 'value', { returned: 'always' }),
        attribute('note', 'note', { returned: 'request' }),
        attribute('key', 'key', { returned: 'never' }),
      ], { multiValued: true }),
    ],
  } satisfies SchemaDef,
  extensions: [],
};
const widget = { id: 'w1', label: 'L', secret: 's', audit: 'a', parts: [{ value: 'p', note: 'n', key: 'k' }] };
test('widget', projects, widgetSchemas, widget, {}, { id: 'w1', label: 'L', parts: [{ value: 'p' }] });
test('widget', projects, widgetSchemas, widget, { attributes: ['secret', 'audit'] }, { id: 'w1', audit: 'a' });
test('widget', projects, widgetSchemas, widget, { attributes: ['parts.note'] }, { id: 'w1', parts: [{ value: 'p', note: 'n' }] });
test('widget', projects, widgetSchemas, widget, { attributes: ['parts.key'] }, { id: 'w1', parts: [{ value: 'p' }] });
test('widget', projects, widgetSchemas, widget, { excludedAttributes: ['parts.value'] }, { id: 'w1', label: 'L', parts: [{ value: 'p' }] });

const selects = test.macro({
  exec(t, defs: ResourceSchemas, sel: AttributeSelection, name: string, expected: boolean) {
    t.is(selectsAttribute(defs, sel, name), expected);
  },
  title: (_provided, _defs, sel: AttributeSelection, name: string, expected: boolean) =>
    `selectsAttribute(${JSON.stringify(sel)}, ${name}) is ${expected}`,
});

test(selects, groupSchemas, {}, 'members', true);
test(selects, groupSchemas, { excludedAttributes: ['members'] }, 'members', false);
test(selects, groupSchemas, { excludedAttributes: ['MEMBERS'] }, 'members', false);
test(selects, groupSchemas, { excludedAttributes: ['members.display'] }, 'members', true);
test(selects, groupSchemas, { attributes: ['displayName'] }, 'members', false);
test(selects, groupSchemas, { attributes: ['members.value'] }, 'members', true);
test(selects, groupSchemas, { attributes: [`${GROUP_URN}:members`] }, 'members', true);
test(selects, groupSchemas, { attributes: ['displayName'] }, 'id', true);
test(selects, groupSchemas, { excludedAttributes: ['id'] }, 'id', true);
test(selects, userSchemas, { excludedAttributes: [ENT] }, `${ENT}:manager`, false);
test(selects, userSchemas, { attributes: [`${ENT}:manager.value`] }, 'manager', true);
test(selects, userSchemas, {}, 'nope', false);
