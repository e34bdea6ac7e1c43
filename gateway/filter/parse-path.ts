// SCIM PATCH path text → PatchPath (RFC 7644 §3.5.2).

import type { PatchPath } from './ast.js';
import { FilterParser } from './filter-parser.js';
import { FilterSyntaxError } from './syntax-error.js';
import { invalidPath } from '../scim/errors.js';

/** Throws invalidPath naming the path and the 1-based position of the problem. */
export function parsePath(text: string): PatchPath {
  try {
    return new FilterParser(text, 'path').parsePath();
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw invalidPath(`Invalid path "${text}": ${error.message}`);
    throw error;
  }
}
