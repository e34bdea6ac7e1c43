// The shape of the per-resource tables from SCIM attribute paths to the graph's `where`
// fields, and their lookup. Tables use the RFC spelling; lookups ignore case because SCIM
// names are case-insensitive (RFC 7643 §2.1).

import type { AttrPath } from '../filter/ast.js';
import { printAttrPath } from '../filter/print-filter.js';

export type LeafType = 'string' | 'boolean' | 'dateTime';

/** A where field holding a StringFilter, BooleanFilter or DateTimeFilter. */
export interface Leaf {
  readonly field: string;
  readonly type: LeafType;
}

/** `null` marks a sub-attribute the schema has but the graph cannot filter on. */
export type SubAttributes = Readonly<Record<string, Leaf | null>>;

/** meta (RFC 7643 §3.1), the same for every resource. */
export const metaSubAttributes: SubAttributes = {
  created: { field: 'created', type: 'dateTime' },
  lastModified: { field: 'lastModified', type: 'dateTime' },
  resourceType: null,
  location: null,
  version: null,
};

export type AttributeEntry =
  | ({ readonly kind: 'simple' } & Leaf)
  /** Single-valued complex (name, meta, manager): each sub-attribute is its own where field. */
  | { readonly kind: 'complex'; readonly subAttributes: SubAttributes; readonly bare?: string }
  /** Multi-valued: `field` holds a where over one element, whose fields are the sub-attributes. */
  | { readonly kind: 'multi'; readonly field: string; readonly subAttributes: SubAttributes; readonly bare?: string }
  | { readonly kind: 'unfilterable' };
// `bare`: the sub-attribute meant when none is written (`emails eq "x"` is emails.value).

export interface AttributeMap {
  /** Schema URN → attribute name → entry. The core schema comes first:
   * an attribute written without a URN is looked up there, then in the extensions. */
  readonly schemas: Readonly<Record<string, Readonly<Record<string, AttributeEntry>>>>;
}

export type Lookup<T> = { readonly found: T } | { readonly error: string };

export type FilterableEntry = Exclude<AttributeEntry, { kind: 'unfilterable' }>;

/** The entry for `path`'s attribute; its sub-attribute is left to the caller. */
export function lookupAttribute(map: AttributeMap, path: AttrPath): Lookup<FilterableEntry> {
  let entry: AttributeEntry | undefined;
  if (path.schema === undefined) {
    entry = Object.values(map.schemas).map((attributes) => named(attributes, path.attribute)).find((e) => e !== undefined);
  } else {
    const attributes = named(map.schemas, path.schema);
    if (!attributes) return { error: `Unknown schema "${path.schema}" in filter attribute "${printAttrPath(path)}"` };
    entry = named(attributes, path.attribute);
  }
  if (!entry) return { error: `Unknown attribute "${printAttrPath({ ...path, subAttribute: undefined })}" in filter` };
  if (entry.kind === 'unfilterable') return { error: `Attribute "${printAttrPath(path)}" cannot be used in a filter` };
  return { found: entry };
}

/** The where field of a sub-attribute of a complex or multi-valued attribute; `name` is the
 * parent as written, for messages. */
export function lookupSubAttribute(subAttributes: SubAttributes, name: string, sub: string): Lookup<Leaf> {
  const leaf = named(subAttributes, sub);
  if (leaf === undefined) return { error: `Unknown attribute "${name}.${sub}" in filter` };
  if (leaf === null) return { error: `Attribute "${name}.${sub}" cannot be used in a filter` };
  return { found: leaf };
}

function named<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  const lower = name.toLowerCase();
  return Object.entries(record).find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** The sub-attributes a filter may use, for "filter on one of …" hints. */
export const filterableSubAttributes = (name: string, subAttributes: SubAttributes) =>
  Object.entries(subAttributes)
    .filter(([, leaf]) => leaf !== null)
    .map(([sub]) => `${name}.${sub}`)
    .join(', ');
