// A graph User → a SCIM User resource (RFC 7643 §4.1, §4.3). The only place that builds one.

import { etagOf } from '../scim/etag.js';
import { ENTERPRISE_USER_URN, USER_URN } from '../scim/urns.js';

type Json = Record<string, unknown>;

export interface GraphUser {
  id: string; userName: string; externalId?: string | null; active: boolean;
  name: Record<string, string | null>;
  manager?: { id: string; userName: string; displayName?: string | null } | null;
  groups?: { id: string; displayName: string; direct: boolean }[];
  created: string; lastModified: string; version: number;
  [field: string]: unknown;
}

const plainText = ['displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'] as const;
const multiValued = ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509Certificates'] as const;
const enterpriseText = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const;

/** Only assigned values: null and empty lists are left out (Entra rejects nulls). */
const definedOnly = (o: Record<string, unknown>): Json =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export function toScimUser(u: GraphUser, baseUrl: string): Json {
  const out: Json = { schemas: [USER_URN], id: u.id };
  if (u.externalId) out.externalId = u.externalId;
  out.userName = u.userName;
  const name = definedOnly(u.name);
  if (Object.keys(name).length) out.name = name;
  for (const f of plainText) if (u[f] != null) out[f] = u[f];
  out.active = u.active;
  for (const f of multiValued) {
    const list = (u[f] as Json[] | undefined) ?? [];
    if (list.length) out[f] = list.map(definedOnly);
  }
  if (u.groups?.length) {
    out.groups = u.groups.map((g) => ({
      value: g.id, $ref: `${baseUrl}/Groups/${g.id}`, display: g.displayName, type: g.direct ? 'direct' : 'indirect',
    }));
  }
  const ext: Json = {};
  for (const f of enterpriseText) if (u[f] != null) ext[f] = u[f];
  if (u.manager) {
    ext.manager = { value: u.manager.id, $ref: `${baseUrl}/Users/${u.manager.id}`, displayName: u.manager.displayName ?? u.manager.userName };
  }
  if (Object.keys(ext).length) {
    out.schemas = [USER_URN, ENTERPRISE_USER_URN];
    out[ENTERPRISE_USER_URN] = ext;
  }
  out.meta = {
    resourceType: 'User', created: u.created, lastModified: u.lastModified,
    location: `${baseUrl}/Users/${u.id}`, version: etagOf(u.version),
  };
  return out;
}
