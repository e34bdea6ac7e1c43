// The graph's edge toward storage: db errors become graph errors here, once, for every resolver.

import type { MiddlewareFn } from 'type-graphql';
import { UniqueViolation, UnknownReferences, VersionMismatch } from '../db/errors.js';
import type { GraphContext } from './context.js';
import { badInput, conflict, preconditionFailed } from './errors.js';

export const mapDbErrors: MiddlewareFn<GraphContext> = async ({ info }, next) => {
  try {
    return await next();
  } catch (err) {
    if (err instanceof UniqueViolation) {
      const type = /group/i.test(info.fieldName) ? 'group' : 'user';
      throw conflict(type, err.column);
    }
    if (err instanceof VersionMismatch) throw preconditionFailed(err.current);
    if (err instanceof UnknownReferences) {
      throw badInput(err.field, `unknown id${err.ids.length > 1 ? 's' : ''} in this workspace: ${err.ids.slice(0, 20).join(', ')}${err.ids.length > 20 ? ', …' : ''}`, { ids: err.ids });
    }
    throw err;
  }
};
