// The gateway's edge toward the graph: graph error codes become SCIM errors here, once.

import { GraphOperationError } from '../../graph/client.js';
import { ScimError } from './errors.js';

export function fromGraphError(err: unknown, resource: 'User' | 'Group'): unknown {
  if (!(err instanceof GraphOperationError)) return err;
  const first = err.errors[0]!;
  const ext = first.extensions ?? {};
  switch (ext.code) {
    case 'NOT_FOUND':
      return new ScimError(404, undefined, `${ext.type ?? resource} ${JSON.stringify(ext.id ?? '')} not found`);
    case 'CONFLICT': {
      const attribute = String(ext.attribute ?? 'unknown');
      const how = attribute === 'userName' || attribute === 'displayName' ? ' (compared case-insensitively)' : '';
      return new ScimError(409, 'uniqueness', `${attribute} must be unique: another ${resource} in this workspace already has this ${attribute}${how}.`);
    }
    case 'BAD_USER_INPUT':
      return new ScimError(400, 'invalidValue', first.message);
    case 'PRECONDITION_FAILED':
      return new ScimError(412, undefined, `The ${resource} was changed by another request (now at version W/"${ext.currentVersion}"); read it again and retry.`);
    case 'UNAUTHENTICATED':
      return new ScimError(401, undefined, first.message);
    case 'FORBIDDEN':
      return new ScimError(403, undefined, first.message);
    default:
      return err; // a fault, not a client mistake: the error middleware logs it and answers 500
  }
}
