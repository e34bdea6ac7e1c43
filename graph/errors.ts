// Domain errors of the identity graph. Each carries a stable `extensions.code` that clients
// (the SCIM gateway, frontends) branch on; messages are written for humans.

import { GraphQLError } from 'graphql';

export type GraphErrorCode =
  | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PRECONDITION_FAILED';

const graphError = (code: GraphErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extra } });

export const notFound = (type: string, id: string) =>
  graphError('NOT_FOUND', `${type} "${id}" not found`, { type, id });

/** `attribute` is the API name (userName, externalId, displayName), not a column. */
export const conflict = (type: string, attribute: string) =>
  graphError('CONFLICT', `Another ${type} in this workspace already has this ${attribute}`, { type, attribute });

export const badInput = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  graphError('BAD_USER_INPUT', `${field}: ${message}`, { field, ...extra });

export const unauthenticated = () =>
  graphError('UNAUTHENTICATED', 'A valid SCIM token or admin key is required (Authorization: Bearer <secret>)');

export const forbidden = (what: string) => graphError('FORBIDDEN', `${what} requires an admin key`);

export const preconditionFailed = (currentVersion: number) =>
  graphError('PRECONDITION_FAILED', `The resource has changed: it is at version ${currentVersion}`, { currentVersion });
