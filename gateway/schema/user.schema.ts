// RFC 7643 §4.1 core User schema, as this gateway stores it. No `password`: we never hold one,
// and we advertise only what we do.

import type { SchemaDef } from './attribute-def.js';
import { USER_URN } from '../scim/urns.js';
import { attribute, complexAttribute, multiValuedAttribute } from './define-attribute.js';

const readOnly = { mutability: 'readOnly' } as const;

export const userSchema: SchemaDef = {
  id: USER_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'Unique identifier for the User, used by the user to authenticate.', {
      required: true,
      uniqueness: 'server',
    }),
    complexAttribute('name', "The components of the user's real name.", [
      attribute('formatted', "The full name, formatted for display (e.g. 'Ms. Barbara J Jensen, III')."),
      attribute('familyName', 'The family name of the User, or last name.'),
      attribute('givenName', 'The given name of the User, or first name.'),
      attribute('middleName', 'The middle name(s) of the User.'),
      attribute('honorificPrefix', "The honorific prefix(es) of the User (e.g. 'Ms.')."),
      attribute('honorificSuffix', "The honorific suffix(es) of the User (e.g. 'III')."),
    ]),
    attribute('displayName', 'The name of the User, suitable for display to end-users.'),
    attribute('nickName', 'The casual way to address the user in real life.'),
    attribute('profileUrl', "A fully qualified URL pointing to a page representing the User's online profile.", {
      type: 'reference',
      referenceTypes: ['external'],
    }),
    attribute('title', "The user's title, such as 'Vice President'."),
    attribute('userType', "Identifies the relationship between the organization and the user (e.g. 'Employee')."),
    attribute('preferredLanguage', "The User's preferred written or spoken language (RFC 7231 Accept-Language)."),
    attribute('locale', "The User's default location for localizing currency, dates and numbers (e.g. 'en-US')."),
    attribute('timezone', "The User's time zone in IANA Time Zone database format (e.g. 'America/Los_Angeles')."),
    attribute('active', "The User's administrative status.", { type: 'boolean' }),
    multiValuedAttribute('emails', 'Email addresses for the user.', { typeValues: ['work', 'home', 'other'] }),
    multiValuedAttribute('phoneNumbers', 'Phone numbers for the User.', {
      typeValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    }),
    multiValuedAttribute('ims', 'Instant messaging addresses for the User.', {
      typeValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    }),
    multiValuedAttribute('photos', 'URLs of photos of the User.', {
      value: { type: 'reference', referenceTypes: ['external'] },
      typeValues: ['photo', 'thumbnail'],
    }),
    complexAttribute('addresses', 'A physical mailing address for this User.', [
      attribute('formatted', 'The full mailing address, formatted for display or use with a mailing label.'),
      attribute('streetAddress', 'The full street address component.'),
      attribute('locality', 'The city or locality component.'),
      attribute('region', 'The state or region component.'),
      attribute('postalCode', 'The zip code or postal code component.'),
      attribute('country', 'The country name component (ISO 3166-1 alpha-2).'),
      attribute('type', "A label indicating the address's function.", { canonicalValues: ['work', 'home', 'other'] }),
      attribute('primary', 'Whether this is the preferred mailing address.', { type: 'boolean' }),
    ], { multiValued: true }),
    complexAttribute('groups', 'The groups the user belongs to, directly or through a nested group.', [
      attribute('value', "The identifier of the User's group.", { ...readOnly, caseExact: true }),
      attribute('$ref', "The URI of the corresponding 'Group' resource.", {
        ...readOnly,
        type: 'reference',
        referenceTypes: ['User', 'Group'],
      }),
      attribute('display', "A human-readable name, primarily used for display purposes.", readOnly),
      attribute('type', "Whether the membership is 'direct' or 'indirect' (through a nested group).", {
        ...readOnly,
        canonicalValues: ['direct', 'indirect'],
      }),
    ], { ...readOnly, multiValued: true }),
    multiValuedAttribute('entitlements', 'A list of entitlements for the User.'),
    multiValuedAttribute('roles', 'A list of roles for the User.'),
    multiValuedAttribute('x509Certificates', 'A list of certificates issued to the User.', {
      value: { type: 'binary' },
    }),
  ],
};
