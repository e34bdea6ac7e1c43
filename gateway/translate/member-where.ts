// `members[…]` → GroupWhere. MemberWhere is a plain AND of field conditions with no
// and/or/not, so a value filter is rewritten as an OR of such conjunctions: "some member
// matches (a or b)" is "some member matches a, or some member matches b".

import { invalidFilter } from '../scim/errors.js';
import type { Where } from './filter-to-where.js';

/** Bounds the cross product of `(a or b) and (c or d) and …`. */
const MAX_ALTERNATIVES = 64;

export function memberWhere(field: string, element: Where): Where {
  const alternatives = disjuncts(element, field);
  return alternatives.length === 1 ? { [field]: alternatives[0] } : { or: alternatives.map((m) => ({ [field]: m })) };
}

function disjuncts(where: Where, field: string): Where[] {
  if (Array.isArray(where.or)) return (where.or as Where[]).flatMap((w) => disjuncts(w, field));
  if (Array.isArray(where.and)) {
    return (where.and as Where[]).reduce<Where[]>((product, operand) => {
      const next = product.flatMap((left) => disjuncts(operand, field).map((right) => merge(left, right, field)));
      if (next.length > MAX_ALTERNATIVES) {
        throw invalidFilter(`The ${field}[…] filter is too complex: it expands to more than ${MAX_ALTERNATIVES} alternatives`);
      }
      return next;
    }, [{}]);
  }
  if (where.not !== undefined) {
    throw invalidFilter(`"not" inside ${field}[…] is not supported; to find groups without such a member write not (${field}[…])`);
  }
  return [where];
}

/** Both conditions on one member: their per-field comparisons side by side. */
function merge(left: Where, right: Where, field: string): Where {
  const merged: Where = { ...left };
  for (const [sub, comparison] of Object.entries(right)) {
    const existing = (merged[sub] ?? {}) as Where;
    for (const [op, value] of Object.entries(comparison as Where)) {
      if (op in existing && existing[op] !== value) {
        throw invalidFilter(
          `${field}[…] compares "${sub}" with "${op}" twice for one member; to find a group with two such members write ${field}[…] and ${field}[…]`,
        );
      }
    }
    merged[sub] = { ...existing, ...(comparison as Where) };
  }
  return merged;
}
