// Outermost SCIM middleware: whatever went wrong leaves as an RFC 7644 §3.12 error body.
// Unexpected faults become a 500 that names the request id and nothing internal.

import type { Middleware } from 'koa';
import type { Logger } from '../logger.js';
import { ScimError } from '../scim/errors.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

function asScimError(err: unknown, requestId: string): ScimError | null {
  if (err instanceof ScimError) return err;
  const e = err as { status?: number; expose?: boolean; type?: string; message?: string };
  // Errors from koa and the body parser carry a status and say whether they may be shown.
  if (e?.status === 413 || e?.type === 'entity.too.large') {
    return new ScimError(413, undefined, `The request body is larger than the server accepts (${e.message ?? 'too large'}).`);
  }
  // co-body marks a JSON syntax error with status 400 but not `expose`.
  if (e?.status === 400 && (e.expose || err instanceof SyntaxError)) {
    return new ScimError(400, 'invalidSyntax', `The request body is not valid JSON: ${e.message}`);
  }
  if (e?.status === 415) return new ScimError(415, undefined, e.message ?? 'Unsupported media type');
  if (e?.status && e.status < 500 && e.expose) return new ScimError(e.status, undefined, e.message ?? 'Request failed');
  return null;
}

export function scimErrors(log: Logger): Middleware {
  return async function scimErrorsMiddleware(ctx, next) {
    try {
      await next();
    } catch (err) {
      let scim = asScimError(err, ctx.state.requestId);
      if (!scim) {
        log.error({ err, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'unhandled error');
        scim = new ScimError(500, undefined, `Internal server error. Quote request id ${ctx.state.requestId} when reporting it.`);
      }
      ctx.status = scim.status;
      ctx.state.scimType = scim.scimType;
      ctx.state.scimDetail = scim.message;
      for (const [k, v] of Object.entries(scim.headers)) ctx.set(k, v);
      ctx.body = scim.toJSON();
    }
    if (ctx.body !== undefined && ctx.body !== null && ctx.status !== 204) ctx.type = SCIM_CONTENT_TYPE;
  };
}
