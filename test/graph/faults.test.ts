import test from 'ava';
import { eachDialect } from '../_helpers/each-dialect.js';
import { startServer } from '../_helpers/server.js';

eachDialect('a resolver fault answers INTERNAL_SERVER_ERROR without SQL or stack, and is logged', async (t) => {
  const s = await startServer(t.title.startsWith('[sqlite]') ? 'sqlite' : 'postgres');
  try {
    // Authenticate once (cached for a second), then pull the database away under the resolver.
    t.is((await s.graphql('{ workspace { slug } }')).status, 200);
    await s.database.db.destroy();
    const res = await s.graphql('{ users(where: { userName: { eq: "x" } }) { totalResults } }');
    const error = res.body.errors?.[0];
    t.is(error?.extensions?.code, 'INTERNAL_SERVER_ERROR');
    t.is(error?.message, 'Internal server error');
    t.notRegex(res.text, /select |from |where |stack|knex|pool/i);
    t.true(s.logs.some((l) => l.includes('graphql resolver fault')));
  } finally {
    await s.close().catch(() => {});
  }
}, test);
