// SCIM PATCH on a Group (RFC 7644 §3.5.2) → a change the database applies without reading the
// member list: renames plus member deltas in request order, applied in one transaction.

import type { FilterNode } from '../filter/ast.js';
import { parsePath } from '../filter/parse-path.js';
import { findAttribute, groupSchemas } from '../schema/find-attribute.js';
import { invalidPath, invalidValue, mutability } from '../scim/errors.js';
import { isCleared } from './coerce-value.js';
import { getMember, isRecord, type JsonRecord } from './json-record.js';
import { inOperation, readPatchRequest, type PatchOpName } from './patch-request.js';

export type MemberOp =
  | { op: 'add'; ids: string[] }
  | { op: 'remove'; ids: string[] }
  | { op: 'set'; ids: string[] }
  | { op: 'clear' };

export interface GroupChange {
  displayName?: string;
  /** null clears it. */
  externalId?: string | null;
  memberOps: MemberOp[];
}

/** `groupId` lets a no-path value carry the group's own id, as Okta's rename does
 * (`{"op":"replace","value":{"id":"…","displayName":"…"}}`); another id is a mutability error. */
export function translateGroupPatch(body: unknown, groupId?: string): GroupChange {
  const change: GroupChange = { memberOps: [] };
  for (const operation of readPatchRequest(body)) {
    inOperation(operation, () => {
      if (operation.path !== undefined) return applyPath(change, operation.op, operation.path, operation.value);
      for (const [key, value] of Object.entries(operation.value as JsonRecord)) {
        // Clients echo `schemas` (Entra adds Microsoft's own group URN); it is no attribute.
        if (key.toLowerCase() === 'schemas') continue;
        if (key.toLowerCase() === 'id' && (groupId === undefined || value === groupId)) continue;
        applyPath(change, operation.op, key, value);
      }
    });
  }
  return change;
}

function applyPath(change: GroupChange, op: PatchOpName, path: string, value: unknown): void {
  const parsed = parsePath(path);
  const { schema, attribute } = parsed.path;
  const found = findAttribute(groupSchemas, { ...(schema === undefined ? {} : { schema }), attribute });
  if (!found) throw invalidPath(`"${path}" names no attribute of a Group (unknown attribute "${attribute}").`);
  const { def } = found;
  const subName = parsed.subAttribute ?? parsed.path.subAttribute;
  if (def.mutability === 'readOnly') throw mutability(`"${def.name}" is readOnly: it is set by the server and cannot be changed.`);
  switch (def.name) {
    case 'displayName':
    case 'externalId':
      if (subName !== undefined || parsed.valueFilter) throw invalidPath(`"${def.name}" is a simple attribute; it has no sub-attributes or value filter.`);
      return setName(change, op, def.name, value);
    case 'members': {
      if (subName !== undefined) {
        const sub = def.subAttributes?.find((s) => s.name.toLowerCase() === subName.toLowerCase());
        if (!sub) throw invalidPath(`"members" has no sub-attribute "${subName}".`);
        // Every sub-attribute of a membership is readOnly or immutable: a member is added or
        // removed, never edited.
        throw mutability(`"members.${sub.name}" is ${sub.mutability}: add or remove the member instead.`);
      }
      change.memberOps.push(...memberOps(op, parsed.valueFilter, value));
      return;
    }
    default:
      throw invalidPath(`"${def.name}" cannot be changed by PATCH on a Group.`);
  }
}

function setName(change: GroupChange, op: PatchOpName, name: 'displayName' | 'externalId', value: unknown): void {
  const cleared = op === 'remove' || isCleared(value);
  if (name === 'displayName') {
    if (cleared) throw invalidValue('"displayName" is required: it can be replaced but not removed or emptied.');
    if (typeof value !== 'string') throw invalidValue(`"displayName" must be a string, got ${JSON.stringify(value)}.`);
    change.displayName = value;
    return;
  }
  if (!cleared && typeof value !== 'string') throw invalidValue(`"externalId" must be a string, got ${JSON.stringify(value)}.`);
  change.externalId = cleared ? null : (value as string);
}

/** The shapes of RFC 7644 plus Entra's and Okta's: add/replace/remove `members` with a list,
 * remove `members[value eq "id"]`, remove `members` without value (clear), replace with [] (Okta's
 * "Push now"). */
function memberOps(op: PatchOpName, filter: FilterNode | undefined, value: unknown): MemberOp[] {
  if (filter) {
    if (op !== 'remove') throw invalidPath('a value filter on "members" can only select members to remove; add or replace "members" with a list.');
    const ids = filterIds(filter);
    if (!ids) throw invalidPath('only members[value eq "id"] (optionally joined with "or") can select members to remove.');
    return [{ op: 'remove', ids }];
  }
  if (op === 'remove') {
    // With a value, Entra means "remove these": only remove without value empties the group.
    if (value === undefined || value === null) return [{ op: 'clear' }];
    const ids = memberIds(value);
    return ids.length === 0 ? [] : [{ op: 'remove', ids }];
  }
  if (op === 'replace') return isCleared(value) ? [{ op: 'clear' }] : [{ op: 'set', ids: memberIds(value) }];
  const ids = memberIds(value);
  return ids.length === 0 ? [] : [{ op: 'add', ids }];
}

/** `[{value: id}, …]`; a single member object, or a bare id string (as Microsoft's Postman suite
 * sends), counts as a list of one. Duplicates collapse; `$ref`, `display`, `type` are ignored. */
function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const ids = list.map((member, i) => {
    const id = isRecord(member) ? getMember(member, 'value') : member;
    if (typeof id !== 'string' || id.trim() === '') {
      throw invalidValue(`members[${i}] must be {"value": "<member id>"} with a non-empty id, got ${JSON.stringify(member)}.`);
    }
    return id;
  });
  return [...new Set(ids)];
}

function filterIds(filter: FilterNode): string[] | undefined {
  if (filter.kind === 'Or') {
    const left = filterIds(filter.left);
    const right = filterIds(filter.right);
    return left && right && [...new Set([...left, ...right])];
  }
  const isValueEq = filter.kind === 'Compare' && filter.op === 'eq' && filter.path.subAttribute === undefined
    && filter.path.attribute.toLowerCase() === 'value' && typeof filter.value === 'string' && filter.value !== '';
  return isValueEq ? [filter.value as string] : undefined;
}
