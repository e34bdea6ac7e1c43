// Discovery documents: /ServiceProviderConfig, /Schemas/{id}, /ResourceTypes/{id}
// (RFC 7643 §5–7). Built from the same tables the engine runs on. Values are never null:
// Entra's schema reader rejects nulls, so optional keys are left out instead.

import type { AttributeDef, ResourceTypeDef, SchemaDef } from '../schema/attribute-def.js';
import { RESOURCE_TYPE_URN, SCHEMA_URN, SERVICE_PROVIDER_CONFIG_URN } from '../scim/urns.js';

export interface ServiceProviderConfigOptions {
  /** Public SCIM base URL without a trailing slash, e.g. `https://id.example.com/scim`. */
  baseUrl: string;
  maxResults: number;
  maxPayloadBytes: number;
  documentationUri?: string;
}

export function serviceProviderConfig(opts: ServiceProviderConfigOptions) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_URN],
    ...(opts.documentationUri ? { documentationUri: opts.documentationUri } : {}),
    patch: { supported: true },
    // §5 makes maxOperations and maxPayloadSize required even when bulk is off.
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: opts.maxPayloadBytes },
    filter: { supported: true, maxResults: opts.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header (Authorization: Bearer <token>).',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${opts.baseUrl}/ServiceProviderConfig`,
    },
  };
}

export function schemaResource(def: SchemaDef, baseUrl: string) {
  return {
    schemas: [SCHEMA_URN],
    id: def.id,
    name: def.name,
    description: def.description,
    attributes: def.attributes.map(attributeResource),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${def.id}` },
  };
}

export function resourceTypeResource(def: ResourceTypeDef, baseUrl: string) {
  return {
    schemas: [RESOURCE_TYPE_URN],
    id: def.id,
    name: def.name,
    endpoint: def.endpoint,
    description: def.description,
    schema: def.schema,
    schemaExtensions: def.schemaExtensions.map(({ schema, required }) => ({ schema, required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${def.id}` },
  };
}

/** RFC 7643 §7 attribute representation; the key order follows the RFC's examples. */
export interface AttributeResource {
  name: string;
  type: AttributeDef['type'];
  multiValued: boolean;
  description: string;
  required: boolean;
  canonicalValues?: string[];
  caseExact: boolean;
  mutability: AttributeDef['mutability'];
  returned: AttributeDef['returned'];
  uniqueness: AttributeDef['uniqueness'];
  referenceTypes?: string[];
  subAttributes?: AttributeResource[];
}

function attributeResource(def: AttributeDef): AttributeResource {
  return {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    ...(def.canonicalValues ? { canonicalValues: [...def.canonicalValues] } : {}),
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
    ...(def.referenceTypes ? { referenceTypes: [...def.referenceTypes] } : {}),
    ...(def.subAttributes ? { subAttributes: def.subAttributes.map(attributeResource) } : {}),
  };
}
