// Value filters (`emails[type eq "work"]`) as PATCH uses them: selecting entries, and describing
// the entry to create when none matches.

import type { CompareNode, FilterNode } from '../filter/ast.js';
import type { AttributeDef } from '../schema/attribute-def.js';
import { coerceSimple } from './coerce-value.js';
import type { JsonRecord } from './json-record.js';

/** The entry a filter of `eq` tests joined by `and` describes: `type eq "work"` → `{type: 'work'}`.
 * Entra sends `replace emails[type eq "work"].value` for a user who has no work email yet and
 * expects it to be created (RFC 7644 would answer noTarget). Any other filter describes no
 * entry: undefined. */
export function filterSeed(filter: FilterNode, def: AttributeDef): JsonRecord | undefined {
  const tests = eqTests(filter);
  if (!tests) return undefined;
  const seed: JsonRecord = {};
  for (const test of tests) {
    if (test.path.schema !== undefined || test.path.subAttribute !== undefined) return undefined;
    const sub = def.subAttributes?.find((s) => s.name.toLowerCase() === test.path.attribute.toLowerCase());
    if (!sub || sub.type === 'complex') return undefined;
    const value = coerceSimple(sub, test.value, `${def.name}.${sub.name}`);
    if (value === undefined || (sub.name in seed && seed[sub.name] !== value)) return undefined;
    seed[sub.name] = value;
  }
  return seed;
}

function eqTests(filter: FilterNode): CompareNode[] | undefined {
  if (filter.kind === 'Compare') return filter.op === 'eq' ? [filter] : undefined;
  if (filter.kind !== 'And') return undefined;
  const left = eqTests(filter.left);
  const right = eqTests(filter.right);
  return left && right && [...left, ...right];
}

/** A filter that matches entries equal to `entry` on every sub-attribute it gives (so
 * `{value: "id"}` finds the member whatever its `display`). */
export function filterFromEntry(entry: JsonRecord): FilterNode | undefined {
  const tests: FilterNode[] = Object.entries(entry).flatMap(([attribute, value]): FilterNode[] =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? [{ kind: 'Compare', path: { kind: 'AttrPath', attribute }, op: 'eq', value }]
      : [],
  );
  return tests.reduce<FilterNode | undefined>((left, right) => (left ? { kind: 'And', left, right } : right), undefined);
}
