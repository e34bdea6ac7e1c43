// Per-credential rate limiting with a sustained rate and a burst (rate-limiter-flexible's
// BurstyRateLimiter). On PostgreSQL the counters live in the shared `rate_limits` table, so
// the limit holds across instances; on SQLite (one process) they live in memory.
// rate-limiter-flexible is maintained, supports knex as a store and Retry-After arithmetic;
// writing a distributed limiter by hand would repeat it.

import type { Knex } from 'knex';
import type { Middleware } from 'koa';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { isPostgres } from '../../db/connect.js';
import { type Authenticator, requestActor } from '../authenticator.js';
import type { Logger } from '../logger.js';
import { ScimError } from '../scim/errors.js';
import { SCIM_CONTENT_TYPE } from './scim-errors.js';

export function rateLimit(opts: { db: Knex; auth: Authenticator; log: Logger; perSecond: number; burst: number }): Middleware {
  if (opts.perSecond <= 0) return async function noRateLimit(_ctx, next) { await next(); };
  const burstWindow = Math.max(1, Math.ceil(opts.burst / opts.perSecond));
  const make = (keyPrefix: string, points: number, duration: number) => isPostgres(opts.db)
    ? new RateLimiterPostgres({ storeClient: opts.db, storeType: 'knex', tableName: 'rate_limits', tableCreated: true, keyPrefix, points, duration })
    : new RateLimiterMemory({ keyPrefix, points, duration });
  const limiter = new BurstyRateLimiter(make('rate', opts.perSecond, 1), make('burst', Math.max(opts.burst, 1), burstWindow));

  return async function rateLimitMiddleware(ctx, next) {
    // Unauthenticated requests are refused by auth without touching data; only callers are limited.
    const actor = await requestActor(opts.auth, ctx);
    if (!actor) return next();
    try {
      await limiter.consume(actor.credentialId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        // The store is unreachable: serving beats refusing, and readiness reports the database.
        opts.log.warn({ err: rejection }, 'rate limiter unavailable; request allowed');
        return next();
      }
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const detail = `Too many requests for this token: the limit is ${opts.perSecond} per second with bursts of ${opts.burst}. Retry after ${retryAfter} s.`;
      ctx.status = 429;
      ctx.set('Retry-After', String(retryAfter));
      ctx.state.scimType = undefined;
      ctx.state.scimDetail = detail;
      ctx.state.actor = actor;
      // Refused before routing: label by surface so metrics and logs group these together.
      ctx.state.route ??= ctx.path.toLowerCase().startsWith('/scim') ? '/scim (rate limited)' : '/graphql';
      if (ctx.path.toLowerCase().startsWith('/scim')) {
        ctx.body = new ScimError(429, undefined, detail).toJSON();
        ctx.type = SCIM_CONTENT_TYPE;
      } else {
        ctx.body = { errors: [{ message: detail, extensions: { code: 'RATE_LIMITED', retryAfter } }] };
      }
      return;
    }
    await next();
  };
}
