// The SCIM gateway under /scim and /scim/v2: error wrapper, routing (404/405 as SCIM errors),
// auth for everything but discovery, and request bodies. Handlers live in users.ts, groups.ts
// and discovery.ts.

import type { GraphQLSchema } from 'graphql';
import type { Middleware } from 'koa';
import type { GraphClient } from '../../graph/client.js';
import type { Authenticator } from '../authenticator.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { scimAuth } from '../middleware/scim-auth.js';
import { scimBody } from '../middleware/scim-body.js';
import { scimErrors } from '../middleware/scim-errors.js';
import { ScimError } from '../scim/errors.js';
import { prepareDocuments } from '../translate/documents.js';
import { discoveryRoutes } from './discovery.js';
import { createGraphRunner, type RunGraph } from './graph-runner.js';
import { groupRoutes } from './groups.js';
import type { Route, ScimContext } from './route.js';
import { searchRoutes } from './search.js';
import { userRoutes } from './users.js';

export interface ScimGatewayDeps {
  config: Config;
  log: Logger;
  auth: Authenticator;
  graph: GraphClient;
  schema: GraphQLSchema;
}

/** What route factories receive: the gateway's dependencies and the one graph runner. */
export interface ScimRouteDeps extends ScimGatewayDeps {
  run: RunGraph;
}

export function createScimGateway(gatewayDeps: ScimGatewayDeps): Middleware {
  // Every GraphQL document is parsed and validated here, once, for all routes.
  const deps: ScimRouteDeps = { ...gatewayDeps, run: createGraphRunner(gatewayDeps.graph, prepareDocuments(gatewayDeps.schema)) };
  // Fewer parameters first (stable), so a literal segment wins over a parameter whatever the
  // order of the lists: /Users/.search before /Users/:id.
  const paramCount = (r: Route) => r.name.split('/').filter((seg) => seg.startsWith(':')).length;
  const routes: Route[] = [
    ...discoveryRoutes(deps), ...userRoutes(deps), ...groupRoutes(deps), ...searchRoutes(deps),
  ].sort((a, b) => paramCount(a) - paramCount(b));
  const errors = scimErrors(deps.log);
  const auth = scimAuth(deps.auth);
  const body = scimBody(deps.config.http.maxBodyBytes);

  return async function scimGateway(ctx, next) {
    await errors(ctx, async () => {
      const m = /^(\/scim(?:\/v2)?)(\/.*)?$/i.exec(ctx.path)!;
      const prefix = m[1]!;
      const rest = (m[2] ?? '/').replace(/\/+$/, '') || '/';
      const base = deps.config.http.publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`;
      (ctx as ScimContext).scim = { baseUrl: `${base}${prefix}` };

      // The first route whose path matches decides: GET /Users/.search is a 405, not a
      // lookup of the user ".search".
      for (const route of routes) {
        const params = route.match(rest);
        if (!params) continue;
        const handler = route.methods[ctx.method] ?? (ctx.method === 'HEAD' ? route.methods.GET : undefined);
        if (!handler) {
          const allowed = Object.keys(route.methods);
          throw new ScimError(405, undefined, `${ctx.method} is not supported on ${ctx.path}; use ${allowed.join(', ')}.`, { headers: { Allow: allowed.join(', ') } });
        }
        ctx.state.route = `${prefix}${route.name}`;
        (ctx as ScimContext).params = params;
        const run = async () => { await handler(ctx as ScimContext); };
        if (route.public) return body(ctx, run);
        return auth(ctx, () => body(ctx, run));
      }
      throw new ScimError(404, undefined, `No SCIM endpoint at ${ctx.path}. Endpoints: /Users, /Groups, /ServiceProviderConfig, /Schemas, /ResourceTypes, /.search.`);
    });
    void next;
  };
}
