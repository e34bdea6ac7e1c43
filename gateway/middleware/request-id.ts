import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

/** Takes a sane caller-supplied X-Request-Id (load balancers set one) or makes one, and echoes it. */
export function requestId(): Middleware {
  return async function requestIdMiddleware(ctx, next) {
    const given = ctx.get('x-request-id');
    ctx.state.requestId = /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
