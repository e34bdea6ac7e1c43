// RFC 7643 §4.3 Enterprise User extension.

import type { SchemaDef } from './attribute-def.js';
import { ENTERPRISE_USER_URN } from '../scim/urns.js';
import { attribute, complexAttribute } from './define-attribute.js';

export const enterpriseUserSchema: SchemaDef = {
  id: ENTERPRISE_USER_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person by the organization.'),
    attribute('costCenter', 'Identifies the name of a cost center.'),
    attribute('organization', 'Identifies the name of an organization.'),
    attribute('division', 'Identifies the name of a division.'),
    attribute('department', 'Identifies the name of a department.'),
    complexAttribute('manager', "The User's manager.", [
      // An id, compared exactly like `id` itself (RFC 7643 §8.7.1 leaves it caseExact false).
      attribute('value', "The id of the SCIM resource representing the User's manager.", { caseExact: true }),
      attribute('$ref', "The URI of the SCIM resource representing the User's manager.", {
        type: 'reference',
        referenceTypes: ['User'],
      }),
      attribute('displayName', "The displayName of the User's manager.", { mutability: 'readOnly' }),
    ]),
  ],
};
