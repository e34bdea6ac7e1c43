// RFC 7643 §4.2 core Group schema.

import type { SchemaDef } from './attribute-def.js';
import { GROUP_URN } from '../scim/urns.js';
import { attribute, complexAttribute } from './define-attribute.js';

export const groupSchema: SchemaDef = {
  id: GROUP_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    // RFC 7643 §8.7.1 lists it as optional, but §4.2 requires it and Entra matches groups on it.
    attribute('displayName', 'A human-readable name for the Group.', { required: true, uniqueness: 'server' }),
    complexAttribute('members', 'A list of members of the Group.', [
      attribute('value', 'Identifier of the member of this Group.', { mutability: 'immutable', caseExact: true }),
      attribute('$ref', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
        mutability: 'immutable',
        type: 'reference',
        referenceTypes: ['User', 'Group'],
      }),
      attribute('display', 'A human-readable name for the member.', { mutability: 'readOnly' }),
      attribute('type', 'The type of the member.', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
    ], { multiValued: true }),
  ],
};
