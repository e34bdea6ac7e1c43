// A graph Group → a SCIM Group resource (RFC 7643 §4.2), whole or as a stream of JSON text.
// Members are never held all at once when they are streamed: the resource head is rendered
// first, then each page of members as it arrives from the database.

import type { AttributeSelection } from './project.js';
import { project } from './project.js';
import { groupSchemas } from '../schema/find-attribute.js';
import { etagOf } from '../scim/etag.js';
import { GROUP_URN } from '../scim/urns.js';

type Json = Record<string, unknown>;

export interface GraphGroup {
  id: string;
  displayName: string;
  externalId?: string | null;
  created: string;
  lastModified: string;
  version: number;
}

export interface GraphMember {
  value: string;
  type: 'User' | 'Group';
  display?: string | null;
}

/** `{value, $ref, display, type}`: `$ref` points at the member's own endpoint. */
export function toScimMember(m: GraphMember, baseUrl: string): Json {
  return {
    value: m.value,
    $ref: `${baseUrl}/${m.type === 'Group' ? 'Groups' : 'Users'}/${m.value}`,
    ...(m.display != null ? { display: m.display } : {}),
    type: m.type,
  };
}

/** The resource; `members` only when given (a caller that does not show them never reads them). */
export function toScimGroup(g: GraphGroup, baseUrl: string, members?: readonly GraphMember[]): Json {
  const out: Json = { schemas: [GROUP_URN], id: g.id };
  if (g.externalId) out.externalId = g.externalId;
  out.displayName = g.displayName;
  if (members) out.members = members.map((m) => toScimMember(m, baseUrl));
  out.meta = {
    resourceType: 'Group', created: g.created, lastModified: g.lastModified,
    location: `${baseUrl}/Groups/${g.id}`, version: etagOf(g.version),
  };
  return out;
}

/** One page of members, rendered and projected (`attributes=members.value` keeps only value). */
export function projectMembers(members: readonly GraphMember[], baseUrl: string, sel: AttributeSelection): Json[] {
  const projected = project({ members: members.map((m) => toScimMember(m, baseUrl)) }, groupSchemas, sel).members;
  return (projected as Json[] | undefined) ?? [];
}

/**
 * The group as JSON text chunks: the projected resource without members, then `"members":[`,
 * each page as it is produced, `]}`. Memory is one page, whatever the group's size.
 * `pages` yields members already projected (projectMembers).
 */
export async function* groupJsonChunks(head: Json, pages: AsyncIterable<readonly Json[]>): AsyncGenerator<string> {
  const { members: _omitted, ...rest } = head;
  const open = JSON.stringify(rest);
  // `schemas` and `id` are always returned, so the object is never empty.
  yield `${open.slice(0, -1)},"members":[`;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    const text = page.map((m) => JSON.stringify(m)).join(',');
    yield first ? text : `,${text}`;
    first = false;
  }
  yield ']}';
}
