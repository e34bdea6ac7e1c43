// /ServiceProviderConfig, /Schemas, /ResourceTypes (RFC 7643 §5–7): static descriptions of
// what this server does, so they answer with or without a token.

import { listResponse } from '../render/discovery-list.js';
import { resourceTypeResource, schemaResource, serviceProviderConfig } from '../render/discovery.js';
import { enterpriseUserSchema } from '../schema/enterprise-user.schema.js';
import { groupSchema } from '../schema/group.schema.js';
import { groupResourceType, userResourceType } from '../schema/resource-types.js';
import { userSchema } from '../schema/user.schema.js';
import { ScimError } from '../scim/errors.js';
import { route, type Route, type ScimContext } from './route.js';
import type { ScimRouteDeps } from './scim-gateway.js';

const schemas = [userSchema, enterpriseUserSchema, groupSchema];
const resourceTypes = [userResourceType, groupResourceType];

export function discoveryRoutes({ config }: ScimRouteDeps): Route[] {
  const spc = (ctx: ScimContext) => {
    ctx.body = serviceProviderConfig({ baseUrl: ctx.scim.baseUrl, maxResults: config.scim.maxPageSize, maxPayloadBytes: config.http.maxBodyBytes });
  };
  const one = <T extends { id: string }>(list: T[], what: string, render: (d: T, base: string) => object) => (ctx: ScimContext) => {
    const found = list.find((d) => d.id.toLowerCase() === ctx.params.id!.toLowerCase());
    if (!found) throw new ScimError(404, undefined, `No ${what} "${ctx.params.id}". Known: ${list.map((d) => d.id).join(', ')}.`);
    ctx.body = render(found, ctx.scim.baseUrl);
  };
  const all = <T>(list: T[], render: (d: T, base: string) => object) => (ctx: ScimContext) => {
    ctx.body = listResponse(list.map((d) => render(d, ctx.scim.baseUrl)));
  };
  return [
    route('/ServiceProviderConfig', { GET: spc }, { public: true }),
    // Microsoft's reference code and Postman collection use this older name.
    route('/serviceConfiguration', { GET: spc }, { public: true }),
    route('/Schemas', { GET: all(schemas, schemaResource) }, { public: true }),
    route('/Schemas/:id', { GET: one(schemas, 'schema', schemaResource) }, { public: true }),
    route('/ResourceTypes', { GET: all(resourceTypes, resourceTypeResource) }, { public: true }),
    route('/ResourceTypes/:id', { GET: one(resourceTypes, 'resource type', resourceTypeResource) }, { public: true }),
  ];
}
