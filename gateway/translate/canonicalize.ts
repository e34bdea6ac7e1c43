// SCIM attribute names are case-insensitive (RFC 7643 §2.1): Microsoft's tools send
// "Department", "Manager": {"Value": …}, "Primary". Incoming resources are rewritten to the
// canonical names of our schema tables before anything else reads them. Keys no schema
// defines are dropped (they would be ignored anyway) and reported to the caller.

import type { AttributeDef } from '../schema/attribute-def.js';
import { commonAttributes } from '../schema/common.attributes.js';
import { byName, type ResourceSchemas } from '../schema/find-attribute.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function canonicalObject(obj: Json, defs: readonly AttributeDef[], unknown: string[], prefix: string): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(obj)) {
    const def = byName(defs, key);
    if (!def) { unknown.push(prefix + key); continue; }
    out[def.name] = canonicalValue(value, def, unknown, `${prefix}${def.name}.`);
  }
  return out;
}

function canonicalValue(value: unknown, def: AttributeDef, unknown: string[], prefix: string): unknown {
  if (!def.subAttributes) return value;
  const one = (v: unknown) => (isObject(v) ? canonicalObject(v, def.subAttributes!, unknown, prefix) : v);
  return Array.isArray(value) ? value.map(one) : one(value);
}

export function canonicalize(resource: Json, defs: ResourceSchemas): { resource: Json; unknown: string[] } {
  const unknown: string[] = [];
  const core = [...commonAttributes, ...defs.core.attributes];
  const out: Json = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase() === 'schemas') { out.schemas = value; continue; }
    const ext = defs.extensions.find((s) => s.id.toLowerCase() === key.toLowerCase());
    if (ext) {
      out[ext.id] = isObject(value) ? canonicalObject(value, ext.attributes, unknown, `${ext.id}:`) : value;
      continue;
    }
    const def = byName(core, key);
    if (!def) { unknown.push(key); continue; }
    out[def.name] = canonicalValue(value, def, unknown, `${def.name}.`);
  }
  return { resource: out, unknown };
}
