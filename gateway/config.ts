// The only reader of the environment. Pure: takes an env record, returns a frozen Config or
// throws one error that lists every problem at once.

import { resolve } from 'node:path';
import type { DbConfig } from '../db/connect.js';

export interface Config {
  http: { host: string; port: number; publicBaseUrl: string | null; trustProxy: boolean; maxBodyBytes: number; shutdownTimeoutMs: number };
  scim: { defaultPageSize: number; maxPageSize: number };
  db: DbConfig;
  graph: { landingPage: boolean; introspection: boolean };
  log: { level: string };
  rateLimit: { perSecond: number; burst: number };
  provisioningLog: { enabled: boolean; retentionDays: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name}=${env[name]}: expected true or false`);
    return fallback;
  };

  const production = env.NODE_ENV === 'production';
  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';

  let publicBaseUrl: string | null = null;
  if (env.PUBLIC_BASE_URL) {
    try {
      const u = new URL(env.PUBLIC_BASE_URL);
      if (!/^https?:$/.test(u.protocol)) throw new Error();
      publicBaseUrl = u.href.replace(/\/+$/, '');
    } catch {
      problems.push(`PUBLIC_BASE_URL=${env.PUBLIC_BASE_URL}: expected an absolute http(s) URL such as https://identity.example.com`);
    }
  }

  const db = parseDatabaseUrl(env.DATABASE_URL, cwd, problems, {
    poolMax: int('DATABASE_POOL_MAX', 10, 1, 1000),
    statementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000),
  });

  const defaultPageSize = int('SCIM_DEFAULT_PAGE_SIZE', 100, 1, 1000);
  const maxPageSize = int('SCIM_MAX_PAGE_SIZE', 1000, 1, 1000);
  if (defaultPageSize > maxPageSize) problems.push(`SCIM_DEFAULT_PAGE_SIZE (${defaultPageSize}) must not exceed SCIM_MAX_PAGE_SIZE (${maxPageSize})`);

  const level = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
    problems.push(`LOG_LEVEL=${level}: expected fatal, error, warn, info, debug, trace or silent`);
  }

  const config: Config = {
    http: {
      host, port, publicBaseUrl,
      trustProxy: bool('TRUST_PROXY', false),
      maxBodyBytes: int('MAX_BODY_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    },
    scim: { defaultPageSize, maxPageSize },
    db,
    graph: { landingPage: !production, introspection: bool('GRAPHQL_INTROSPECTION', true) },
    log: { level },
    rateLimit: { perSecond: int('RATE_LIMIT_PER_SECOND', 50, 0, 1_000_000), burst: int('RATE_LIMIT_BURST', 200, 0, 10_000_000) },
    provisioningLog: { enabled: bool('PROVISIONING_LOG_ENABLED', true), retentionDays: int('PROVISIONING_LOG_RETENTION_DAYS', 30, 1, 3650) },
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

function parseDatabaseUrl(raw: string | undefined, cwd: string, problems: string[],
  pg: { poolMax: number; statementTimeoutMs: number }): DbConfig {
  if (!raw) return { client: 'better-sqlite3', filename: resolve(cwd, 'data/avanoo.db') };
  if (raw === 'sqlite::memory:') return { client: 'better-sqlite3', filename: ':memory:' };
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) problems.push('DATABASE_URL=sqlite: needs a file path, e.g. sqlite:./data/avanoo.db');
    return { client: 'better-sqlite3', filename: resolve(cwd, path || 'data/avanoo.db') };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    return { client: 'pg', connectionString: raw, pool: { min: 0, max: pg.poolMax }, statementTimeoutMs: pg.statementTimeoutMs };
  }
  problems.push(`DATABASE_URL: expected postgres://…, sqlite:<path> or sqlite::memory: (got "${raw.replace(/:[^:@/]*@/, ':***@')}")`);
  return { client: 'better-sqlite3', filename: ':memory:' };
}
