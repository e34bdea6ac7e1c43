// In-memory evaluation of a value filter (the part inside `[...]`, RFC 7644 §3.4.2.2) against one
// entry of a multi-valued attribute. Only PATCH uses it, on lists of a handful of entries; list
// queries never run here, they are compiled to the graph's where inputs.

import type { AttrPath, CompareNode, CompValue, FilterNode } from './ast.js';
import type { AttributeDef } from '../schema/attribute-def.js';
import { invalidFilter } from '../scim/errors.js';

/** True when `entry` (e.g. `{type: 'work', value: 'a@b.c'}`) satisfies `node`. Attribute paths are
 * relative to the entry; `subDefs` are the sub-attributes of the multi-valued attribute and decide
 * case sensitivity and types (without a def, RFC 7643 §2.4's default caseExact false applies). */
export function matchFilter(
  node: FilterNode,
  entry: Record<string, unknown>,
  subDefs: readonly AttributeDef[] = [],
): boolean {
  switch (node.kind) {
    case 'And':
      return matchFilter(node.left, entry, subDefs) && matchFilter(node.right, entry, subDefs);
    case 'Or':
      return matchFilter(node.left, entry, subDefs) || matchFilter(node.right, entry, subDefs);
    case 'Not':
      return !matchFilter(node.filter, entry, subDefs);
    case 'Present':
      return valuesAt(entry, node.path, subDefs).values.some(isPresent);
    case 'Compare': {
      const { values, def } = valuesAt(entry, node.path, subDefs);
      if (node.value === null) return compareNull(node, values);
      return values.some((value) => compare(node, value, def));
    }
    case 'ValuePath': {
      const { values, def } = valuesAt(entry, node.path, subDefs);
      return values.some((value) => isRecord(value) && matchFilter(node.filter, value, def?.subAttributes));
    }
  }
}

/** The values at `path` (an array attribute yields each element, so a comparison on a multi-valued
 * attribute matches when any element does), and the def of the last path segment. */
function valuesAt(
  entry: Record<string, unknown>,
  path: AttrPath,
  subDefs: readonly AttributeDef[],
): { values: unknown[]; def: AttributeDef | undefined } {
  let def = findDef(subDefs, path.attribute);
  let value = getIgnoringCase(entry, path.attribute);
  if (path.subAttribute !== undefined) {
    def = findDef(def?.subAttributes ?? [], path.subAttribute);
    value = isRecord(value) ? getIgnoringCase(value, path.subAttribute) : undefined;
  }
  if (value === undefined || value === null) return { values: [], def };
  return { values: Array.isArray(value) ? value : [value], def };
}

function findDef(defs: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs.find((d) => d.name.toLowerCase() === lower);
}

function getIgnoringCase(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a complex value with a non-empty node. */
function isPresent(value: unknown): boolean {
  if (value === '' || value === null || value === undefined) return false;
  if (isRecord(value)) return Object.values(value).some(isPresent);
  return true;
}

/** `x eq null` matches an absent attribute, `x ne null` a present one; ordering on null is nonsense. */
function compareNull(node: CompareNode, values: unknown[]): boolean {
  const present = values.some(isPresent);
  if (node.op === 'eq') return !present;
  if (node.op === 'ne') return present;
  throw invalidFilter(`"${pathText(node.path)} ${node.op} null": only eq and ne can compare with null`);
}

function compare(node: CompareNode, actual: unknown, def: AttributeDef | undefined): boolean {
  const expected = coerce(node.value, actual, def);
  const { op } = node;
  if (typeof actual === 'boolean' || typeof expected === 'boolean') {
    // RFC 7644 §3.4.2.2: booleans only support equality; co/sw/ew/gt… on them is a client error.
    if (op === 'eq') return actual === expected;
    if (op === 'ne') return actual !== expected;
    throw invalidFilter(`"${pathText(node.path)} ${op} …": ${op} cannot be used on a boolean attribute`);
  }
  if (typeof actual === 'number' && typeof expected === 'number') return order(op, actual, expected);
  if (typeof actual !== 'string' || typeof expected !== 'string') return op === 'ne';
  if (def?.type === 'dateTime' && isOrdering(op)) {
    const [a, e] = [Date.parse(actual), Date.parse(expected)];
    if (!Number.isNaN(a) && !Number.isNaN(e)) return order(op, a, e);
  }
  const caseExact = def?.caseExact ?? false;
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case 'co': return a.includes(e);
    case 'sw': return a.startsWith(e);
    case 'ew': return a.endsWith(e);
    default: return order(op, a, e);
  }
}

/** Entra writes `roles[primary eq "True"]`: a string compared with a boolean attribute means the boolean. */
function coerce(value: CompValue, actual: unknown, def: AttributeDef | undefined): CompValue {
  const isBoolean = def?.type === 'boolean' || typeof actual === 'boolean';
  if (isBoolean && typeof value === 'string' && /^(true|false)$/i.test(value)) {
    return value.toLowerCase() === 'true';
  }
  return value;
}

function isOrdering(op: CompareNode['op']): boolean {
  return op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
}

function order<T extends string | number>(op: CompareNode['op'], a: T, e: T): boolean {
  switch (op) {
    case 'eq': return a === e;
    case 'ne': return a !== e;
    case 'gt': return a > e;
    case 'ge': return a >= e;
    case 'lt': return a < e;
    case 'le': return a <= e;
    default: return false; // co/sw/ew on numbers: nothing contains a number
  }
}

function pathText(path: AttrPath): string {
  return path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
