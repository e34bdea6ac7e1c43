// Argument checks shared by list queries.

import type { SortSpec } from '../db/tables.js';
import type { SortInput } from './common.types.js';
import { badInput } from './errors.js';

export const maxPageSize = 1000;

export function pageArgs(startIndex: number, count: number): { offset: number; limit: number } {
  if (count < 0 || count > maxPageSize) throw badInput('count', `must be between 0 and ${maxPageSize}`);
  return { offset: Math.max(startIndex, 1) - 1, limit: count };
}

export function sortSpec(sort: SortInput | null | undefined, allowed: readonly string[]): SortSpec | null {
  if (!sort) return null;
  if (!allowed.includes(sort.by)) throw badInput('sort.by', `cannot sort by "${sort.by}"; one of ${allowed.join(', ')}`);
  return { field: sort.by, descending: sort.descending };
}

const dateFields = new Set(['created', 'lastModified']);
const dateOps = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

/** Timestamps are stored as fixed-width ISO text: bring every date operand to that form so
 * comparisons are chronological whatever offset or precision the caller wrote. */
export function normalizeWhere<T>(where: T | null | undefined): T | null {
  if (!where || typeof where !== 'object') return where ?? null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(where)) {
    if (v === undefined || v === null) continue;
    if (k === 'and' || k === 'or') out[k] = (v as unknown[]).map((w) => normalizeWhere(w));
    else if (k === 'not') out[k] = normalizeWhere(v);
    else if (dateFields.has(k)) {
      const c: Record<string, unknown> = { ...(v as object) };
      for (const op of dateOps) {
        if (typeof c[op] !== 'string') continue;
        const d = new Date(c[op] as string);
        if (Number.isNaN(d.getTime())) throw badInput(`${k}.${op}`, `"${c[op]}" is not an ISO-8601 date-time`);
        c[op] = d.toISOString();
      }
      out[k] = c;
    } else out[k] = v;
  }
  return out as T;
}
