// One test per SCIM error of issue 3 (RFC 7644 §3.12), over HTTP: status, scimType, a detail
// that says what to fix, and the Error body shape. Then discovery, which needs no token.

import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import { eachDialect } from '../_helpers/each-dialect.js';
import {
  ENTERPRISE, ERROR, LIST_RESPONSE, SCIM_JSON, USER, patchOp, query, userBody, withServer,
} from '../_helpers/scim-query.js';
import type { Reply, TestServer } from '../_helpers/server.js';

/** Every error answer: the status, SCIM's Error body with status as a string, a detail, and
 * the scimType when one is expected (and none when not). */
function isScimError(t: ExecutionContext, res: Reply, status: number, scimType?: string, detail?: RegExp): void {
  const context = `${res.status} ${res.text}`;
  t.is(res.status, status, context);
  t.is(res.headers.get('content-type'), SCIM_JSON, context);
  t.deepEqual(res.body?.schemas, [ERROR], context);
  t.is(res.body?.status, String(status), context);
  t.is(res.body?.scimType, scimType, context);
  t.is(typeof res.body?.detail, 'string', context);
  t.true(res.body.detail.length > 10, context);
  if (detail) t.regex(res.body.detail, detail);
}

async function aUser(s: TestServer, userName = 'a@x.com', extra: Record<string, unknown> = {}) {
  const res = await s.scim('POST', '/Users', userBody(userName, extra));
  if (res.status !== 201) throw new Error(res.text);
  return res.body;
}

eachDialect('400 invalidSyntax: malformed JSON and message structures of the wrong JSON type', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    isScimError(t, await s.scim('POST', '/Users', undefined, { raw: '{"userName": "b@x.com",' }), 400, 'invalidSyntax', /JSON/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, undefined, { raw: '{"Operations": [}' }), 400, 'invalidSyntax', /JSON/);
    isScimError(t, await s.scim('POST', '/Users', [userBody('b@x.com')]), 400, 'invalidSyntax', /array/);
    isScimError(t, await s.scim('POST', '/Users', undefined, { raw: '' }), 400, 'invalidSyntax', /empty/);
    isScimError(t, await s.scim('POST', '/Users', 'b@x.com'), 400, 'invalidSyntax', /object/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, { schemas: patchOp().schemas, Operations: { op: 'add' } }), 400, 'invalidSyntax', /Operations/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, { Operations: [] }), 400, 'invalidSyntax', /schemas/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'frobnicate', path: 'title', value: 'x' })), 400, 'invalidSyntax', /Operation 1.*"op"/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'add', path: 7, value: 'x' })), 400, 'invalidSyntax', /"path" must be a string/);
    isScimError(t, await s.scim('POST', '/Users/.search', { filter: 'userName pr' }), 400, 'invalidSyntax', /SearchRequest/);
  });
});

eachDialect('400 invalidValue: missing or empty userName, values of the wrong type, bad booleans, unknown manager', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    isScimError(t, await s.scim('POST', '/Users', { schemas: [USER], displayName: 'No name' }), 400, 'invalidValue', /userName/);
    isScimError(t, await s.scim('POST', '/Users', userBody('  ')), 400, 'invalidValue', /userName/);
    isScimError(t, await s.scim('POST', '/Users', userBody('b@x.com', { active: 'yes' })), 400, 'invalidValue', /active.*boolean/);
    isScimError(t, await s.scim('POST', '/Users', { schemas: [USER], userName: 42 }), 400, 'invalidValue', /userName/);
    isScimError(t, await s.scim('POST', '/Users', userBody('b@x.com', { emails: ['b@x.com'] })), 400, 'invalidValue', /emails\[0\]/);
    isScimError(t, await s.scim('POST', '/Users', userBody('b@x.com', { name: 'B' })), 400, 'invalidValue', /name/);
    isScimError(t, await s.scim('POST', '/Users', userBody('b@x.com', { [ENTERPRISE]: { manager: randomUUID() } })), 400, 'invalidValue', /manager/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'active', value: 'Nope' })), 400, 'invalidValue', /Operation 1/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'userName', value: '' })), 400, 'invalidValue', /userName/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp()), 400, 'invalidValue', /Operations/);
    isScimError(t, await s.scim('GET', `/Users${query({ count: 'ten' })}`), 400, 'invalidValue', /count/);
    isScimError(t, await s.scim('GET', `/Users${query({ sortOrder: 'up' })}`), 400, 'invalidValue', /sortOrder/);
    isScimError(t, await s.scim('GET', `/Users${query({ sortBy: 'emails' })}`), 400, 'invalidValue', /sort/);
    t.is((await s.scim('GET', `/Users/${u.id}`)).body.meta.version, u.meta.version, 'nothing was written');
  });
});

eachDialect('400 invalidFilter: a filter that is not understood is an error with its position, never an empty list', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    await aUser(s);
    const cases: [string, RegExp][] = [
      ['userName eq', /position 12/],
      ['userName eq "a@x.com" and', /position 26/],
      ['userName xx "a@x.com"', /position 10.*"xx"/],
      ['(userName eq "a@x.com"', /position 23/],
      ['emails[type eq "work"', /position 22/],
      ['userName eq "a@x.com', /position 13/],
      ['userName eq a@x.com', /position 13.*double quotes/],
      ['userName pr extra', /position 13/],
      ['foo eq "x"', /Unknown attribute "foo"/],
      [`${ENTERPRISE}:nosuch eq "x"`, /Unknown attribute/],
      ['name eq "x"', /sub-attributes/],
      ['userName gt 3', /quoted string/],
      ['active eq "maybe"', /boolean/],
      ['meta.lastModified gt "yesterday"', /ISO 8601/],
      ['emails[type eq "work"][value eq "x"]', /position/],
      ['x'.repeat(10_001), /10000/],
    ];
    for (const [filter, detail] of cases) {
      isScimError(t, await s.scim('GET', `/Users${query({ filter })}`), 400, 'invalidFilter', detail);
    }
    const searched = await s.scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq' });
    isScimError(t, searched, 400, 'invalidFilter', /position 12/);
  });
});

eachDialect('400 invalidPath: PATCH paths that name nothing or do not parse', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    const cases: [object, RegExp][] = [
      [{ op: 'replace', path: 'nosuch', value: 'x' }, /unknown attribute "nosuch"/],
      [{ op: 'replace', path: 'name.nosuch', value: 'x' }, /nosuch/],
      [{ op: 'add', path: 'emails[type eq "work"', value: 'x' }, /position/],
      [{ op: 'add', path: 'displayName[value eq "x"]', value: 'x' }, /simple/],
      [{ op: 'add', path: 'name', value: { nosuch: 'x' } }, /nosuch/],
      [{ op: 'add', path: `${ENTERPRISE}:nosuch`, value: 'x' }, /nosuch/],
    ];
    for (const [op, detail] of cases) {
      isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp(op)), 400, 'invalidPath', detail);
    }
  });
});

eachDialect('400 noTarget: a remove without path, a value filter that matches nothing and cannot describe an entry', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s, 'a@x.com', { emails: [{ type: 'work', value: 'a@x.com' }] });
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'remove' })), 400, 'noTarget', /path/);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'emails[value co "nowhere"].value', value: 'b@x.com' })), 400, 'noTarget', /emails/);
  });
});

eachDialect('400 mutability: PATCH of readOnly attributes (id, meta, groups, manager.displayName)', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    for (const path of ['id', 'meta.created', 'meta', 'groups', `${ENTERPRISE}:manager.displayName`]) {
      isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path, value: 'x' })), 400, 'mutability', /readOnly/);
    }
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'remove', path: 'id' })), 400, 'mutability', /readOnly/);
    // sending back the unchanged id in a no-path replace (Okta does) is not a change
    const echo = await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', value: { id: u.id, displayName: 'A' } }));
    t.is(echo.status, 200, echo.text);
  });
});

eachDialect('tooMany is never sent: a page larger than the maximum is clamped, not refused', async (t, dialect) => {
  // RFC 7644 §3.12 allows tooMany for filters yielding more than the server will process. We
  // page every result in the database, so we cut the page to SCIM_MAX_PAGE_SIZE instead.
  await withServer(dialect, async (s) => {
    for (const n of ['a', 'b', 'c']) await aUser(s, `${n}@x.com`);
    const res = await s.scim('GET', `/Users${query({ filter: 'userName pr', count: 1_000_000 })}`);
    t.is(res.status, 200, res.text);
    t.like(res.body, { schemas: [LIST_RESPONSE], totalResults: 3, itemsPerPage: 2 });
  }, { SCIM_MAX_PAGE_SIZE: '2', SCIM_DEFAULT_PAGE_SIZE: '2' });
});

eachDialect('401: no token, a malformed header, an unknown token and a revoked one, each with WWW-Authenticate: Bearer', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const unauthorized = (res: Reply, detail: RegExp) => {
      isScimError(t, res, 401, undefined, detail);
      t.regex(res.headers.get('www-authenticate') ?? '', /^Bearer\b/);
    };
    unauthorized(await s.scim('GET', '/Users', undefined, { token: null }), /Authorization: Bearer/);
    unauthorized(await s.scim('GET', '/Users', undefined, { token: null, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }), /Bearer <SCIM token>/);
    unauthorized(await s.scim('POST', '/Users', userBody('b@x.com'), { token: 'not-a-token' }), /unknown or has been revoked/);
    unauthorized(await s.scim('DELETE', `/Users/${randomUUID()}`, undefined, { token: `${s.tokens.a}x` }), /unknown/);

    const { credential, secret } = await s.repos.workspaces.createCredential(s.workspaces.a, 'scim', 'soon revoked');
    t.is((await s.scim('GET', '/Users', undefined, { token: secret })).status, 200);
    await s.repos.workspaces.revokeCredential(credential.id, { workspaceId: s.workspaces.a });
    // The authenticator caches a lookup for at most one second.
    await new Promise((r) => setTimeout(r, 1100));
    unauthorized(await s.scim('GET', '/Users', undefined, { token: secret }), /revoked/);
    t.is((await s.scim('GET', '/Users')).status, 200, 'other tokens still work');
  });
});

eachDialect('403 does not arise on SCIM: any valid token of a workspace may do every SCIM operation, in that workspace only', async (t, dialect) => {
  // Tokens carry no scopes, so there is nothing to forbid; another workspace's user is simply
  // not found (404), which does not reveal that it exists.
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    const asB = { token: s.tokens.b };
    isScimError(t, await s.scim('GET', `/Users/${u.id}`, undefined, asB), 404);
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'x' }), asB), 404);
    isScimError(t, await s.scim('PUT', `/Users/${u.id}`, userBody('a@x.com'), asB), 404);
    isScimError(t, await s.scim('DELETE', `/Users/${u.id}`, undefined, asB), 404);
    t.is((await s.scim('GET', `/Users${query({ filter: 'userName eq "a@x.com"' })}`, undefined, asB)).body.totalResults, 0);
    // the same userName is free in workspace b
    t.is((await s.scim('POST', '/Users', userBody('a@x.com'), asB)).status, 201);
    t.is((await s.scim('GET', `/Users/${u.id}`)).body.title, undefined, 'workspace a untouched');
  });
});

eachDialect('404: unknown ids on every method and unknown routes', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const id = randomUUID();
    isScimError(t, await s.scim('GET', `/Users/${id}`), 404, undefined, new RegExp(id));
    isScimError(t, await s.scim('PUT', `/Users/${id}`, userBody('a@x.com')), 404);
    isScimError(t, await s.scim('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })), 404);
    isScimError(t, await s.scim('DELETE', `/Users/${id}`), 404);
    isScimError(t, await s.scim('GET', '/Users/not-even-a-uuid'), 404);
    isScimError(t, await s.scim('GET', '/Widgets'), 404, undefined, /\/Users/);
    isScimError(t, await s.scim('GET', `/Users/${id}/extra`), 404);
    isScimError(t, await s.scim('GET', '/Widgets', undefined, { token: null }), 404, undefined, /Endpoints/);
    isScimError(t, await s.scim('GET', '/Schemas/urn:nosuch'), 404, undefined, /Known/);
    isScimError(t, await s.scim('GET', '/ResourceTypes/Widget'), 404);
  });
});

eachDialect('405: a method a route does not have, with Allow', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const cases: [string, string, string[]][] = [
      ['DELETE', '/Users', ['GET', 'POST']],
      ['PUT', '/Users', ['GET', 'POST']],
      ['POST', `/Users/${randomUUID()}`, ['DELETE', 'GET', 'PATCH', 'PUT']],
      ['GET', '/Users/.search', ['POST']],
      ['PUT', '/ServiceProviderConfig', ['GET']],
      ['DELETE', '/Schemas', ['GET']],
    ];
    for (const [method, path, allowed] of cases) {
      const res = await s.scim(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
      isScimError(t, res, 405, undefined, new RegExp(method));
      t.deepEqual((res.headers.get('allow') ?? '').split(/,\s*/).sort(), allowed, `${method} ${path}`);
    }
  });
});

eachDialect('409 uniqueness names the attribute: userName in another case, externalId, also on PATCH and PUT', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const a = await aUser(s, 'jdoe@contoso.com', { externalId: 'ext-1' });
    const b = await aUser(s, 'other@contoso.com');
    isScimError(t, await s.scim('POST', '/Users', userBody('JDoe@Contoso.COM')), 409, 'uniqueness', /userName.*case-insensitively/);
    isScimError(t, await s.scim('POST', '/Users', userBody('new@contoso.com', { externalId: 'ext-1' })), 409, 'uniqueness', /externalId/);
    isScimError(t, await s.scim('PATCH', `/Users/${b.id}`, patchOp({ op: 'Replace', path: 'userName', value: 'JDOE@contoso.com' })), 409, 'uniqueness', /userName/);
    isScimError(t, await s.scim('PUT', `/Users/${b.id}`, userBody('other@contoso.com', { externalId: 'ext-1' })), 409, 'uniqueness', /externalId/);
    // externalId is case-exact, so another case is another value
    t.is((await s.scim('POST', '/Users', userBody('new@contoso.com', { externalId: 'EXT-1' }))).status, 201);
    t.is((await s.scim('GET', `/Users/${a.id}`)).body.meta.version, a.meta.version);
  });
});

eachDialect('412: If-Match with a stale version on PATCH, PUT and DELETE, and on GET', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    const stale = { headers: { 'if-match': 'W/"999"' } };
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'x' }), stale), 412, undefined, /W\/"1"/);
    isScimError(t, await s.scim('PUT', `/Users/${u.id}`, userBody('a@x.com'), stale), 412);
    isScimError(t, await s.scim('DELETE', `/Users/${u.id}`, undefined, stale), 412);
    isScimError(t, await s.scim('GET', `/Users/${u.id}`, undefined, stale), 412);
    isScimError(t, await s.scim('DELETE', `/Users/${u.id}`, undefined, { headers: { 'if-match': 'garbage' } }), 412);
    t.is((await s.scim('GET', `/Users/${u.id}`)).body.meta.version, u.meta.version);
  });
});

eachDialect('413: a body over MAX_BODY_BYTES, declared or streamed', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const big = userBody('a@x.com', { displayName: 'x'.repeat(2000) });
    isScimError(t, await s.scim('POST', '/Users', big), 413, undefined, /1024/);
    // without Content-Length the limit is enforced while reading
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(JSON.stringify(big))); c.close(); } });
    const res = await fetch(`${s.url}/scim/Users`, {
      method: 'POST', body: stream, duplex: 'half',
      headers: { authorization: `Bearer ${s.tokens.a}`, 'content-type': 'application/scim+json' },
    } as RequestInit);
    const text = await res.text();
    isScimError(t, { status: res.status, headers: res.headers, text, body: JSON.parse(text) }, 413);
    t.is((await s.scim('GET', '/Users')).body.totalResults, 0);
    t.is((await s.scim('POST', '/Users', userBody('small@x.com'))).status, 201, 'a body under the limit passes');
  }, { MAX_BODY_BYTES: '1024' });
});

eachDialect('415: a body that is not JSON', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await aUser(s);
    const body = JSON.stringify(userBody('b@x.com'));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      isScimError(t, await s.scim('POST', '/Users', undefined, { raw: body, headers: { 'content-type': type } }), 415, undefined, /application\/scim\+json/);
    }
    isScimError(t, await s.scim('PATCH', `/Users/${u.id}`, undefined, { raw: 'title=x', headers: { 'content-type': 'text/plain; charset=utf-8' } }), 415);
    const untyped = await fetch(`${s.url}/scim/Users`, { method: 'POST', body: new Blob([body]), headers: { authorization: `Bearer ${s.tokens.a}` } });
    t.is(untyped.status, 415);
    t.is((await s.scim('GET', '/Users')).body.totalResults, 1);
  });
});

eachDialect('500: a real fault answers with a request id and no internals; the log has the id and the cause', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    await aUser(s);
    await s.database.db.destroy();
    for (const [method, path, body] of [['GET', '/Users'], ['POST', '/Users', userBody('b@x.com')]] as const) {
      const res = await s.scim(method, path, body, { headers: { 'x-request-id': `fault-${method}` } });
      isScimError(t, res, 500, undefined, new RegExp(`request id fault-${method}\\b`));
      t.is(res.headers.get('x-request-id'), `fault-${method}`);
      t.notRegex(res.text, /select|insert|knex|sqlite|postgres|pool|stack|\bat \w|\.js:\d/i, 'no SQL, driver or stack in the answer');
      const logged = s.logs.map((l) => JSON.parse(l)).filter((l) => l.requestId === `fault-${method}`);
      t.true(logged.some((l) => l.level >= 50 && l.err), `an error line with the cause is logged for ${method}`);
      t.true(logged.some((l) => l.msg === 'request' && l.status === 500));
    }
    const own = await s.scim('GET', '/Users');
    isScimError(t, own, 500);
    const id = own.headers.get('x-request-id')!;
    t.true(own.body.detail.includes(id), 'a generated request id is quoted too');
    s.logs.length = 0; // these faults were provoked
  });
});

eachDialect('discovery answers without a token, with one, and with a bad one', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const paths = ['/ServiceProviderConfig', '/Schemas', `/Schemas/${USER}`, `/Schemas/${ENTERPRISE}`, '/ResourceTypes', '/ResourceTypes/User', '/ResourceTypes/user'];
    for (const token of [null, s.tokens.a, 'bad-token']) {
      for (const path of paths) {
        const res = await s.scim('GET', path, undefined, { token });
        t.is(res.status, 200, `${path} with ${token === null ? 'no token' : token === 'bad-token' ? 'a bad token' : 'a token'}: ${res.text}`);
        t.is(res.headers.get('content-type'), SCIM_JSON);
      }
    }
    const spc = (await s.scim('GET', '/ServiceProviderConfig', undefined, { token: null })).body;
    t.like(spc, {
      patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false }, sort: { supported: true }, etag: { supported: true },
    });
    t.is(spc.meta.location, `${s.url}/scim/ServiceProviderConfig`);
    const schemas = (await s.scim('GET', '/Schemas', undefined, { token: null })).body;
    t.like(schemas, { schemas: [LIST_RESPONSE], totalResults: 3, itemsPerPage: 3 });
    t.deepEqual(schemas.Resources.map((r: any) => r.id).sort(), [ENTERPRISE, 'urn:ietf:params:scim:schemas:core:2.0:Group', USER].sort());
    const user = (await s.scim('GET', `/Schemas/${USER}`, undefined, { token: null })).body;
    t.is(user.id, USER);
    t.true(user.attributes.some((a: any) => a.name === 'userName' && a.uniqueness === 'server' && a.caseExact === false));
    const rt = (await s.scim('GET', '/scim/v2/ResourceTypes/User', undefined, { token: null })).body;
    t.like(rt, { id: 'User', endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] });
    t.is(rt.meta.location, `${s.url}/scim/v2/ResourceTypes/User`);
    const types = (await s.scim('GET', '/ResourceTypes', undefined, { token: null })).body;
    t.deepEqual(types.Resources.map((r: any) => r.id).sort(), ['Group', 'User']);
  });
});
