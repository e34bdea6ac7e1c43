import type { Middleware } from 'koa';
import { type Authenticator, bearerSecret, requestActor } from '../authenticator.js';
import { ScimError } from '../scim/errors.js';

const challenge = { 'WWW-Authenticate': 'Bearer realm="avanoo-identity-scim"' };

/** SCIM token → ctx.state.actor; anything else is a 401 that says what was wrong. */
export function scimAuth(auth: Authenticator): Middleware {
  return async function scimAuthMiddleware(ctx, next) {
    const header = ctx.get('authorization');
    const secret = bearerSecret(header);
    if (!secret) {
      throw new ScimError(401, undefined, header
        ? 'The Authorization header must be "Bearer <SCIM token>".'
        : 'Authentication required: send the SCIM token as "Authorization: Bearer <token>".', { headers: challenge });
    }
    const actor = await requestActor(auth, ctx);
    if (!actor) {
      throw new ScimError(401, undefined, 'The SCIM token is unknown or has been revoked. Generate a new one under Integrations → SCIM.', { headers: challenge });
    }
    ctx.state.actor = actor;
    await next();
  };
}
