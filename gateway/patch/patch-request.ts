// The PatchOp message (RFC 7644 §3.5.2), checked once for both PATCH engines (users and groups).
// Each operation carries its label, so every error says which operation of the request failed.

import { PATCH_OP_URN } from '../scim/urns.js';
import { invalidSyntax, invalidValue, noTarget, ScimError } from '../scim/errors.js';
import { getMember as member, isRecord } from './json-record.js';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  /** `Operation 2 (replace emails[type eq "work"].value)`: how errors name this operation. */
  readonly label: string;
  readonly op: PatchOpName;
  readonly path?: string;
  /** Absent for a remove without value; `null` when the client sent null. */
  readonly value?: unknown;
}

/** Validates the message and returns its operations in request order. add/replace without a
 * path must carry an object; remove must carry a path. */
export function readPatchRequest(body: unknown): PatchOperation[] {
  if (!isRecord(body)) throw invalidSyntax('The PATCH body must be a JSON object (a PatchOp message).');
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_URN.toLowerCase())) {
    throw invalidSyntax(`The PATCH body's "schemas" must contain "${PATCH_OP_URN}".`);
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) throw invalidSyntax('The PATCH body must have an "Operations" array.');
  if (operations.length === 0) throw invalidValue('"Operations" is empty: a PATCH must carry at least one operation.');
  return operations.map((raw, i) => readOperation(raw, i + 1));
}

/** Runs `step` for one operation and prefixes any SCIM error it throws with the operation's
 * label, keeping status and scimType. */
export function inOperation<T>(operation: Pick<PatchOperation, 'label'>, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    throw new ScimError(error.status, error.scimType, `${operation.label}: ${error.message}`, { cause: error });
  }
}

function readOperation(raw: unknown, index: number): PatchOperation {
  if (!isRecord(raw)) throw invalidSyntax(`Operation ${index}: must be an object with "op", "path" and "value".`);
  const opText = member(raw, 'op');
  const path = member(raw, 'path');
  const pathText = typeof path === 'string' ? ` ${path}` : '';
  const label = `Operation ${index} (${typeof opText === 'string' ? opText.toLowerCase() : String(opText)}${pathText})`;
  return inOperation({ label }, () => {
    // Entra's default job sends "Add"/"Replace"/"Remove"; RFC 7644 writes them in lower case.
    const op = typeof opText === 'string' ? opText.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw invalidSyntax(`"op" must be "add", "replace" or "remove", got ${JSON.stringify(opText) ?? 'nothing'}.`);
    }
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw invalidSyntax(`"path" must be a string, got ${JSON.stringify(path)}.`);
    }
    const hasPath = typeof path === 'string' && path.trim() !== '';
    const value = member(raw, 'value');
    if (!hasPath && op === 'remove') throw noTarget('remove needs a "path" naming what to remove.');
    if (!hasPath && !isRecord(value)) {
      throw invalidValue(`${op} without "path" needs a "value" object of attributes, got ${JSON.stringify(value) ?? 'nothing'}.`);
    }
    if (op !== 'remove' && value === undefined) throw invalidValue(`${op} needs a "value".`);
    return {
      label,
      op,
      ...(hasPath ? { path: path.trim() } : {}),
      ...(value === undefined ? {} : { value }),
    };
  });
}
