// Case-insensitive lookup of an attribute path (RFC 7643 §2.1, RFC 7644 §3.10) in a resource's
// schemas. Filters, PATCH and projection all resolve names through here.

import type { AttributeDef, SchemaDef } from './attribute-def.js';
import { commonAttributes } from './common.attributes.js';
import { enterpriseUserSchema } from './enterprise-user.schema.js';
import { groupSchema } from './group.schema.js';
import { userSchema } from './user.schema.js';

export interface ResourceSchemas {
  readonly core: SchemaDef;
  readonly extensions: readonly SchemaDef[];
}

export const userSchemas: ResourceSchemas = { core: userSchema, extensions: [enterpriseUserSchema] };
export const groupSchemas: ResourceSchemas = { core: groupSchema, extensions: [] };

export interface AttributePath {
  readonly schema?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
}

export interface FoundAttribute {
  readonly def: AttributeDef;
  readonly sub?: AttributeDef;
  /** Where the value lives: the core URN (top level of the resource, common attributes
   * included) or an extension URN (under that key). */
  readonly schemaUrn: string;
}

/** The definition called `name` (case-insensitive, RFC 7643 §2.1) among `defs`. */
export function byName(defs: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs.find((def) => def.name.toLowerCase() === lower);
}

export function findAttribute(defs: ResourceSchemas, path: AttributePath): FoundAttribute | undefined {
  const found = findTopLevel(defs, path);
  if (!found || path.subAttribute === undefined) return found;
  const sub = byName(found.def.subAttributes ?? [], path.subAttribute);
  return sub && { ...found, sub };
}

function findTopLevel(defs: ResourceSchemas, path: AttributePath): FoundAttribute | undefined {
  const core = defs.core.id;
  const inCore = () => {
    const def = byName(commonAttributes, path.attribute) ?? byName(defs.core.attributes, path.attribute);
    return def && { def, schemaUrn: core };
  };
  if (path.schema !== undefined) {
    const urn = path.schema.toLowerCase();
    if (urn === core.toLowerCase()) return inCore();
    const extension = defs.extensions.find((schema) => schema.id.toLowerCase() === urn);
    const def = extension && byName(extension.attributes, path.attribute);
    return def && { def, schemaUrn: extension.id };
  }
  // Unqualified names mean the core schema (RFC 7644 §3.10). Entra's legacy job still writes
  // `manager` without its URN, so an extension attribute no other schema shares is found too.
  const found = inCore();
  if (found) return found;
  const matches = defs.extensions.flatMap((schema) => {
    const def = byName(schema.attributes, path.attribute);
    return def ? [{ def, schemaUrn: schema.id }] : [];
  });
  return matches.length === 1 ? matches[0] : undefined;
}
