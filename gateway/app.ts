// Wiring only: the Koa app with /healthz, /readyz, /graphql and the SCIM gateway under /scim
// and /scim/v2.

import type { GraphQLSchema } from 'graphql';
import Koa from 'koa';
import type { Knex } from 'knex';
import type { Repositories } from '../db/repositories/index.js';
import { createGraphClient } from '../graph/client.js';
import { createAuthenticator } from './authenticator.js';
import type { Config } from './config.js';
import { createGraphqlEndpoint } from './graphql-endpoint.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { accessLog } from './middleware/access-log.js';
import { provisioningLog } from './middleware/provisioning-log.js';
import { rateLimit } from './middleware/rate-limit.js';
import { createProvisioningRecorder } from './provisioning-recorder.js';
import { readiness } from './readiness.js';
import { requestId } from './middleware/request-id.js';
import { createScimGateway } from './routes/scim-gateway.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  db: Knex;
  repos: Repositories;
  schema: GraphQLSchema;
}

export interface App {
  koa: Koa;
  /** Stops background work (Apollo); the HTTP server is closed by its owner. */
  stop(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const koa = new Koa({ proxy: deps.config.http.trustProxy });
  const auth = createAuthenticator(deps.repos.workspaces);
  const graphql = await createGraphqlEndpoint({ schema: deps.schema, repos: deps.repos, auth, config: deps.config, log: deps.log });
  const scim = createScimGateway({
    config: deps.config, log: deps.log, auth,
    graph: createGraphClient(deps.schema, deps.repos), schema: deps.schema,
  });

  const recorder = createProvisioningRecorder(deps.repos.provisioningLog, deps.log, deps.config.provisioningLog.retentionDays);
  const recordProvisioning: Koa.Middleware = deps.config.provisioningLog.enabled
    ? provisioningLog(recorder)
    : async (_ctx, next) => { await next(); };
  const limit = rateLimit({ db: deps.db, auth, log: deps.log, ...deps.config.rateLimit });
  const metrics = createMetrics(deps.db);

  koa.silent = true; // errors are logged once, by the access log and the error middlewares
  koa.use(requestId());
  koa.use(accessLog(deps.log));
  koa.use(metrics.middleware);
  koa.use(async function routes(ctx, next) {
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
    } else if (ctx.path === '/readyz') {
      const { ready, body } = await readiness(deps.db);
      ctx.status = ready ? 200 : 503;
      ctx.body = body;
    } else if (ctx.path === '/graphql') {
      ctx.state.route = '/graphql';
      await limit(ctx, () => graphql.middleware(ctx, next));
    } else if (/^\/scim(\/|$)/i.test(ctx.path)) {
      await recordProvisioning(ctx, () => limit(ctx, () => scim(ctx, next)));
    } else {
      ctx.status = 404;
      ctx.body = { error: 'Not found. SCIM is served under /scim, GraphQL at /graphql.' };
    }
  });
  return {
    koa,
    async stop() {
      await recorder.stop();
      await graphql.stop();
    },
  };
}
