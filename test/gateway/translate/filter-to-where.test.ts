import test from 'ava';
import { parseFilter } from '../../../gateway/filter/parse-filter.js';
import { groupFilterToWhere, userFilterToWhere } from '../../../gateway/translate/filter-to-where.js';
import { ScimError } from '../../../gateway/scim/errors.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const id = '2819c223-7f76-453a-919d-413861904646';

const users = test.macro({
  exec(t, filter: string, expected: object) {
    t.deepEqual(userFilterToWhere(parseFilter(filter)), expected);
  },
  title: (_provided, filter: string) => `User: ${filter}`,
});
const groups = test.macro({
  exec(t, filter: string, expected: object) {
    t.deepEqual(groupFilterToWhere(parseFilter(filter)), expected);
  },
  title: (_provided, filter: string) => `Group: ${filter}`,
});

// Entra's matching queries (docs/entra-protocol.md §2.2, §3.2).
test(users, 'userName eq "Test_User@contoso.com"', { userName: { eq: 'Test_User@contoso.com' } });
test(users, `externalId eq "${id}"`, { externalId: { eq: id } });
test(users, 'emails[type eq "work"].value eq "a@contoso.com"', { emails: { and: [{ type: { eq: 'work' } }, { value: { eq: 'a@contoso.com' } }] } });
test(users, `id eq "u1" and manager eq "${id}"`, { and: [{ id: { eq: 'u1' } }, { managerId: { eq: id } }] });
test(groups, 'displayName eq "Sales"', { displayName: { eq: 'Sales' } });
test(groups, `externalId eq "${id}"`, { externalId: { eq: id } });
test(groups, `members[value eq "${id}"]`, { members: { value: { eq: id } } });

// Names: case-insensitive, optional URN, sub-attributes mapped to flat fields.
test(users, 'USERNAME Eq "x"', { userName: { eq: 'x' } });
test(users, `${CORE}:userName sw "J"`, { userName: { sw: 'J' } });
test(users, `${CORE.toUpperCase()}:userName eq "x"`, { userName: { eq: 'x' } });
test(users, `name.familyName co "O'Malley"`, { familyName: { co: "O'Malley" } });
test(users, 'name.givenName eq "Barbara"', { givenName: { eq: 'Barbara' } });
test(users, `${CORE}:name.givenName eq "Barbara"`, { givenName: { eq: 'Barbara' } });
test(users, 'name.formatted ew "Jensen"', { formattedName: { ew: 'Jensen' } });
test(users, 'name.middleName pr', { middleName: { pr: true } });
test(users, 'name.honorificPrefix eq "Ms."', { honorificPrefix: { eq: 'Ms.' } });
test(users, 'name.honorificSuffix eq "III"', { honorificSuffix: { eq: 'III' } });
test(users, 'name[givenName eq "a" or familyName eq "b"]', { or: [{ givenName: { eq: 'a' } }, { familyName: { eq: 'b' } }] });
test(users, 'title pr', { title: { pr: true } });
test(users, `${ENTERPRISE}:department eq "Sales"`, { department: { eq: 'Sales' } });
test(users, 'department eq "Sales"', { department: { eq: 'Sales' } });
test(users, `${ENTERPRISE}:employeeNumber eq "701984"`, { employeeNumber: { eq: '701984' } });
test(users, `${ENTERPRISE}:manager eq "${id}"`, { managerId: { eq: id } });
test(users, `${ENTERPRISE}:manager.value eq "${id}"`, { managerId: { eq: id } });
test(users, 'manager pr', { managerId: { pr: true } });
test(users, `manager[value eq "${id}"]`, { managerId: { eq: id } });

// Dates: normalised to one UTC spelling.
test(users, 'meta.lastModified gt "2011-05-13T04:42:34Z"', { lastModified: { gt: '2011-05-13T04:42:34.000Z' } });
test(users, 'meta.created le "2011-05-13T06:42:34+02:00"', { created: { le: '2011-05-13T04:42:34.000Z' } });
test(users, 'meta.created ge "2011-05-13"', { created: { ge: '2011-05-13T00:00:00.000Z' } });
test(users, 'meta.created lt "2011-05-13T04:42:34"', { created: { lt: '2011-05-13T04:42:34.000Z' } });
test(groups, 'meta.lastModified ge "2024-01-01T00:00:00.5Z"', { lastModified: { ge: '2024-01-01T00:00:00.500Z' } });

// Booleans, including Entra's strings.
test(users, 'active eq true', { active: { eq: true } });
test(users, 'active ne false', { active: { ne: false } });
test(users, 'active eq "True"', { active: { eq: true } });
test(users, 'active eq "false"', { active: { eq: false } });
test(users, 'active pr', { active: { pr: true } });
test(users, 'roles[primary eq "True"]', { roles: { primary: { eq: true } } });

// null.
test(users, 'title eq null', { title: { pr: false } });
test(users, 'title ne null', { title: { pr: true } });
test(users, 'emails eq null', { not: { emails: {} } });
test(users, 'emails ne null', { emails: {} });
test(users, 'emails.value eq null', { not: { emails: { value: { pr: true } } } });
test(users, 'emails[value eq null]', { emails: { value: { pr: false } } });

// Multi-valued attributes.
test(users, 'emails.value eq "a@x.org"', { emails: { value: { eq: 'a@x.org' } } });
test(users, 'emails eq "a@x.org"', { emails: { value: { eq: 'a@x.org' } } });
test(users, 'Emails.Value co "@x.org"', { emails: { value: { co: '@x.org' } } });
test(users, 'emails pr', { emails: {} });
test(users, 'emails.value pr', { emails: { value: { pr: true } } });
test(users, 'emails[type eq "work" and value co "x"]', { emails: { and: [{ type: { eq: 'work' } }, { value: { co: 'x' } }] } });
test(users, 'emails[not (type eq "work")]', { emails: { not: { type: { eq: 'work' } } } });
test(users, 'emails[type eq "work" or primary eq true]', { emails: { or: [{ type: { eq: 'work' } }, { primary: { eq: true } }] } });
test(users, 'phoneNumbers[type eq "mobile"].value eq "+1 555"', { phoneNumbers: { and: [{ type: { eq: 'mobile' } }, { value: { eq: '+1 555' } }] } });
test(users, 'ims.display sw "bj"', { ims: { display: { sw: 'bj' } } });
test(users, 'photos.type eq "thumbnail"', { photos: { type: { eq: 'thumbnail' } } });
test(users, 'entitlements eq "admin"', { entitlements: { value: { eq: 'admin' } } });
test(users, 'addresses.formatted co "Main St"', { addresses: { value: { co: 'Main St' } } });
test(users, 'addresses[type eq "work"]', { addresses: { type: { eq: 'work' } } });
test(users, 'addresses pr', { addresses: {} });
test(users, `groups eq "${id}"`, { groups: { value: { eq: id } } });
test(users, 'groups.display eq "Sales"', { groups: { display: { eq: 'Sales' } } });
test(groups, `members.value eq "${id}"`, { members: { value: { eq: id } } });
test(groups, `members eq "${id}"`, { members: { value: { eq: id } } });
test(groups, 'members pr', { members: {} });
test(groups, 'not (members pr)', { not: { members: {} } });
test(groups, `members[value eq "${id}" and type eq "User"]`, { members: { value: { eq: id }, type: { eq: 'User' } } });
test(groups, 'members[value eq "a" or value eq "b"]', { or: [{ members: { value: { eq: 'a' } } }, { members: { value: { eq: 'b' } } }] });
test(groups, 'members[(value eq "a" or value eq "b") and type eq "Group"]', {
  or: [{ members: { value: { eq: 'a' }, type: { eq: 'Group' } } }, { members: { value: { eq: 'b' }, type: { eq: 'Group' } } }],
});
test(groups, 'members[value sw "a" and value ew "z"]', { members: { value: { sw: 'a', ew: 'z' } } });
test(groups, `${GROUP}:displayName eq "Sales"`, { displayName: { eq: 'Sales' } });

// Logic: same-kind nesting flattened, or/and kept apart.
test(users, 'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', {
  and: [{ userType: { eq: 'Employee' } }, { or: [{ emails: { value: { co: 'example.com' } } }, { emails: { value: { co: 'example.org' } } }] }],
});
test(users, 'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', {
  and: [{ userType: { ne: 'Employee' } }, { not: { or: [{ emails: { value: { co: 'example.com' } } }, { emails: { value: { co: 'example.org' } } }] } }],
});
test(users, 'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', {
  or: [
    { emails: { and: [{ type: { eq: 'work' } }, { value: { co: '@example.com' } }] } },
    { ims: { and: [{ type: { eq: 'xmpp' } }, { value: { co: '@foo.com' } }] } },
  ],
});
test(users, 'title pr and userType eq "Employee" and (nickName pr and locale pr)', {
  and: [{ title: { pr: true } }, { userType: { eq: 'Employee' } }, { nickName: { pr: true } }, { locale: { pr: true } }],
});
test(users, 'title eq "1" or title pr', { or: [{ title: { eq: '1' } }, { title: { pr: true } }] });
test(users, 'title pr or (nickName pr and locale pr)', { or: [{ title: { pr: true } }, { and: [{ nickName: { pr: true } }, { locale: { pr: true } }] }] });
test(users, 'not (not (title pr))', { not: { not: { title: { pr: true } } } });

const rejects = (compile: typeof userFilterToWhere | typeof groupFilterToWhere, label: string) =>
  test.macro({
    exec(t, filter: string, detail: string) {
      const error = t.throws(() => compile(parseFilter(filter)), { instanceOf: ScimError });
      t.is(error?.scimType, 'invalidFilter');
      t.is(error?.message, detail);
    },
    title: (_provided, filter: string) => `${label} rejects: ${filter}`,
  });
const userRejects = rejects(userFilterToWhere, 'User');
const groupRejects = rejects(groupFilterToWhere, 'Group');

test(userRejects, 'foo eq "x"', 'Unknown attribute "foo" in filter');
test(userRejects, 'userName.foo eq "x"', 'Unknown attribute "userName.foo" in filter');
test(userRejects, 'name.foo eq "x"', 'Unknown attribute "name.foo" in filter');
test(userRejects, 'emails[foo eq "x"]', 'Unknown attribute "emails.foo" in filter');
test(userRejects, 'emails.foo eq "x"', 'Unknown attribute "emails.foo" in filter');
test(userRejects, `${CORE}:department eq "x"`, `Unknown attribute "${CORE}:department" in filter`);
test(userRejects, 'urn:example:custom:employeeBadge eq "x"', 'Unknown schema "urn:example:custom" in filter attribute "urn:example:custom:employeeBadge"');
test(userRejects, 'members eq "x"', 'Unknown attribute "members" in filter');
test(userRejects, 'password eq "secret"', 'Attribute "password" cannot be used in a filter');
test(userRejects, `schemas eq "${ENTERPRISE}"`, 'Attribute "schemas" cannot be used in a filter');
test(userRejects, 'meta.location eq "x"', 'Attribute "meta.location" cannot be used in a filter');
test(userRejects, 'addresses.locality eq "Paris"', 'Attribute "addresses.locality" cannot be used in a filter');
test(userRejects, 'addresses[locality eq "Paris"]', 'Attribute "addresses.locality" cannot be used in a filter');
test(userRejects, 'manager.displayName eq "x"', 'Attribute "manager.displayName" cannot be used in a filter');
test(userRejects, 'name eq "x"', 'Attribute "name" has no value of its own: filter on one of its sub-attributes (name.formatted, name.familyName, name.givenName, name.middleName, name.honorificPrefix, name.honorificSuffix)');
test(userRejects, 'name pr', 'Attribute "name" has no value of its own: filter on one of its sub-attributes (name.formatted, name.familyName, name.givenName, name.middleName, name.honorificPrefix, name.honorificSuffix)');
test(userRejects, 'addresses eq "x"', 'Attribute "addresses" has no value of its own: filter on one of its sub-attributes (addresses.formatted, addresses.type, addresses.primary)');
test(userRejects, 'userName[value eq "x"]', 'Attribute "userName" has no sub-attributes, so "userName[…]" cannot be used in a filter');
test(userRejects, 'userName eq 42', 'Attribute "userName" is text: compare it with a "quoted string", not 42');
test(userRejects, 'userName eq true', 'Attribute "userName" is text: compare it with a "quoted string", not true');
test(userRejects, 'emails[type eq 1]', 'Attribute "emails.type" is text: compare it with a "quoted string", not 1');
test(userRejects, 'userName gt null', 'Attribute "userName" can only be compared with null using eq or ne, not "gt"');
test(userRejects, 'active co "t"', 'Attribute "active" is a boolean: use eq, ne or pr, not "co"');
test(userRejects, 'active gt false', 'Attribute "active" is a boolean: use eq, ne or pr, not "gt"');
test(userRejects, 'active eq "yes"', 'Attribute "active" is a boolean: compare it with true or false, not "yes"');
test(userRejects, 'active eq 1', 'Attribute "active" is a boolean: compare it with true or false, not 1');
test(userRejects, 'emails[primary eq "1"]', 'Attribute "emails.primary" is a boolean: compare it with true or false, not "1"');
test(userRejects, 'meta.created co "2011"', 'Attribute "meta.created" is a dateTime: use eq, ne, gt, ge, lt, le or pr, not "co"');
test(userRejects, 'meta.created sw "2011"', 'Attribute "meta.created" is a dateTime: use eq, ne, gt, ge, lt, le or pr, not "sw"');
test(userRejects, 'meta.lastModified gt "yesterday"', 'Attribute "meta.lastModified" is a dateTime: compare it with an ISO 8601 date such as "2011-05-13T04:42:34Z", not "yesterday"');
test(userRejects, 'meta.lastModified gt "2011-13-45T00:00:00Z"', 'Attribute "meta.lastModified" is a dateTime: compare it with an ISO 8601 date such as "2011-05-13T04:42:34Z", not "2011-13-45T00:00:00Z"');
test(userRejects, 'meta.lastModified gt 1305261754', 'Attribute "meta.lastModified" is a dateTime: compare it with an ISO 8601 date such as "2011-05-13T04:42:34Z", not 1305261754');
test(groupRejects, 'userName eq "x"', 'Unknown attribute "userName" in filter');
test(groupRejects, `${CORE}:displayName eq "x"`, `Unknown schema "${CORE}" in filter attribute "${CORE}:displayName"`);
test(groupRejects, 'members.display eq "Babs"', 'Attribute "members.display" cannot be used in a filter');
test(groupRejects, 'members[not (value eq "a")]', '"not" inside members[…] is not supported; to find groups without such a member write not (members[…])');
test(groupRejects, 'members[value eq "a" and value eq "b"]', 'members[…] compares "value" with "eq" twice for one member; to find a group with two such members write members[…] and members[…]');
test(groupRejects,
  // Seven two-way choices with distinct operators: 128 conjunctions, none contradictory.
  `members[${['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge'].map((op) => `(value ${op} "a" or type ${op} "b")`).join(' and ')}]`,
  'The members[…] filter is too complex: it expands to more than 64 alternatives');
