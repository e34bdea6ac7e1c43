import test from 'ava';
import {
  resourceTypeResource,
  schemaResource,
  serviceProviderConfig,
  type AttributeResource,
} from '../../../gateway/render/discovery.js';
import { enterpriseUserSchema } from '../../../gateway/schema/enterprise-user.schema.js';
import { groupSchema } from '../../../gateway/schema/group.schema.js';
import { groupResourceType, userResourceType } from '../../../gateway/schema/resource-types.js';
import { userSchema } from '../../../gateway/schema/user.schema.js';
import {
  ENTERPRISE_USER_URN,
  RESOURCE_TYPE_URN,
  SCHEMA_URN,
  SERVICE_PROVIDER_CONFIG_URN,
  USER_URN,
} from '../../../gateway/scim/urns.js';

const baseUrl = 'https://id.example.com/scim';

test('serviceProviderConfig() has every RFC 7643 §5 key and tells the truth', (t) => {
  const config = serviceProviderConfig({ baseUrl, maxResults: 200, maxPayloadBytes: 1_048_576 });
  t.deepEqual(config.schemas, [SERVICE_PROVIDER_CONFIG_URN]);
  t.deepEqual(config.patch, { supported: true });
  t.deepEqual(config.bulk, { supported: false, maxOperations: 0, maxPayloadSize: 1_048_576 });
  t.deepEqual(config.filter, { supported: true, maxResults: 200 });
  t.deepEqual(config.changePassword, { supported: false });
  t.deepEqual(config.sort, { supported: true });
  t.deepEqual(config.etag, { supported: true });
  t.is(config.authenticationSchemes.length, 1);
  t.like(config.authenticationSchemes[0], { type: 'oauthbearertoken', primary: true });
  t.truthy(config.authenticationSchemes[0]?.name);
  t.truthy(config.authenticationSchemes[0]?.description);
  t.deepEqual(config.meta, { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` });
  t.false('documentationUri' in config);
  t.false('id' in config);
});

test('serviceProviderConfig() passes documentationUri through', (t) => {
  const config = serviceProviderConfig({ baseUrl, maxResults: 1, maxPayloadBytes: 1, documentationUri: 'https://docs.example.com/scim' });
  t.is(config.documentationUri, 'https://docs.example.com/scim');
});

test('resourceTypeResource(userResourceType)', (t) => {
  t.deepEqual(resourceTypeResource(userResourceType, baseUrl), {
    schemas: [RESOURCE_TYPE_URN],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: USER_URN,
    schemaExtensions: [{ schema: ENTERPRISE_USER_URN, required: false }],
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
  });
});

test('resourceTypeResource(groupResourceType)', (t) => {
  const resource = resourceTypeResource(groupResourceType, baseUrl);
  t.like(resource, { id: 'Group', endpoint: '/Groups', meta: { location: `${baseUrl}/ResourceTypes/Group` } });
  t.deepEqual(resource.schemaExtensions, []);
});

const characteristics = [
  'name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness',
] as const;

function flatten(attributes: readonly AttributeResource[], prefix = ''): [string, AttributeResource][] {
  return attributes.flatMap((attribute) => [
    [`${prefix}${attribute.name}`, attribute] as [string, AttributeResource],
    ...flatten(attribute.subAttributes ?? [], `${prefix}${attribute.name}.`),
  ]);
}

for (const def of [userSchema, enterpriseUserSchema, groupSchema]) {
  test(`schemaResource(${def.name})`, (t) => {
    const resource = schemaResource(def, baseUrl);
    t.deepEqual(resource.schemas, [SCHEMA_URN]);
    t.like(resource, { id: def.id, name: def.name, description: def.description });
    t.deepEqual(resource.meta, { resourceType: 'Schema', location: `${baseUrl}/Schemas/${def.id}` });
    t.true(JSON.stringify(resource).indexOf('null') < 0, 'no null values');
    for (const [path, attribute] of flatten(resource.attributes)) {
      for (const key of characteristics) t.not(attribute[key], undefined, `${path} lacks ${key}`);
      t.is(attribute.type === 'complex', attribute.subAttributes !== undefined, `${path}: subAttributes iff complex`);
      if (attribute.type === 'reference') t.true((attribute.referenceTypes ?? []).length > 0, `${path} lacks referenceTypes`);
    }
  });
}

test('schemaResource(User) advertises no password and keeps canonical values', (t) => {
  const paths = new Map(flatten(schemaResource(userSchema, baseUrl).attributes));
  t.false(paths.has('password'));
  t.deepEqual(paths.get('phoneNumbers.type')?.canonicalValues, ['work', 'home', 'mobile', 'fax', 'pager', 'other']);
  t.like(paths.get('userName'), { required: true, uniqueness: 'server', caseExact: false });
  t.like(paths.get('groups'), { mutability: 'readOnly', multiValued: true });
  t.like(paths.get('addresses.primary'), { type: 'boolean' });
});
