// A SCIM Group body of POST or PUT (canonical names, see canonicalize.ts) → the graph's
// GroupInput. readOnly attributes (id, meta, members.display) are ignored as RFC 7643 §2.2 asks;
// `schemas` is not checked, so Microsoft's extra ADSCIM group URN passes; wrong types are 400
// invalidValue naming the attribute.

import { invalidValue } from '../scim/errors.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface GroupInput {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

export function scimGroupToInput(group: Json): GroupInput {
  const { displayName, externalId } = group;
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    throw invalidValue(`"displayName" is required: a non-empty string, unique in the workspace (Entra matches groups on it); got ${JSON.stringify(displayName) ?? 'nothing'}.`);
  }
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') {
    throw invalidValue(`"externalId" must be a string, got ${JSON.stringify(externalId)}.`);
  }
  return { displayName, externalId: externalId === '' ? null : (externalId ?? null), memberIds: memberIdsOf(group.members) };
}

/** `[{value: id, …}, …]`, null or absent (no members). A bare id string counts as {value}, as
 * in group PATCH (Microsoft's Postman suite sends those). Duplicates collapse. */
function memberIdsOf(members: unknown): string[] {
  if (members === undefined || members === null) return [];
  if (!Array.isArray(members)) {
    throw invalidValue(`"members" must be a list such as [{"value": "<user or group id>"}], got ${JSON.stringify(members)}.`);
  }
  const ids = members.map((member, i) => {
    const id = isObject(member) ? member.value : member;
    if (typeof id !== 'string' || id.trim() === '') {
      throw invalidValue(`members[${i}] must be {"value": "<user or group id>"} with a non-empty id, got ${JSON.stringify(member)}.`);
    }
    return id;
  });
  return [...new Set(ids)];
}
