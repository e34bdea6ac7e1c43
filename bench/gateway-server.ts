// The real gateway for the benchmark: the same wiring as gateway/main.ts (loadConfig →
// openDatabase → migrate → buildGraphSchema → createApp), on a seeded SQLite file, logging
// one JSON line per request to stdout as in production (the parent points stdout at /dev/null).
// Run as a child of bench/run.ts: argv = <db file | postgres:// URL> [log level]; reports {port} over IPC.
// No rate limit unless RATE_LIMIT_PER_SECOND says otherwise: a benchmark measures the server,
// not the limiter. PROVISIONING_LOG_ENABLED is passed through (default true, as in production).

import { openDatabase } from '../db/connect.js';
import { migrateLatest } from '../db/migrate.js';
import { createRepositories } from '../db/repositories/index.js';
import { createApp } from '../gateway/app.js';
import { loadConfig } from '../gateway/config.js';
import { createLogger } from '../gateway/logger.js';
import { buildGraphSchema } from '../graph/schema.js';
import { serveBenchChild } from './serve-child.js';

const [file, level = 'info'] = process.argv.slice(2) as [string, string?];
const config = loadConfig({
  DATABASE_URL: /^postgres(ql)?:\/\//.test(file) ? file : `sqlite:${file}`, LOG_LEVEL: level, NODE_ENV: 'production',
  RATE_LIMIT_PER_SECOND: process.env.RATE_LIMIT_PER_SECOND ?? '0',
  ...(process.env.PROVISIONING_LOG_ENABLED ? { PROVISIONING_LOG_ENABLED: process.env.PROVISIONING_LOG_ENABLED } : {}),
});
const log = createLogger(config.log.level);
const db = openDatabase(config.db);
await migrateLatest(db);
const repos = createRepositories(db);
const app = await createApp({ config, log, db, repos, schema: await buildGraphSchema() });
serveBenchChild(app.koa.callback(), async () => {
  await app.stop();
  await db.destroy();
});
