// RFC 7643 §6 resource types served by the gateway.

import type { ResourceTypeDef } from './attribute-def.js';
import { ENTERPRISE_USER_URN, GROUP_URN, USER_URN } from '../scim/urns.js';

export const userResourceType: ResourceTypeDef = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_URN,
  schemaExtensions: [{ schema: ENTERPRISE_USER_URN, required: false }],
};

export const groupResourceType: ResourceTypeDef = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_URN,
  schemaExtensions: [],
};
