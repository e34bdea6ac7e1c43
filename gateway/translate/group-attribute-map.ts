// SCIM Group attribute paths → GroupWhere fields (graph/where.inputs.ts).

import { GROUP_URN } from '../scim/urns.js';
import { metaSubAttributes, type AttributeMap } from './attribute-map.js';

export const groupAttributeMap: AttributeMap = {
  schemas: {
    [GROUP_URN]: {
      id: { kind: 'simple', field: 'id', type: 'string' },
      externalId: { kind: 'simple', field: 'externalId', type: 'string' },
      displayName: { kind: 'simple', field: 'displayName', type: 'string' },
      meta: { kind: 'complex', subAttributes: metaSubAttributes },
      members: {
        kind: 'multi',
        field: 'members',
        bare: 'value',
        subAttributes: { value: { field: 'value', type: 'string' }, type: { field: 'type', type: 'string' }, display: null, $ref: null },
      },
      schemas: { kind: 'unfilterable' },
    },
  },
};
