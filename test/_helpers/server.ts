// A real server on a random loopback port over a fresh database, with two workspaces
// (a and b), a SCIM token and an admin key for each, and small fetch helpers.

import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { createRepositories, type Repositories } from '../../db/repositories/index.js';
import { createApp } from '../../gateway/app.js';
import { loadConfig, type Config } from '../../gateway/config.js';
import { pino } from 'pino';
import { buildGraphSchema } from '../../graph/schema.js';
import { freshDatabase, type Dialect, type FreshDatabase } from './databases.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestServer {
  url: string;
  dialect: Dialect;
  repos: Repositories;
  database: FreshDatabase;
  /** every log line written while the server ran */
  logs: string[];
  tokens: { a: string; b: string };
  adminKeys: { a: string; b: string };
  workspaces: { a: string; b: string };
  scim(method: string, path: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string>; raw?: string }): Promise<Reply>;
  graphql(query: string, variables?: Record<string, unknown>, secret?: string | null): Promise<Reply>;
  close(): Promise<void>;
}

let schemaPromise: ReturnType<typeof buildGraphSchema> | undefined;

/**
 * `opts.database`: serve an existing database (several servers on one database, as instances
 * behind a load balancer); its owner drops it, close() does not. Workspaces a and b are reused
 * when present, with fresh credentials per server.
 */
export async function startServer(dialect: Dialect, env: Record<string, string> = {},
  opts: { database?: FreshDatabase } = {}): Promise<TestServer> {
  const database = opts.database ?? await freshDatabase(dialect);
  // Rate limiting is off unless a test turns it on: suites fire bursts with one token.
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'info', RATE_LIMIT_PER_SECOND: '0', ...env }), db: database.config };
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const log = pino({ level: 'info', base: undefined, redact: { paths: ['req.headers.authorization'], censor: '[redacted]' } }, sink);
  const repos = createRepositories(database.db);
  schemaPromise ??= buildGraphSchema();
  const app = await createApp({ config, log, db: database.db, repos, schema: await schemaPromise });
  const server: Server = createServer(app.koa.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ws = { a: await repos.workspaces.ensure('a'), b: await repos.workspaces.ensure('b') };
  const tokens = {
    a: (await repos.workspaces.createCredential(ws.a.id, 'scim', 'entra-a')).secret,
    b: (await repos.workspaces.createCredential(ws.b.id, 'scim', 'entra-b')).secret,
  };
  const adminKeys = {
    a: (await repos.workspaces.createCredential(ws.a.id, 'admin', 'admin-a')).secret,
    b: (await repos.workspaces.createCredential(ws.b.id, 'admin', 'admin-b')).secret,
  };

  const send = async (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> => {
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };

  return {
    url, dialect, repos, database, logs, tokens, adminKeys,
    workspaces: { a: ws.a.id, b: ws.b.id },
    scim(method, path, body, opts = {}) {
      const token = opts.token === undefined ? tokens.a : opts.token;
      const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}) };
      let payload: string | undefined;
      if (opts.raw !== undefined) payload = opts.raw;
      else if (body !== undefined) payload = JSON.stringify(body);
      if (payload !== undefined) headers['content-type'] = 'application/scim+json; charset=utf-8';
      return send(method, path.startsWith('/scim') ? path : `/scim${path}`, { ...headers, ...opts.headers }, payload);
    },
    graphql(query, variables = {}, secret) {
      const key = secret === undefined ? adminKeys.a : secret;
      return send('POST', '/graphql', {
        'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}),
      }, JSON.stringify({ query, variables }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.stop();
      if (!opts.database) await database.drop();
    },
  };
}
