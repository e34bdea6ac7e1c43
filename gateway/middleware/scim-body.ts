// Request bodies for SCIM writes: application/scim+json or application/json (any charset),
// within the configured size, parsed as JSON; everything else is a precise error.

import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { ScimError } from '../scim/errors.js';

export function scimBody(maxBodyBytes: number): Middleware {
  const parse = bodyParser({
    enableTypes: ['json'],
    // The media type was checked below; parse whatever passed as JSON. (extendTypes merges
    // arrays by index, so listing application/scim+json there replaced application/json.)
    detectJSON: () => true,
    jsonLimit: maxBodyBytes,
    encoding: 'utf-8',
    jsonStrict: false,
  });
  return async function scimBodyMiddleware(ctx, next) {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > maxBodyBytes) {
      throw new ScimError(413, undefined, `The request body is ${declared} bytes; this server accepts at most ${maxBodyBytes}.`);
    }
    if (!ctx.request.type) {
      if (declared > 0 || ctx.get('transfer-encoding')) {
        throw new ScimError(415, undefined, 'Missing Content-Type: send application/scim+json (or application/json).');
      }
      return next(); // no body at all: the handler says what it needed
    }
    if (!ctx.is('application/scim+json', 'application/json')) {
      throw new ScimError(415, undefined, `Content-Type ${ctx.request.type} is not supported: send application/scim+json (or application/json).`);
    }
    await parse(ctx, async () => {});
    await next();
  };
}

/** The parsed body as a JSON object, or a 400 saying what arrived instead. */
export function jsonObjectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') {
    throw new ScimError(400, 'invalidSyntax', 'The request body is empty: send a JSON object.');
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ScimError(400, 'invalidSyntax', `The request body must be a JSON object, not ${Array.isArray(body) ? 'an array' : typeof body}.`);
  }
  return body as Record<string, unknown>;
}
