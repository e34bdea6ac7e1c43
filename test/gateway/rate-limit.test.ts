// Per-token rate limits: a sustained rate plus a burst, then 429 with a SCIM error body and
// Retry-After; other tokens are unaffected; on Postgres the budget is shared by all instances.

import test from 'ava';
import { loadConfig } from '../../gateway/config.js';
import { freshDatabase } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';
import { requirePostgres } from '../_helpers/postgres-only.js';
import { startServer, type Reply } from '../_helpers/server.js';

const limits = { RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '5' };
/** 5 per second plus a burst of 5: what one token gets in its first second. */
const firstSecondBudget = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fires `n` requests at once; the window is one second, so counts are exact only if they all fit. */
async function burst(n: number, send: (i: number) => Promise<Reply>) {
  const started = Date.now();
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  return { replies, withinWindow: Date.now() - started < 900, ok: replies.filter((r) => r.status === 200).length,
    limited: replies.filter((r) => r.status === 429) };
}

eachDialect('over rate and burst a token gets 429 with a SCIM error and Retry-After, then recovers', async (t, dialect) => {
  const s = await startServer(dialect, limits);
  try {
    const { ok, limited, withinWindow } = await burst(20, () => s.scim('GET', '/Users?count=0'));
    if (withinWindow) t.is(ok, firstSecondBudget);
    else t.true(ok >= firstSecondBudget && ok < 20, `${ok} allowed over more than a second`);
    t.true(limited.length >= 1);

    const r = limited[0]!;
    t.regex(r.headers.get('content-type') ?? '', /^application\/scim\+json/);
    t.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    t.is(r.body.status, '429');
    t.is(r.body.scimType, undefined);
    t.regex(r.body.detail, /5 per second with bursts of 5/);
    const retryAfter = Number(r.headers.get('retry-after'));
    t.true(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2, `Retry-After: ${r.headers.get('retry-after')}`);

    // Another token of the same workspace and an admin key have budgets of their own.
    t.is((await s.scim('GET', '/Users?count=0', undefined, { token: s.tokens.b })).status, 200);
    t.is((await s.graphql('{ workspace { id } }')).status, 200);

    await sleep(retryAfter * 1000 + 100);
    t.is((await s.scim('GET', '/Users?count=0')).status, 200, 'allowed again after Retry-After');
  } finally {
    await s.close();
  }
});

eachDialect('GraphQL callers are limited too, with a GraphQL error and Retry-After', async (t, dialect) => {
  const s = await startServer(dialect, limits);
  try {
    const { ok, limited, withinWindow } = await burst(20, () => s.graphql('{ workspace { id } }'));
    if (withinWindow) t.is(ok, firstSecondBudget);
    t.true(limited.length >= 1);
    t.is(limited[0]!.body.errors[0].extensions.code, 'RATE_LIMITED');
    t.true(Number(limited[0]!.headers.get('retry-after')) >= 1);
  } finally {
    await s.close();
  }
});

eachDialect('refused requests are in the provisioning log; requests without a valid token are not limited', async (t, dialect) => {
  const s = await startServer(dialect, limits);
  try {
    const { limited } = await burst(15, () => s.scim('GET', '/Users?count=0'));
    let rows: { status: number; scim_type: string | null; detail: string }[] = [];
    for (let i = 0; i < 50 && rows.length < limited.length; i++) {
      await sleep(50);
      rows = await s.database.db('provisioning_log').where({ status: 429 }).select('status', 'scim_type', 'detail');
    }
    t.is(rows.length, limited.length);
    t.regex(rows[0]!.detail, /Too many requests/);

    const anonymous = await Promise.all(Array.from({ length: 20 }, () => s.scim('GET', '/Users', undefined, { token: 'avs_not-a-token' })));
    t.deepEqual([...new Set(anonymous.map((r) => r.status))], [401]);
  } finally {
    await s.close();
  }
});

test('[postgres] two instances on one database share one budget per token', async (t) => {
  if (!(await requirePostgres(t))) return;
  const database = await freshDatabase('postgres');
  const one = await startServer('postgres', limits, { database });
  const two = await startServer('postgres', limits, { database });
  try {
    const token = one.tokens.a; // valid on both: they share the database
    const servers = [one, two];
    const { ok, limited, withinWindow, replies } = await burst(20, (i) => servers[i % 2]!.scim('GET', '/Users?count=0', undefined, { token }));
    // Separate in-process budgets would allow 10 on each instance, 20 in all.
    if (withinWindow) t.is(ok, firstSecondBudget);
    else t.true(ok < 20, `${ok} of 20 allowed`);
    t.true(limited.length >= 1);
    t.true(replies.every((r) => r.status === 200 || r.status === 429));
  } finally {
    await one.close();
    await two.close();
    await database.drop();
  }
});

test('defaults leave room for Entra bursts; 0 turns limiting off', (t) => {
  t.deepEqual(loadConfig({}).rateLimit, { perSecond: 50, burst: 200 });
  t.is(loadConfig({ RATE_LIMIT_PER_SECOND: '0' }).rateLimit.perSecond, 0);
});
