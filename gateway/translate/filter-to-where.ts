// SCIM filter AST → the graph's UserWhere / GroupWhere (RFC 7644 §3.4.2.2). The where keeps
// the filter's boolean shape; attribute paths go through the per-resource attribute maps, and
// anything a map does not know is an invalidFilter, never a where that matches everything.

import type { AttrPath, CompValue, CompareOp, FilterNode, ValuePathNode } from '../filter/ast.js';
import { printAttrPath } from '../filter/print-filter.js';
import { invalidFilter } from '../scim/errors.js';
import type { GroupWhere, UserWhere } from '../../graph/where.inputs.js';
import {
  filterableSubAttributes,
  lookupAttribute,
  lookupSubAttribute,
  type AttributeMap,
  type LeafType,
  type Lookup,
  type SubAttributes,
} from './attribute-map.js';
import { groupAttributeMap } from './group-attribute-map.js';
import { memberWhere } from './member-where.js';
import { userAttributeMap } from './user-attribute-map.js';

export type Where = { [field: string]: unknown };

export function userFilterToWhere(node: FilterNode): UserWhere {
  return compile(node, resourceScope(userAttributeMap, (field, element) => ({ [field]: element })));
}

export function groupFilterToWhere(node: FilterNode): GroupWhere {
  // MemberWhere has no and/or/not, so `members[…]` needs reshaping (member-where.ts).
  return compile(node, resourceScope(groupAttributeMap, (field, element) => memberWhere(field, element)));
}

/** What an attribute path in a filter stands for. */
interface Target {
  /** As written, for messages. */
  readonly name: string;
  /** Where a comparison goes: `{userName: f}`, `{emails: {value: f}}`. Absent for a complex
   * attribute without a value of its own (`name`, `addresses`). */
  readonly leaf?: { readonly type: LeafType; readonly wrap: (comparison: Where) => Where };
  /** `emails pr`: the resource has some element. Only for a whole multi-valued attribute. */
  readonly whole?: Where;
  /** A multi-valued sub-attribute outside brackets is about "some element", so `eq null`
   * must become "no element has one" rather than "some element has none". */
  readonly someElement: boolean;
  /** The sub-attributes to suggest when `leaf` is absent. */
  readonly subAttributes?: SubAttributes;
}

interface Scope {
  target(path: AttrPath): Target;
  valuePath(node: ValuePathNode): Where;
}

function compile(node: FilterNode, scope: Scope): Where {
  switch (node.kind) {
    case 'And':
    case 'Or': {
      const key = node.kind === 'And' ? 'and' : 'or';
      return { [key]: [...operands(key, compile(node.left, scope)), ...operands(key, compile(node.right, scope))] };
    }
    case 'Not':
      return { not: compile(node.filter, scope) };
    case 'ValuePath':
      return scope.valuePath(node);
    case 'Present': {
      const target = scope.target(node.path);
      return target.whole ?? leafOf(target).wrap({ pr: true });
    }
    case 'Compare': {
      const target = scope.target(node.path);
      if (node.value === null) return compareWithNull(target, node.op);
      const leaf = leafOf(target);
      return leaf.wrap(comparison(leaf.type, node.op, node.value, target.name));
    }
  }
}

/** `a and (b and c)` → one `and` list. */
const operands = (key: string, where: Where): unknown[] =>
  Object.keys(where).length === 1 && Array.isArray(where[key]) ? (where[key] as unknown[]) : [where];

function compareWithNull(target: Target, op: CompareOp): Where {
  if (op !== 'eq' && op !== 'ne') {
    throw invalidFilter(`Attribute "${target.name}" can only be compared with null using eq or ne, not "${op}"`);
  }
  if (target.whole || target.someElement) {
    const present = target.whole ?? leafOf(target).wrap({ pr: true });
    return op === 'ne' ? present : { not: present };
  }
  return leafOf(target).wrap({ pr: op === 'ne' });
}

function leafOf(target: Target): NonNullable<Target['leaf']> {
  if (target.leaf) return target.leaf;
  const subs = filterableSubAttributes(target.name, target.subAttributes ?? {});
  throw invalidFilter(`Attribute "${target.name}" has no value of its own: filter on one of its sub-attributes (${subs})`);
}

function comparison(type: LeafType, op: CompareOp, value: Exclude<CompValue, null>, name: string): Where {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') {
        throw invalidFilter(`Attribute "${name}" is text: compare it with a "quoted string", not ${JSON.stringify(value)}`);
      }
      return { [op]: value };
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') throw invalidFilter(`Attribute "${name}" is a boolean: use eq, ne or pr, not "${op}"`);
      // Entra writes booleans as "True"/"False" (docs/entra-protocol.md §1.6), also in `roles[primary eq "True"]`.
      const text = typeof value === 'string' ? value.toLowerCase() : undefined;
      const flag = typeof value === 'boolean' ? value : text === 'true' ? true : text === 'false' ? false : undefined;
      if (flag === undefined) {
        throw invalidFilter(`Attribute "${name}" is a boolean: compare it with true or false, not ${JSON.stringify(value)}`);
      }
      return { [op]: flag };
    }
    case 'dateTime': {
      if (op === 'co' || op === 'sw' || op === 'ew') {
        throw invalidFilter(`Attribute "${name}" is a dateTime: use eq, ne, gt, ge, lt, le or pr, not "${op}"`);
      }
      const instant = typeof value === 'string' ? toInstant(value) : undefined;
      if (instant === undefined) {
        throw invalidFilter(`Attribute "${name}" is a dateTime: compare it with an ISO 8601 date such as "2011-05-13T04:42:34Z", not ${JSON.stringify(value)}`);
      }
      return { [op]: instant };
    }
  }
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/** One spelling per instant (UTC, milliseconds), so text comparison in the store is time order.
 * A time without an offset is taken as UTC, not as this server's local time. */
function toInstant(text: string): string | undefined {
  const match = isoDateTime.exec(text);
  if (!match) return undefined;
  const zoned = match[1] !== undefined && match[4] === undefined ? `${text}Z` : text;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function found<T>(lookup: Lookup<T>): T {
  if ('error' in lookup) throw invalidFilter(lookup.error);
  return lookup.found;
}

/** Top-level paths of one resource. `wrapElement` puts a filter over one element of a
 * multi-valued attribute into the where (`emails[…]` → `{emails: …}`). */
function resourceScope(map: AttributeMap, wrapElement: (field: string, element: Where) => Where): Scope {
  return {
    target(path) {
      const entry = found(lookupAttribute(map, path));
      const name = printAttrPath(path);
      if (entry.kind === 'simple') {
        if (path.subAttribute !== undefined) throw invalidFilter(`Unknown attribute "${name}" in filter`);
        return { name, someElement: false, leaf: { type: entry.type, wrap: (f) => ({ [entry.field]: f }) } };
      }
      const sub = path.subAttribute ?? entry.bare;
      const leaf = sub === undefined ? undefined : found(lookupSubAttribute(entry.subAttributes, printAttrPath({ ...path, subAttribute: undefined }), sub));
      if (entry.kind === 'complex') {
        return {
          name,
          someElement: false,
          subAttributes: entry.subAttributes,
          ...(leaf ? { leaf: { type: leaf.type, wrap: (f: Where) => ({ [leaf.field]: f }) } } : {}),
        };
      }
      return {
        name,
        someElement: true,
        subAttributes: entry.subAttributes,
        ...(path.subAttribute === undefined ? { whole: { [entry.field]: {} } } : {}),
        ...(leaf ? { leaf: { type: leaf.type, wrap: (f: Where) => ({ [entry.field]: { [leaf.field]: f } }) } } : {}),
      };
    },
    valuePath(node) {
      const entry = found(lookupAttribute(map, node.path));
      const name = printAttrPath(node.path);
      if (entry.kind === 'simple') {
        throw invalidFilter(`Attribute "${name}" has no sub-attributes, so "${name}[…]" cannot be used in a filter`);
      }
      const element = compile(node.filter, elementScope(entry.subAttributes, name));
      // A single-valued complex attribute's sub-attributes are plain fields of the resource.
      return entry.kind === 'multi' ? wrapElement(entry.field, element) : element;
    },
  };
}

/** Paths inside `attr[…]`: sub-attributes of `parent`. The parser allows no nesting here. */
function elementScope(subAttributes: SubAttributes, parent: string): Scope {
  return {
    target(path) {
      const leaf = found(lookupSubAttribute(subAttributes, parent, path.attribute));
      return { name: `${parent}.${path.attribute}`, someElement: false, leaf: { type: leaf.type, wrap: (f) => ({ [leaf.field]: f }) } };
    },
    valuePath(node) {
      throw invalidFilter(`Value filters cannot be nested: "${printAttrPath(node.path)}[…]" inside "${parent}[…]"`);
    },
  };
}
