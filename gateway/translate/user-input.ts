// A SCIM User (canonical names, see canonicalize.ts) → the graph's UserInput. Used by POST,
// PUT and, after the PATCH engine has produced the new resource, PATCH. readOnly attributes
// (id, meta, groups) are ignored, as RFC 7643 §2.2 asks; wrong types are 400 invalidValue.

import { ENTERPRISE_USER_URN } from '../scim/urns.js';
import { invalidValue } from '../scim/errors.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text attribute: "" and null are unassigned (RFC 7643 §2.5); anything but a string is an error. */
function text(value: unknown, where: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidValue(`"${where}" must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

/** Entra's default job sends booleans as "True"/"False". */
export function bool(value: unknown, where: string): boolean | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`"${where}" must be a boolean (true or false), got ${JSON.stringify(value)}.`);
}

const entryFields = { value: text, display: text, type: text, primary: bool } as const;
const addressFields = {
  formatted: text, streetAddress: text, locality: text, region: text, postalCode: text, country: text,
  type: text, primary: bool,
} as const;

function entries(value: unknown, where: string, fields: Record<string, (v: unknown, w: string) => unknown>): Json[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry, i) => {
    if (!isObject(entry)) throw invalidValue(`"${where}[${i}]" must be an object such as {"value": "…", "type": "work"}, got ${JSON.stringify(entry)}.`);
    const out: Json = {};
    for (const [k, conv] of Object.entries(fields)) {
      const v = conv(entry[k], `${where}[${i}].${k}`);
      if (v !== null) out[k] = v;
    }
    return Object.keys(out).length ? [out] : [];
  });
}

function managerId(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (isObject(value)) return text(value.value, 'manager.value');
  throw invalidValue(`"manager" must be a user id or {"value": "<user id>"}, got ${JSON.stringify(value)}.`);
}

const plainText = ['displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'] as const;
const multiValued = ['emails', 'phoneNumbers', 'ims', 'photos', 'roles', 'entitlements', 'x509Certificates'] as const;
const nameParts = ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'] as const;
const enterpriseText = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const;

export function scimUserToInput(user: Json): Json {
  const userName = text(user.userName, 'userName');
  if (userName === null || userName.trim() === '') {
    throw invalidValue('"userName" is required: a non-empty string, unique in the workspace (Entra maps mail → userName).');
  }
  const input: Json = { userName, externalId: text(user.externalId, 'externalId'), active: bool(user.active, 'active') ?? true };
  for (const f of plainText) input[f] = text(user[f], f);
  if (user.name !== undefined && user.name !== null && !isObject(user.name)) {
    throw invalidValue(`"name" must be an object such as {"givenName": "…", "familyName": "…"}.`);
  }
  const name = (user.name ?? {}) as Json;
  input.name = Object.fromEntries(nameParts.map((p) => [p, text(name[p], `name.${p}`)]));
  for (const f of multiValued) input[f] = entries(user[f], f, entryFields);
  input.addresses = entries(user.addresses, 'addresses', addressFields);
  const ext = user[ENTERPRISE_USER_URN];
  if (ext !== undefined && ext !== null && !isObject(ext)) throw invalidValue(`"${ENTERPRISE_USER_URN}" must be an object.`);
  const e = (ext ?? {}) as Json;
  for (const f of enterpriseText) input[f] = text(e[f], `${ENTERPRISE_USER_URN}:${f}`);
  input.managerId = managerId(e.manager);
  return input;
}
