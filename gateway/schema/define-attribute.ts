// Builders for RFC 7643 §7 attribute definitions. They fill in the §2.2 defaults (string,
// single-valued, optional, case-insensitive, readWrite, returned by default, not unique) so
// the schema tables only spell out where an attribute departs from them.

import type { AttributeDef } from './attribute-def.js';

type Characteristics = Partial<Omit<AttributeDef, 'name' | 'description' | 'subAttributes'>>;

export function attribute(name: string, description: string, characteristics: Characteristics = {}): AttributeDef {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...characteristics,
  };
}

export function complexAttribute(
  name: string,
  description: string,
  subAttributes: readonly AttributeDef[],
  characteristics: Characteristics = {},
): AttributeDef {
  return { ...attribute(name, description, { ...characteristics, type: 'complex' }), subAttributes };
}

/** The value/display/type/primary shape RFC 7643 §2.4 gives multi-valued attributes. */
export function multiValuedAttribute(
  name: string,
  description: string,
  options: { value?: Characteristics; typeValues?: readonly string[]; mutability?: AttributeDef['mutability'] } = {},
): AttributeDef {
  const mutability = options.mutability ?? 'readWrite';
  return complexAttribute(name, description, [
    attribute('value', `The value of the ${name} entry.`, { mutability, ...options.value }),
    attribute('display', `A human-readable name for the ${name} entry, primarily used for display purposes.`, { mutability }),
    attribute('type', `A label indicating the ${name} entry's function.`, {
      mutability,
      ...(options.typeValues ? { canonicalValues: options.typeValues } : {}),
    }),
    attribute('primary', `Whether this is the preferred ${name} entry; at most one entry may be primary.`, {
      type: 'boolean',
      mutability,
    }),
  ], { multiValued: true, mutability });
}
