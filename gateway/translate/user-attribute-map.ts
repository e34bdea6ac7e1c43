// SCIM User attribute paths → UserWhere fields (graph/where.inputs.ts): the one place that
// says which User attributes can be filtered and sorted on.

import { ENTERPRISE_USER_URN, USER_URN } from '../scim/urns.js';
import { metaSubAttributes, type AttributeEntry, type AttributeMap, type Leaf } from './attribute-map.js';

const string = (field: string): Leaf => ({ field, type: 'string' });
const simple = (field: string, type: Leaf['type'] = 'string'): AttributeEntry => ({ kind: 'simple', field, type });

/** RFC 7643 §4.1.2 multi-valued attributes sharing value/display/type/primary. */
const multi = (field: string): AttributeEntry => ({
  kind: 'multi',
  field,
  bare: 'value',
  subAttributes: { value: string('value'), display: string('display'), type: string('type'), primary: { field: 'primary', type: 'boolean' } },
});

const unfilterable: AttributeEntry = { kind: 'unfilterable' };

export const userAttributeMap: AttributeMap = {
  schemas: {
    [USER_URN]: {
      id: simple('id'),
      externalId: simple('externalId'),
      userName: simple('userName'),
      displayName: simple('displayName'),
      nickName: simple('nickName'),
      profileUrl: simple('profileUrl'),
      title: simple('title'),
      userType: simple('userType'),
      preferredLanguage: simple('preferredLanguage'),
      locale: simple('locale'),
      timezone: simple('timezone'),
      active: simple('active', 'boolean'),
      name: {
        kind: 'complex',
        subAttributes: {
          formatted: string('formattedName'),
          familyName: string('familyName'),
          givenName: string('givenName'),
          middleName: string('middleName'),
          honorificPrefix: string('honorificPrefix'),
          honorificSuffix: string('honorificSuffix'),
        },
      },
      meta: { kind: 'complex', subAttributes: metaSubAttributes },
      emails: multi('emails'),
      phoneNumbers: multi('phoneNumbers'),
      ims: multi('ims'),
      photos: multi('photos'),
      roles: multi('roles'),
      entitlements: multi('entitlements'),
      // The graph keeps an address's `formatted` text as its value; the parts are not searchable.
      addresses: {
        kind: 'multi',
        field: 'addresses',
        subAttributes: {
          formatted: string('value'),
          type: string('type'),
          primary: { field: 'primary', type: 'boolean' },
          streetAddress: null,
          locality: null,
          region: null,
          postalCode: null,
          country: null,
        },
      },
      groups: {
        kind: 'multi',
        field: 'groups',
        bare: 'value',
        subAttributes: { value: string('value'), display: string('display'), type: string('type'), $ref: null },
      },
      password: unfilterable,
      x509Certificates: unfilterable,
      schemas: unfilterable,
    },
    [ENTERPRISE_USER_URN]: {
      employeeNumber: simple('employeeNumber'),
      costCenter: simple('costCenter'),
      organization: simple('organization'),
      division: simple('division'),
      department: simple('department'),
      manager: { kind: 'complex', bare: 'value', subAttributes: { value: string('managerId'), displayName: null, $ref: null } },
    },
  },
};
