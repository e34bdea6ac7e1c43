// RFC 7643 §3.1 common attributes. They belong to every resource but to no schema, so /Schemas
// does not list them; filters, PATCH and projection still need their characteristics.

import type { AttributeDef } from './attribute-def.js';
import { attribute, complexAttribute } from './define-attribute.js';

const readOnly = { mutability: 'readOnly' } as const;

export const commonAttributes: readonly AttributeDef[] = [
  // Not `required`: clients never send it (readOnly); the server always assigns it.
  attribute('id', 'A unique identifier for the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', "An identifier for the resource as defined by the provisioning client.", {
    caseExact: true,
  }),
  complexAttribute('meta', 'Resource metadata maintained by the service provider.', [
    attribute('resourceType', 'The name of the resource type of the resource.', { ...readOnly, caseExact: true }),
    attribute('created', 'When the resource was added to the service provider.', { ...readOnly, type: 'dateTime' }),
    attribute('lastModified', 'When the resource was last modified.', { ...readOnly, type: 'dateTime' }),
    attribute('location', 'The URI of the resource.', {
      ...readOnly,
      type: 'reference',
      referenceTypes: ['uri'],
      caseExact: true,
    }),
    attribute('version', 'The version (ETag) of the resource.', { ...readOnly, caseExact: true }),
  ], readOnly),
];
