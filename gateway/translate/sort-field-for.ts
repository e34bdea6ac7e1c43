// SCIM sortBy (RFC 7644 §3.4.2.3) → the where field the graph sorts on, from the same
// attribute maps the filter compiler uses.

import { parsePath } from '../filter/parse-path.js';
import { invalidValue, ScimError } from '../scim/errors.js';
import { lookupAttribute, lookupSubAttribute, type AttributeMap } from './attribute-map.js';
import { groupAttributeMap } from './group-attribute-map.js';
import { userAttributeMap } from './user-attribute-map.js';

const maps: Record<'User' | 'Group', AttributeMap> = { User: userAttributeMap, Group: groupAttributeMap };

/** The field name, or undefined when the attribute is unknown or not sortable (multi-valued
 * attributes and anything the graph cannot filter on). */
export function sortFieldFor(resource: 'User' | 'Group', attrPathText: string): string | undefined {
  let parsed;
  try {
    parsed = parsePath(attrPathText);
  } catch (error) {
    if (error instanceof ScimError) return undefined;
    throw error;
  }
  if (parsed.valueFilter) return undefined;
  const entry = lookupAttribute(maps[resource], parsed.path);
  if ('error' in entry) return undefined;
  const { path } = parsed;
  switch (entry.found.kind) {
    case 'simple':
      return path.subAttribute === undefined ? entry.found.field : undefined;
    case 'complex': {
      const sub = path.subAttribute ?? entry.found.bare;
      if (sub === undefined) return undefined;
      const leaf = lookupSubAttribute(entry.found.subAttributes, path.attribute, sub);
      return 'found' in leaf ? leaf.found.field : undefined;
    }
    case 'multi':
      return undefined;
  }
}

const sortHints: Record<'User' | 'Group', (sortBy: string) => string> = {
  User: (s) => `Cannot sort by "${s}": use a single-valued attribute such as userName, displayName, name.familyName or meta.lastModified.`,
  Group: (s) => `Cannot sort groups by "${s}": use displayName, externalId, id, meta.created or meta.lastModified.`,
};

/** The graph's `sort` argument for a list request's sortBy/sortOrder; null without sortBy;
 * 400 invalidValue for an attribute that cannot be sorted on. */
export function sortInputFor(resource: 'User' | 'Group', params: { sortBy?: string; sortOrder: 'ascending' | 'descending' }):
  { by: string; descending: boolean } | null {
  if (params.sortBy === undefined) return null;
  const by = sortFieldFor(resource, params.sortBy);
  if (!by) throw invalidValue(sortHints[resource](params.sortBy));
  return { by, descending: params.sortOrder === 'descending' };
}
