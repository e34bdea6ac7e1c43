import test from 'ava';
import { findAttribute, groupSchemas, userSchemas, type AttributePath, type ResourceSchemas } from '../../../gateway/schema/find-attribute.js';
import { ENTERPRISE_USER_URN, GROUP_URN, USER_URN } from '../../../gateway/scim/urns.js';

const finds = test.macro({
  exec(t, defs: ResourceSchemas, path: AttributePath, expected: [string, string | undefined, string] | undefined) {
    const found = findAttribute(defs, path);
    t.deepEqual(found && [found.def.name, found.sub?.name, found.schemaUrn], expected);
  },
  title: (_provided, _defs, path: AttributePath) => `findAttribute(${JSON.stringify(path)})`,
});

test(finds, userSchemas, { attribute: 'USERNAME' }, ['userName', undefined, USER_URN]);
test(finds, userSchemas, { attribute: 'name', subAttribute: 'givenname' }, ['name', 'givenName', USER_URN]);
test(finds, userSchemas, { attribute: 'externalId' }, ['externalId', undefined, USER_URN]);
test(finds, userSchemas, { attribute: 'meta', subAttribute: 'LastModified' }, ['meta', 'lastModified', USER_URN]);
test(finds, userSchemas, { schema: USER_URN.toLowerCase(), attribute: 'id' }, ['id', undefined, USER_URN]);
test(finds, userSchemas, { schema: ENTERPRISE_USER_URN, attribute: 'manager', subAttribute: 'value' },
  ['manager', 'value', ENTERPRISE_USER_URN]);
test(finds, userSchemas, { attribute: 'Department' }, ['department', undefined, ENTERPRISE_USER_URN]);
test(finds, userSchemas, { schema: ENTERPRISE_USER_URN, attribute: 'userName' }, undefined);
test(finds, userSchemas, { schema: 'urn:example:unknown', attribute: 'userName' }, undefined);
test(finds, userSchemas, { attribute: 'password' }, undefined);
test(finds, userSchemas, { attribute: 'name', subAttribute: 'nope' }, undefined);
test(finds, userSchemas, { attribute: 'userName', subAttribute: 'value' }, undefined);
test(finds, groupSchemas, { schema: GROUP_URN, attribute: 'members', subAttribute: 'VALUE' }, ['members', 'value', GROUP_URN]);
test(finds, groupSchemas, { attribute: 'manager' }, undefined);
