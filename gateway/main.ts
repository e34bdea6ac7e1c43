// Process entry: loadConfig → openDatabase → migrate → buildGraph → createApp → listen.

import { createServer, type ServerResponse } from 'node:http';
import { openDatabase, startDatabaseMaintenance } from '../db/connect.js';
import { migrateLatest } from '../db/migrate.js';
import { createRepositories } from '../db/repositories/index.js';
import { buildGraphSchema } from '../graph/schema.js';
import { createApp } from './app.js';
import { bootstrapDefaultWorkspace } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const log = createLogger(config.log.level);
const db = openDatabase(config.db);
try {
  await migrateLatest(db);
} catch (err) {
  log.fatal({ err }, `cannot migrate the database: ${(err as Error).message}`);
  await db.destroy();
  process.exit(1);
}
const stopMaintenance = startDatabaseMaintenance(db);
const repos = createRepositories(db);
const schema = await buildGraphSchema();
const app = await createApp({ config, log, db, repos, schema });
const handle = app.koa.callback();
let stopping = false;
const inFlight = new Set<ServerResponse>();
const server = createServer((req, res) => {
  // While draining, answer and close: keep-alive clients would otherwise keep the connection
  // (and the shutdown) busy until the timeout cuts their requests off mid-flight.
  if (stopping) res.setHeader('Connection', 'close');
  inFlight.add(res);
  res.once('close', () => inFlight.delete(res));
  void handle(req, res);
});
server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts

server.listen(config.http.port, config.http.host, async () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  const base = config.http.publicBaseUrl ?? `http://${host}:${port}`;
  log.info({ port, database: config.db.client }, `Avanoo Identity listening on ${base}`);
  // Best effort: a failure here must not take down a server that is already serving.
  const boot = await bootstrapDefaultWorkspace(repos).catch((err) => {
    log.error({ err }, 'could not create the default workspace; create one with `avanoo workspace create`');
    return null;
  });
  if (boot) {
    // Printed once, on the first start: the token is not stored anywhere readable.
    process.stdout.write(`\nNew workspace "default" created.\n  Tenant URL:   ${base}/scim\n  Secret Token: ${boot.token}\n` +
      `  GraphQL:      ${base}/graphql (Apollo Sandbox)\n\n`);
  }
});

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight requests');
  const timer = setTimeout(() => {
    log.warn('shutdown timeout reached; closing remaining connections');
    server.closeAllConnections();
  }, config!.http.shutdownTimeoutMs);
  server.close(async () => {
    clearTimeout(timer);
    await app.stop();
    stopMaintenance();
    await db.destroy();
    log.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
