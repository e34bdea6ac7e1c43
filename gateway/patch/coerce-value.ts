// Checks a PATCH value against its attribute definition (RFC 7643 §2.3) and brings it to the
// stored form: canonical sub-attribute names, real booleans. `undefined` means "clear it":
// RFC 7643 §2.5 treats null as unassigned, and Microsoft's validation clears with "".

import type { AttributeDef } from '../schema/attribute-def.js';
import { invalidPath, invalidValue } from '../scim/errors.js';
import { isRecord, type JsonRecord } from './json-record.js';

/** A complex value with its sub-attributes under canonical names; `null` marks a sub-attribute
 * the client cleared (so merging can delete it). */
export type ComplexValue = Record<string, unknown>;

export function isCleared(value: unknown): boolean {
  return value === null || value === '';
}

/** A value of a non-complex attribute (single value, or one entry of a multi-valued one). */
export function coerceSimple(def: AttributeDef, value: unknown, where: string): unknown {
  if (isCleared(value)) return undefined;
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra's default job sends "True"/"False" (and "false" has been seen).
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      break;
    case 'integer':
      if (Number.isInteger(value)) return value;
      break;
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      break;
    case 'complex':
      throw invalidPath(`"${where}" is complex; name one of its sub-attributes.`);
    default:
      if (typeof value === 'string') return value;
  }
  throw invalidValue(`"${where}" must be ${expected(def)}, got ${JSON.stringify(value)}.`);
}

/** A value of a complex attribute (single-valued, or one entry of a multi-valued one). A bare
 * string stands for `{value: …}` (Entra sets `manager` by id), and a one-element array for its
 * element (Entra's legacy `manager` form `[{"$ref": …, "value": …}]`). */
export function coerceComplex(def: AttributeDef, value: unknown, where: string): ComplexValue | undefined {
  if (isCleared(value)) return undefined;
  const subs = def.subAttributes ?? [];
  if (!def.multiValued && Array.isArray(value) && value.length === 1) value = value[0];
  if (!def.multiValued && typeof value === 'string' && subs.some((s) => s.name === 'value')) value = { value };
  if (!isRecord(value)) throw invalidValue(`"${where}" must be an object of sub-attributes, got ${JSON.stringify(value)}.`);
  const result: ComplexValue = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = subs.find((s) => s.name.toLowerCase() === key.toLowerCase());
    if (!sub) throw invalidPath(`"${where}" has no sub-attribute "${key}".`);
    // Server-computed parts (manager.displayName) are echoed back by clients that copy a
    // resource they read; they are not a request to change anything.
    if (sub.mutability === 'readOnly') continue;
    result[sub.name] = coerceSimple(sub, raw, `${where}.${sub.name}`) ?? null;
  }
  return result;
}

/** The entries of a multi-valued attribute: a single value counts as a list of one. */
export function coerceEntries(def: AttributeDef, value: unknown, where: string): unknown[] | undefined {
  if (isCleared(value)) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const entries: unknown[] = [];
  list.forEach((item, i) => {
    const at = `${where}[${i}]`;
    const entry = def.type === 'complex' ? withoutNulls(coerceComplex(def, item, at)) : coerceSimple(def, item, at);
    if (entry !== undefined) entries.push(entry);
  });
  return entries;
}

/** Drops cleared sub-attributes; an entry left with nothing is no entry. */
export function withoutNulls(value: ComplexValue | undefined): JsonRecord | undefined {
  if (value === undefined) return undefined;
  const kept = Object.entries(value).filter(([, v]) => v !== null);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

function expected(def: AttributeDef): string {
  switch (def.type) {
    case 'boolean': return 'a boolean (true/false)';
    case 'integer': return 'an integer';
    case 'decimal': return 'a number';
    case 'dateTime': return 'a date-time string (e.g. "2024-05-01T12:00:00Z")';
    default: return 'a string';
  }
}
