// SCIM tokens and admin keys over HTTP, on SQLite and PostgreSQL: generation, listing and
// revocation through GraphQL; who may do what; 401 without a valid secret; revocation taking
// effect within a second; and the token value never written to the database or the logs.

import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionContext } from 'ava';
import anyTest from 'ava';
import type { Knex } from 'knex';
import { isPostgres } from '../../db/connect.js';
import type { Dialect } from '../_helpers/databases.js';
import { eachDialect } from '../_helpers/each-dialect.js';
import { graphFails, graphOk } from '../_helpers/graph-calls.js';
import { startServer, type TestServer } from '../_helpers/server.js';

const GENERATE = 'mutation($label: String!) { generateScimToken(label: $label) { token scimToken { id label created lastUsed revoked } } }';
const LIST = 'query { scimTokens { id label created lastUsed revoked } }';
const REVOKE = 'mutation($id: ID!) { revokeScimToken(id: $id) { id label revoked } }';

async function serverFor(t: ExecutionContext, dialect: Dialect): Promise<TestServer> {
  const s = await startServer(dialect);
  t.teardown(() => s.close());
  return s;
}

/** Polls until `probe` is true; returns the milliseconds it took, or null after `withinMs`. */
async function msUntil(probe: () => Promise<boolean>, withinMs: number): Promise<number | null> {
  const start = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - start;
    if (Date.now() - start > withinMs) return null;
    await sleep(50);
  }
}

eachDialect('generateScimToken returns the token once; scimTokens lists it without the value; it authenticates', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { generateScimToken: g } = await graphOk(s, GENERATE, { label: 'Entra production' });
  t.regex(g.token, /^avs_[A-Za-z0-9_-]{43}$/);
  t.like(g.scimToken, { label: 'Entra production', lastUsed: null, revoked: null });

  const { scimTokens } = await graphOk(s, LIST);
  t.deepEqual(scimTokens.map((c: { label: string }) => c.label), ['entra-a', 'Entra production']);
  t.deepEqual(scimTokens[1], g.scimToken);

  t.is((await s.scim('GET', '/v2/Users', undefined, { token: g.token })).status, 200);
  t.deepEqual(await graphOk(s, 'query { workspace { slug } }', {}, g.token), { workspace: { slug: 'a' } });
  // Use is recorded (asynchronously, at most once a minute per token).
  const used = await msUntil(async () => (await graphOk(s, LIST)).scimTokens[1].lastUsed !== null, 2000);
  t.not(used, null, 'lastUsed is set after the token is used');

  // Every generation is a new secret.
  const { generateScimToken: other } = await graphOk(s, 'mutation { generateScimToken { token scimToken { label } } }');
  t.not(other.token, g.token);
  t.is(other.scimToken.label, 'SCIM');
  await graphFails(t, s, 'BAD_USER_INPUT', GENERATE, { label: '  ' });
  t.is((await graphOk(s, LIST)).scimTokens.length, 3);
});

eachDialect('token management requires an admin key: a SCIM token gets FORBIDDEN and changes nothing', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  // lastUsed moves when the token is used; everything else must stay as it was.
  const tokens = async () => (await graphOk(s, LIST)).scimTokens.map(({ lastUsed: _, ...c }: { lastUsed: unknown }) => c);
  const before = await tokens();
  const tokenId = before[0].id;
  for (const [query, vars] of [[LIST, {}], [GENERATE, { label: 'sneaky' }], [REVOKE, { id: tokenId }]] as const) {
    const error = await graphFails(t, s, 'FORBIDDEN', query, vars, s.tokens.a);
    t.regex(error.message, /admin key/);
  }
  t.deepEqual(await tokens(), before);
  t.is(before.length, 1);
  // The SCIM token still works, and may manage users and groups of its workspace.
  t.is((await s.scim('GET', '/v2/Users')).status, 200);
  const { createUser } = await graphOk(s, 'mutation { createUser(input: { userName: "via-token@example.com" }) { userName } }', {}, s.tokens.a);
  t.is(createUser.userName, 'via-token@example.com');
});

eachDialect('without a valid secret /graphql and /scim answer 401', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { generateScimToken: g } = await graphOk(s, GENERATE, { label: 'doomed' });
  await graphOk(s, REVOKE, { id: g.scimToken.id });
  const headers: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['an unknown token', { authorization: `Bearer avs_${'x'.repeat(43)}` }],
    ['a known token with a character added', { authorization: `Bearer ${s.tokens.a}x` }],
    ['a known token as Basic', { authorization: `Basic ${s.tokens.a}` }],
    ['a known token without the scheme', { authorization: s.tokens.a }],
    ['an overlong secret', { authorization: `Bearer ${'a'.repeat(5000)}` }],
    ['a revoked token', { authorization: `Bearer ${g.token}` }],
  ];
  for (const [title, auth] of headers) {
    const gql = await fetch(`${s.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query: '{ workspace { id } }' }),
    });
    t.is(gql.status, 401, `/graphql with ${title}`);
    t.regex(gql.headers.get('www-authenticate') ?? '', /^Bearer /);
    t.is((await gql.json()).errors[0].extensions.code, 'UNAUTHENTICATED');
    const scim = await s.scim('GET', '/v2/Users', undefined, { token: null, headers: auth });
    t.is(scim.status, 401, `/scim with ${title}`);
    t.deepEqual(scim.body?.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  }
  // A GET carrying a query is an operation, not the landing page.
  const get = await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ workspace { id } }')}`, { headers: { accept: 'text/html' } });
  t.is(get.status, 401);
});

eachDialect('revokeScimToken: the token is refused (401) within a second, on /graphql and /scim', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { generateScimToken: g } = await graphOk(s, GENERATE, { label: 'to revoke' });
  // Warm the authenticator's cache so the revocation has to outlive a cached "yes".
  t.is((await s.scim('GET', '/v2/Users', undefined, { token: g.token })).status, 200);
  t.is((await s.graphql('{ workspace { id } }', {}, g.token)).status, 200);

  const { revokeScimToken } = await graphOk(s, REVOKE, { id: g.scimToken.id });
  t.is(revokeScimToken.id, g.scimToken.id);
  t.false(Number.isNaN(Date.parse(revokeScimToken.revoked)));
  const refused = async () => (await s.scim('GET', '/v2/Users', undefined, { token: g.token })).status === 401 &&
    (await s.graphql('{ workspace { id } }', {}, g.token)).status === 401;
  const ms = await msUntil(refused, 1500);
  t.not(ms, null, 'a revoked token is refused within 1.5 s');

  // Revoking again keeps the first revocation time; other tokens are untouched.
  t.deepEqual((await graphOk(s, REVOKE, { id: g.scimToken.id })).revokeScimToken, revokeScimToken);
  const listed = (await graphOk(s, LIST)).scimTokens.find((c: { id: string }) => c.id === g.scimToken.id);
  t.is(listed.revoked, revokeScimToken.revoked);
  t.is((await s.scim('GET', '/v2/Users')).status, 200);
  // Only SCIM tokens of one's workspace can be revoked: unknown ids and admin keys are NOT_FOUND.
  await graphFails(t, s, 'NOT_FOUND', REVOKE, { id: randomUUID() });
  const adminKeyId = (await s.repos.workspaces.listCredentials(s.workspaces.a, 'admin'))[0]!.id;
  await graphFails(t, s, 'NOT_FOUND', REVOKE, { id: adminKeyId });
  t.deepEqual(await graphOk(s, '{ workspace { slug } }'), { workspace: { slug: 'a' } });
});

anyTest('Apollo Sandbox and /healthz answer without a secret', async (t) => {
  const s = await serverFor(t, 'sqlite');
  const sandbox = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } });
  t.is(sandbox.status, 200);
  t.regex(sandbox.headers.get('content-type') ?? '', /^text\/html/);
  t.regex(await sandbox.text(), /<html|<!DOCTYPE html/i);
  const health = await fetch(`${s.url}/healthz`);
  t.is(health.status, 200);
  t.deepEqual(await health.json(), { status: 'ok' });
});

/** Every row of every table of the app's database, as text. */
async function dumpDatabase(db: Knex): Promise<{ tables: string[]; text: string }> {
  const tables: string[] = isPostgres(db)
    ? (await db.raw(`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`)).rows.map((r: { name: string }) => r.name)
    : (await db.raw(`select name from sqlite_master where type = 'table'`)).map((r: { name: string }) => r.name);
  let text = '';
  for (const table of tables.sort()) text += `${table}\n${JSON.stringify(await db(table).select())}\n`;
  return { tables, text };
}

eachDialect('the token value appears neither in the database nor in the logs', async (t, dialect) => {
  const s = await serverFor(t, dialect);
  const { generateScimToken: g } = await graphOk(s, GENERATE, { label: 'hygiene' });
  const token: string = g.token;
  // Use it the ways a client would, including requests that fail.
  t.is((await s.scim('GET', '/v2/Users', undefined, { token })).status, 200);
  t.is((await s.scim('POST', '/v2/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'h@example.com' }, { token })).status, 201);
  t.is((await s.scim('POST', '/v2/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'h@example.com' }, { token })).status, 409);
  t.is((await s.scim('GET', '/v2/Users?filter=bogus', undefined, { token })).status, 400);
  t.is((await s.scim('GET', '/v2/Nope', undefined, { token })).status, 404);
  await graphOk(s, 'query { users { totalResults } }', {}, token);
  await graphFails(t, s, 'FORBIDDEN', LIST, {}, token);
  await graphFails(t, s, 'NOT_FOUND', 'query($id: ID!) { user(id: $id) { id } }', { id: randomUUID() }, token);
  t.is((await s.scim('GET', '/v2/Users', undefined, { token: `${token}x` })).status, 401);
  t.is((await s.graphql('{ workspace { id } }', {}, `${token}x`)).status, 401);

  const secrets = { generated: token, 'SCIM token a': s.tokens.a, 'SCIM token b': s.tokens.b, 'admin key a': s.adminKeys.a, 'admin key b': s.adminKeys.b };
  const { tables, text } = await dumpDatabase(s.database.db);
  // The dump must reach the credentials (else this test could not fail): their hashes are there.
  t.true(tables.includes('credentials'), tables.join(', '));
  t.true(text.includes(createHash('sha256').update(token).digest('hex')));
  t.true(text.includes('hygiene'));
  const logs = s.logs.join('');
  t.true(s.logs.length >= 10, 'every request was logged');
  t.true(logs.includes('"tokenLabel":"hygiene"'), 'requests are logged by token label');
  for (const [name, secret] of Object.entries(secrets)) {
    const body = secret.slice(4); // without the avs_/ava_ prefix
    t.false(text.includes(body), `${name} is in the database`);
    t.false(logs.includes(body), `${name} is in the logs`);
  }
});
