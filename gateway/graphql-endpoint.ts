// /graphql for Avanoo's frontends and admin tools: the same schema the SCIM gateway runs
// in-process. Callers present an admin key or a SCIM token; the landing page (Apollo Sandbox)
// is open so developers can explore, every operation is not.

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { koaMiddleware } from '@as-integrations/koa';
import { bodyParser } from '@koa/bodyparser';
import type { GraphQLSchema } from 'graphql';
import compose from 'koa-compose';
import type { Middleware } from 'koa';
import type { Repositories } from '../db/repositories/index.js';
import type { GraphContext } from '../graph/context.js';
import { type Authenticator, requestActor } from './authenticator.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export async function createGraphqlEndpoint(deps: {
  schema: GraphQLSchema; repos: Repositories; auth: Authenticator; config: Config; log: Logger;
}): Promise<{ middleware: Middleware; stop: () => Promise<void> }> {
  const apollo = new ApolloServer<GraphContext>({
    schema: deps.schema,
    introspection: deps.config.graph.introspection,
    // main.ts owns SIGTERM/SIGINT and calls stop() itself. Apollo's own handler would start a
    // second, concurrent stop(), and that one never settles (Apollo 5 leaves its barrier
    // unresolved on success), so the process hung on SIGTERM instead of exiting.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Domain errors carry a code and a message written for callers. Anything else is a fault
    // whose message may hold SQL or ids: log it whole, answer without it.
    formatError(formatted, error) {
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      deps.log.error({ err: (error as { originalError?: unknown })?.originalError ?? error, path: formatted.path }, 'graphql resolver fault');
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
    plugins: [deps.config.graph.landingPage
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
      : ApolloServerPluginLandingPageProductionDefault({ footer: false })],
  });
  await apollo.start();

  const requireSecret: Middleware = async function graphqlAuth(ctx, next) {
    // The landing page itself holds no data; the browser asks for it with Accept: text/html.
    const landing = ctx.method === 'GET' && ctx.accepts('text/html') === 'text/html' && !ctx.query.query;
    const actor = await requestActor(deps.auth, ctx);
    if (!actor && !landing) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer realm="avanoo-identity"');
      ctx.body = { errors: [{ message: 'A valid admin key or SCIM token is required (Authorization: Bearer <secret>)', extensions: { code: 'UNAUTHENTICATED' } }] };
      return;
    }
    ctx.state.actor = actor;
    await next();
  };

  const middleware = compose([
    requireSecret,
    bodyParser({ enableTypes: ['json'], jsonLimit: deps.config.http.maxBodyBytes }),
    koaMiddleware(apollo, {
      context: async ({ ctx }) => ({ repos: deps.repos, actor: ctx.state.actor ?? null, requestId: ctx.state.requestId }),
    }),
  ]) as Middleware;
  return { middleware, stop: () => apollo.stop() };
}
