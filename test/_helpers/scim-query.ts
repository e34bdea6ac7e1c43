// Query strings as Entra writes them: spaces as '+', everything else percent-encoded
// (filter=userName+eq+%22jdoe%40contoso.com%22).

import type { Dialect } from './databases.js';
import { startServer, type TestServer } from './server.js';

export const plusEncode = (text: string): string => encodeURIComponent(text).replace(/%20/g, '+');

/** `?filter=…&count=…` from pairs, values plus-encoded. */
export function query(params: Record<string, string | number>): string {
  return '?' + Object.entries(params).map(([k, v]) => `${k}=${plusEncode(String(v))}`).join('&');
}

/** Runs `body` against a fresh server and always closes it; prints faults the server logged. */
export async function withServer<T>(dialect: Dialect, body: (s: TestServer) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const s = await startServer(dialect, env);
  try {
    return await body(s);
  } finally {
    // A fault the test did not provoke shows up here even when the test only saw a status.
    // Tests that provoke faults on purpose empty s.logs when done.
    for (const line of s.logs) if (line.includes('"level":50')) console.error('server fault logged:', line);
    await s.close();
  }
}

export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** A PatchOp message from operations. */
export const patchOp = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });

/** A minimal user to POST. */
export const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });
