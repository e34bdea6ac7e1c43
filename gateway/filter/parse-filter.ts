// SCIM filter text → FilterNode (RFC 7644 §3.4.2.2).

import type { FilterNode } from './ast.js';
import { FilterParser } from './filter-parser.js';
import { FilterSyntaxError } from './syntax-error.js';
import { invalidFilter } from '../scim/errors.js';

/** Throws invalidFilter whose detail gives the 1-based position and what was expected there. */
export function parseFilter(text: string): FilterNode {
  try {
    return new FilterParser(text, 'filter').parseFilter();
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw invalidFilter(error.message);
    throw error;
  }
}
