// Weak ETags from the resource version (RFC 7644 §3.14) and the conditional-request checks.

import { ScimError } from './errors.js';

export const etagOf = (version: number): string => `W/"${version}"`;

/** The versions named by an If-Match / If-None-Match header; '*' for any. */
export function parseEtags(header: string | undefined): number[] | '*' | null {
  if (!header) return null;
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  for (const part of header.split(',')) {
    const m = /^\s*(?:W\/)?"(\d+)"\s*$/i.exec(part);
    if (m) versions.push(Number(m[1]));
    else if (part.trim()) versions.push(-1); // an ETag we never issued matches nothing
  }
  return versions;
}

/** Throws 412 when the current version fails the client's preconditions. */
export function checkPreconditions(headers: { ifMatch?: string; ifNoneMatch?: string }, version: number, method: string): 'not-modified' | void {
  const match = parseEtags(headers.ifMatch);
  if (match && match !== '*' && !match.includes(version)) {
    throw new ScimError(412, undefined, `If-Match ${headers.ifMatch} does not match the current version ${etagOf(version)}; read the resource again and retry.`);
  }
  const noneMatch = parseEtags(headers.ifNoneMatch);
  if (noneMatch && (noneMatch === '*' || noneMatch.includes(version))) {
    if (method === 'GET' || method === 'HEAD') return 'not-modified';
    throw new ScimError(412, undefined, `If-None-Match ${headers.ifNoneMatch} matches the current version ${etagOf(version)}.`);
  }
}

/** The single version an If-Match names, to pass to the graph as ifVersion. */
export function ifMatchVersion(header: string | undefined): number | null {
  const match = parseEtags(header);
  return match && match !== '*' && match.length === 1 ? match[0]! : null;
}
