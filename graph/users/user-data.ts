// Graph input ↔ storage shapes for users, and the domain rules on them.

import { emptyUserData, multiValuedFields, userTextFields, type UserData, type UserRecord } from '../../db/tables.js';
import { badInput } from '../errors.js';
import type { User } from './user.type.js';
import type { UserFields, UserInput, UserPatchInput } from './user.inputs.js';

const nameParts = ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'] as const;
const namePartField = { formatted: 'formattedName' } as Record<string, string>;
const partField = (p: string) => namePartField[p] ?? p;

/** Drops keys whose value is null/undefined so stored JSON holds only what was sent. */
const compact = <T extends object>(entries: readonly T[]): T[] =>
  entries.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null && v !== undefined)) as T);

function checkUserName(userName: unknown): string {
  if (typeof userName !== 'string' || userName.trim() === '') throw badInput('userName', 'must be a non-empty string');
  if (userName.length > 1024) throw badInput('userName', 'must be at most 1024 characters');
  return userName;
}

/** Writes the fields present in `input` over `data`; undefined keeps, null clears. */
function overlay(data: UserData, input: UserFields): UserData {
  const out: UserData = { ...data };
  const set = <K extends keyof UserData>(k: K, v: UserData[K] | undefined) => { if (v !== undefined) out[k] = v; };
  if (input.externalId !== undefined) {
    if (input.externalId === '') throw badInput('externalId', 'must not be empty; send null to clear it');
    out.externalId = input.externalId;
  }
  if (input.active !== undefined) out.active = input.active ?? true;
  for (const f of userTextFields) {
    if (namePartField.formatted === f || nameParts.includes(f as never)) continue;
    set(f, (input as Record<string, string | null | undefined>)[f]);
  }
  if (input.name === null) for (const p of nameParts) out[partField(p) as 'givenName'] = null;
  else if (input.name) for (const p of nameParts) set(partField(p) as 'givenName', input.name[p]);
  for (const f of multiValuedFields) {
    const v = (input as Record<string, object[] | null | undefined>)[f];
    if (v !== undefined) (out as Record<string, unknown>)[f] = v === null ? [] : compact(v);
  }
  if (input.managerId !== undefined) out.managerId = input.managerId === '' ? null : input.managerId;
  return out;
}

export const fromUserInput = (input: UserInput): UserData =>
  overlay(emptyUserData(checkUserName(input.userName)), input);

export function applyUserPatch(current: UserData, input: UserPatchInput): UserData {
  const next = overlay(current, input);
  if (input.userName !== undefined) next.userName = checkUserName(input.userName);
  return next;
}

export function toUser(r: UserRecord): User {
  const name = Object.fromEntries(nameParts.map((p) => [p, r[partField(p) as 'givenName']]));
  return { ...r, name } as unknown as User;
}
