// /readyz follows the database (through a TCP proxy the test can cut or silence) while
// /healthz, the process check, stays 200; and a build refuses a schema newer than it knows.

import anyTest, { type TestFn } from 'ava';
import { postgresProblem, postgresUrl } from '../_helpers/databases.js';
import {
  createPostgresDatabase, request, sleep, spawnGateway, startGateway,
  type GatewayProcess, type HttpReply, type PostgresDatabase,
} from '../_helpers/gateway-process.js';
import { requirePostgres } from '../_helpers/postgres-only.js';
import { startTcpProxy, type TcpProxy } from '../_helpers/tcp-proxy.js';

const test = anyTest as TestFn<{ pg?: PostgresDatabase; proxy?: TcpProxy; gateway?: GatewayProcess }>;

test.before(async (t) => {
  if (await postgresProblem()) return;
  const pg = await createPostgresDatabase('readyz');
  const target = new URL(postgresUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(pg.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const gateway = await startGateway({ DATABASE_URL: viaProxy.href, LOG_LEVEL: 'fatal' });
  t.context = { pg, proxy, gateway };
});

test.after.always(async (t) => {
  const { pg, proxy, gateway } = t.context;
  gateway?.kill('SIGKILL');
  await gateway?.exited;
  await proxy?.close();
  await pg?.drop();
});

const get = (g: GatewayProcess, path: string) => request(`${g.url}${path}`, 'GET', null).catch((err) => {
  throw new Error(`${path}: ${err.message} (${err.cause?.code}); gateway exit ${g.child.exitCode} ${g.child.signalCode} pid ${g.child.pid} port ${g.port}\n${g.stdout()}\n${g.stderr()}`);
});

/** Polls GET `path` until `ok(reply)` or the deadline; returns the last reply and when it came. */
async function until(g: GatewayProcess, path: string, ok: (r: HttpReply) => boolean, withinMs: number) {
  const started = Date.now();
  for (;;) {
    const reply = await get(g, path);
    const afterMs = Date.now() - started;
    if (ok(reply) || afterMs > withinMs) return { reply, afterMs };
    await sleep(100);
  }
}

test.serial('/readyz: 200, then 503 while the database refuses connections, then 200 again; /healthz stays 200', async (t) => {
  if (!(await requirePostgres(t))) return;
  const { proxy, gateway } = t.context as Required<typeof t.context>;
  t.deepEqual((await get(gateway, '/readyz')).body, { status: 'ready' });

  await proxy.cut();
  const down = await until(gateway, '/readyz', (r) => r.status === 503, 5000);
  t.is(down.reply.status, 503);
  t.is(down.reply.body.status, 'database unavailable');
  t.is((await get(gateway, '/healthz')).status, 200, 'the process is fine: do not restart it');

  await proxy.restore();
  const up = await until(gateway, '/readyz', (r) => r.status === 200, 10_000);
  t.is(up.reply.status, 200, `still ${up.reply.status} ${JSON.stringify(up.reply.body)} ${up.afterMs} ms after the database came back`);
});

test.serial('/readyz answers 503 within its bound while the database is silent, and 200 once it answers', async (t) => {
  if (!(await requirePostgres(t))) return;
  const { proxy, gateway } = t.context as Required<typeof t.context>;
  t.is((await get(gateway, '/readyz')).status, 200);

  proxy.pause();
  try {
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const reply = await get(gateway, '/readyz');
      const tookMs = Date.now() - started;
      t.is(reply.status, 503);
      t.true(tookMs < 3000, `a probe took ${tookMs} ms`);
      t.regex(reply.body.detail, /no answer within/);
    }
    t.is((await get(gateway, '/healthz')).status, 200);
  } finally {
    proxy.resume();
  }
  const up = await until(gateway, '/readyz', (r) => r.status === 200, 10_000);
  t.is(up.reply.status, 200, `still ${JSON.stringify(up.reply.body)} ${up.afterMs} ms after resume`);
});

test.serial('a database migrated by a newer build: running instances report 503, new ones refuse to start, with a clear message', async (t) => {
  if (!(await requirePostgres(t))) return;
  const { pg, gateway } = t.context as Required<typeof t.context>;
  const future = '9999-from-a-newer-build';
  await pg.db('knex_migrations').insert({ name: future, batch: 99, migration_time: new Date() });
  try {
    const stale = await until(gateway, '/readyz', (r) => r.status === 503, 3000);
    t.is(stale.reply.status, 503);
    t.is(stale.reply.body.status, 'schema too new');
    t.regex(stale.reply.body.detail, new RegExp(future));

    const refused = spawnGateway({ DATABASE_URL: pg.url, PORT: '0', HOST: '127.0.0.1' });
    const exit = await refused.exited;
    t.not(exit.code, 0);
    const said = refused.stdout() + refused.stderr();
    t.regex(said, /migrated by a newer version of Avanoo Identity/);
    t.regex(said, new RegExp(future));
  } finally {
    await pg.db('knex_migrations').where({ name: future }).delete();
  }
  t.is((await until(gateway, '/readyz', (r) => r.status === 200, 3000)).reply.status, 200);
});
