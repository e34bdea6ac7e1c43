// Query parameters of a list request (RFC 7644 §3.4.2), from a GET query string (strings,
// comma-separated attribute lists) or a POST /.search body (numbers and arrays).

import { invalidFilter, invalidSyntax, invalidValue } from './errors.js';
import { SEARCH_REQUEST_URN } from './urns.js';

export interface ListParamsInput {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

export interface ListParams {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  attributes?: string[];
  excludedAttributes?: string[];
}

export interface ListLimits {
  defaultCount: number;
  maxCount: number;
}

const MAX_FILTER_LENGTH = 10_000;

export function parseListParams(input: ListParamsInput, limits: ListLimits): ListParams {
  const filter = optionalString(input.filter, 'filter');
  if (filter !== undefined && filter.length > MAX_FILTER_LENGTH) {
    throw invalidFilter(`The filter is ${filter.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted.`);
  }
  // RFC 7644 §3.4.2.4: a startIndex below 1 means 1, a negative count means 0, and the
  // server may return fewer results than asked for.
  const startIndex = Math.min(Math.max(optionalInteger(input.startIndex, 'startIndex') ?? 1, 1), Number.MAX_SAFE_INTEGER);
  const count = Math.min(Math.max(optionalInteger(input.count, 'count') ?? limits.defaultCount, 0), limits.maxCount);
  const sortBy = optionalString(input.sortBy, 'sortBy');
  const attributes = attributeList(input.attributes, 'attributes');
  const excludedAttributes = attributeList(input.excludedAttributes, 'excludedAttributes');
  return {
    ...(filter !== undefined ? { filter } : {}),
    startIndex,
    count,
    ...(sortBy !== undefined ? { sortBy } : {}),
    sortOrder: sortOrder(input.sortOrder),
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}

/** The body of POST /.search (RFC 7644 §3.4.3), checked for its message schema. */
export function parseSearchRequest(body: unknown): ListParamsInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidSyntax(`A search request body must be a JSON object with "schemas": ["${SEARCH_REQUEST_URN}"].`);
  }
  const request = body as Record<string, unknown>;
  const schemas = request['schemas'];
  const declared = Array.isArray(schemas)
    && schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === SEARCH_REQUEST_URN.toLowerCase());
  if (!declared) {
    throw invalidSyntax(`A search request must have "schemas": ["${SEARCH_REQUEST_URN}"]; got ${JSON.stringify(schemas) ?? 'none'}.`);
  }
  const { filter, startIndex, count, sortBy, sortOrder, attributes, excludedAttributes } = request;
  return { filter, startIndex, count, sortBy, sortOrder, attributes, excludedAttributes };
}

/** A blank value (`?filter=`) counts as absent. */
function optionalString(value: unknown, parameter: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw invalidValue(`The "${parameter}" parameter must be given once, as a string; got ${describe(value)}.`);
  }
  return value.trim() === '' ? undefined : value;
}

function optionalInteger(value: unknown, parameter: string): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const text = typeof value === 'number' ? String(value) : optionalString(value, parameter);
  if (text === undefined) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(text)) {
    throw invalidValue(`The "${parameter}" parameter must be an integer; got ${describe(value)}.`);
  }
  // Digits beyond the safe range become ±Infinity or an approximation; the caller clamps.
  return Number(text);
}

function sortOrder(value: unknown): 'ascending' | 'descending' {
  const text = optionalString(value, 'sortOrder')?.trim().toLowerCase();
  if (text === undefined) return 'ascending';
  if (text === 'ascending' || text === 'descending') return text;
  throw invalidValue(`The "sortOrder" parameter must be "ascending" or "descending"; got ${describe(value)}.`);
}

/** A comma-separated string (GET) or an array of names (POST, or a repeated GET parameter). */
function attributeList(value: unknown, parameter: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const parts = Array.isArray(value) ? value : [value];
  const names = parts.flatMap((part) => {
    if (typeof part !== 'string') {
      throw invalidValue(`The "${parameter}" parameter must list attribute names as strings; got ${describe(part)}.`);
    }
    return part.split(',').map((name) => name.trim()).filter((name) => name !== '');
  });
  return names.length > 0 ? names : undefined;
}

const describe = (value: unknown) => (Array.isArray(value) ? `${value.length} values` : JSON.stringify(value) ?? String(value));
