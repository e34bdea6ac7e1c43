import type { Middleware } from 'koa';
import type { Logger } from '../logger.js';

/** One line per request: who (workspace, token label — never the token), what, outcome, time. */
export function accessLog(log: Logger): Middleware {
  return async function accessLogMiddleware(ctx, next) {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const actor = ctx.state.actor;
      log.info({
        requestId: ctx.state.requestId, workspace: actor?.workspaceId, tokenLabel: actor?.label,
        method: ctx.method, route: ctx.state.route ?? ctx.path, status: ctx.status,
        durationMs: Number((process.hrtime.bigint() - start) / 1000n) / 1000,
        scimType: ctx.state.scimType,
      }, 'request');
    }
  };
}
