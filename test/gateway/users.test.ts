// /Users over HTTP beyond Entra's catalogue: PUT, attribute selection, sorting and paging,
// /.search, prefixes and route case, every filter operator, conditional requests, atomic and
// concurrent PATCH, meta.location behind a proxy, media types.

import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import { eachDialect } from '../_helpers/each-dialect.js';
import { entraFixture } from '../_helpers/entra-fixture.js';
import {
  ENTERPRISE, LIST_RESPONSE, SCIM_JSON, USER, patchOp, plusEncode, query, userBody, withServer,
} from '../_helpers/scim-query.js';
import type { TestServer } from '../_helpers/server.js';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function create(t: ExecutionContext, s: TestServer, body: object, path = '/Users') {
  const res = await s.scim('POST', path, body);
  t.is(res.status, 201, res.text);
  return res.body;
}

const userNames = (list: { Resources: { userName: string }[] }) => list.Resources.map((u) => u.userName).sort();

eachDialect('PUT replaces the user: absent attributes are cleared, readOnly ones ignored, id and created kept', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await create(t, s, entraFixture('U2-create-user'));
    await sleep(5);
    const res = await s.scim('PUT', `/Users/${jane.id}`, {
      schemas: [USER],
      id: randomUUID(), // readOnly: ignored, the URL names the user
      userName: 'jane@contoso.com',
      displayName: 'Jane',
      active: 'False',
      meta: { created: '2000-01-01T00:00:00Z', version: 'W/"99"', location: 'https://elsewhere/x' },
      groups: [{ value: randomUUID(), display: 'Made up' }],
    });
    t.is(res.status, 200, res.text);
    const u = res.body;
    t.is(u.id, jane.id);
    t.is(u.userName, 'jane@contoso.com');
    t.is(u.displayName, 'Jane');
    t.is(u.active, false);
    for (const gone of ['externalId', 'title', 'emails', 'phoneNumbers', 'addresses', 'name', 'groups', ENTERPRISE]) {
      t.false(gone in u, gone);
    }
    t.deepEqual(u.schemas, [USER]);
    t.is(u.meta.created, jane.meta.created);
    t.true(u.meta.lastModified > jane.meta.lastModified);
    t.is(u.meta.location, `${s.url}/scim/Users/${jane.id}`);
    t.not(u.meta.version, jane.meta.version);
    t.is(res.headers.get('etag'), u.meta.version);
    t.deepEqual((await s.scim('GET', `/Users/${jane.id}`)).body, u);
  });
});

eachDialect('PUT checks what it must: userName required, uniqueness in any case, the manager must exist, unknown id 404', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const a = await create(t, s, userBody('a@x.com'));
    await create(t, s, userBody('b@x.com'));
    const noName = await s.scim('PUT', `/Users/${a.id}`, { schemas: [USER], displayName: 'A' });
    t.is(noName.status, 400);
    t.is(noName.body.scimType, 'invalidValue');
    const taken = await s.scim('PUT', `/Users/${a.id}`, userBody('B@X.com'));
    t.is(taken.status, 409);
    t.is(taken.body.scimType, 'uniqueness');
    const badManager = await s.scim('PUT', `/Users/${a.id}`, userBody('a@x.com', { [ENTERPRISE]: { manager: { value: randomUUID() } } }));
    t.is(badManager.status, 400);
    t.is(badManager.body.scimType, 'invalidValue');
    t.is((await s.scim('PUT', `/Users/${randomUUID()}`, userBody('c@x.com'))).status, 404);
    // none of the failures changed anything
    const now = (await s.scim('GET', `/Users/${a.id}`)).body;
    t.is(now.userName, 'a@x.com');
    t.is(now.meta.version, a.meta.version);
  });
});

eachDialect('PUT keeps a manager given as {value} and ignores its readOnly displayName', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const boss = await create(t, s, userBody('boss@x.com', { displayName: 'Boss' }));
    const a = await create(t, s, userBody('a@x.com'));
    const res = await s.scim('PUT', `/Users/${a.id}`, userBody('a@x.com', {
      [ENTERPRISE]: { manager: { value: boss.id, displayName: 'Not the boss' } },
    }));
    t.is(res.status, 200, res.text);
    t.deepEqual(res.body[ENTERPRISE].manager, { value: boss.id, $ref: `${s.url}/scim/Users/${boss.id}`, displayName: 'Boss' });
  });
});

eachDialect('attributes and excludedAttributes on GET by id: id is returned always, the rest as asked', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await create(t, s, entraFixture('U2-create-user'));
    const get = async (q: Record<string, string>) => (await s.scim('GET', `/Users/${jane.id}${query(q)}`)).body;

    t.deepEqual(await get({ attributes: 'userName' }), { schemas: jane.schemas, id: jane.id, userName: 'jdoe@contoso.com' });
    t.deepEqual(await get({ attributes: 'USERNAME,name.givenName' }),
      { schemas: jane.schemas, id: jane.id, userName: 'jdoe@contoso.com', name: { givenName: 'Jane' } });
    t.deepEqual(await get({ attributes: 'emails.value' }), { schemas: jane.schemas, id: jane.id, emails: [{ value: 'jdoe@contoso.com' }] });
    t.deepEqual(await get({ attributes: `${ENTERPRISE}:department` }), { schemas: jane.schemas, id: jane.id, [ENTERPRISE]: { department: 'Research' } });
    t.deepEqual(await get({ attributes: 'meta.lastModified,id' }), { schemas: jane.schemas, id: jane.id, meta: { lastModified: jane.meta.lastModified } });

    const without = await get({ excludedAttributes: `emails,name,${ENTERPRISE}:employeeNumber,id,meta.location` });
    t.false('emails' in without);
    t.false('name' in without);
    t.deepEqual(without[ENTERPRISE], { department: 'Research' });
    t.is(without.id, jane.id, 'id is returned always, even when excluded');
    t.false('location' in without.meta);
    t.is(without.meta.version, jane.meta.version);
    t.deepEqual(without.phoneNumbers, jane.phoneNumbers);
  });
});

eachDialect('attributes and excludedAttributes on list, POST, PUT and PATCH responses', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const posted = await s.scim('POST', `/Users${query({ attributes: 'userName' })}`, userBody('a@x.com', { displayName: 'A', active: true }));
    t.is(posted.status, 201);
    const id = posted.body.id;
    t.deepEqual(posted.body, { schemas: [USER], id, userName: 'a@x.com' });
    t.is(posted.headers.get('location'), `${s.url}/scim/Users/${id}`);
    t.regex(posted.headers.get('etag') ?? '', /^W\/"\d+"$/, 'the ETag is sent even when meta is not');

    const listed = await s.scim('GET', `/Users${query({ filter: 'userName eq "a@x.com"', attributes: 'displayName' })}`);
    t.deepEqual(listed.body.Resources, [{ schemas: [USER], id, displayName: 'A' }]);
    const listedWithout = await s.scim('GET', `/Users${query({ excludedAttributes: 'meta,displayName' })}`);
    t.deepEqual(listedWithout.body.Resources, [{ schemas: [USER], id, userName: 'a@x.com', active: true }]);

    const put = await s.scim('PUT', `/Users/${id}${query({ excludedAttributes: 'meta,active' })}`, userBody('a@x.com', { displayName: 'B' }));
    t.is(put.status, 200);
    t.deepEqual(put.body, { schemas: [USER], id, userName: 'a@x.com', displayName: 'B' });

    const patched = await s.scim('PATCH', `/Users/${id}${query({ attributes: 'active' })}`, entraFixture('U7-disable-default'));
    t.is(patched.status, 200);
    t.deepEqual(patched.body, { schemas: [USER], id, active: false });
  });
});

eachDialect('a password sent on POST is never returned (nor stored)', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await create(t, s, userBody('a@x.com', { password: 'hunter2' }));
    t.false('password' in u);
    t.false((await s.scim('GET', `/Users/${u.id}`)).text.includes('hunter2'));
    t.false((await s.scim('GET', `/Users/${u.id}${query({ attributes: 'password,userName' })}`)).text.includes('hunter2'));
  });
});

eachDialect('sortBy and sortOrder: ascending by default, descending on request, missing values last', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    await create(t, s, userBody('b@x.com', { name: { familyName: 'Alpha' }, title: 'T2' }));
    await create(t, s, userBody('c@x.com', { name: { familyName: 'Beta' } }));
    await create(t, s, userBody('A@x.com', { name: { familyName: 'Gamma' }, title: 'T1' }));
    const sorted = async (q: Record<string, string>) => (await s.scim('GET', `/Users${query(q)}`)).body.Resources.map((u: any) => u.userName);

    t.deepEqual(await sorted({ sortBy: 'userName' }), ['A@x.com', 'b@x.com', 'c@x.com'], 'userName sorts without regard to case');
    t.deepEqual(await sorted({ sortBy: 'userName', sortOrder: 'descending' }), ['c@x.com', 'b@x.com', 'A@x.com']);
    t.deepEqual(await sorted({ sortBy: 'name.familyName', sortOrder: 'DESCENDING' }), ['A@x.com', 'c@x.com', 'b@x.com']);
    t.deepEqual(await sorted({ sortBy: 'title' }), ['A@x.com', 'b@x.com', 'c@x.com']);
    t.deepEqual(await sorted({ sortBy: 'title', sortOrder: 'descending' }), ['b@x.com', 'A@x.com', 'c@x.com']);
    t.deepEqual(await sorted({ sortBy: 'meta.created', sortOrder: 'descending' }), ['A@x.com', 'c@x.com', 'b@x.com']);
    t.deepEqual(await sorted({ sortBy: 'userName', startIndex: '2', count: '1' }), ['b@x.com'], 'paging applies after sorting');
  });
});

eachDialect('count=0 gives totals only; count above the maximum is clamped; the default page size applies', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    for (let i = 0; i < 5; i++) await create(t, s, userBody(`u${i}@x.com`));
    const list = async (q: Record<string, string>) => (await s.scim('GET', `/Users${query(q)}`)).body;

    t.deepEqual(await list({ count: '0' }), { schemas: [LIST_RESPONSE], totalResults: 5, startIndex: 1, itemsPerPage: 0, Resources: [] });
    t.like(await list({ count: '0', filter: 'userName sw "u1"' }), { totalResults: 1, itemsPerPage: 0 });
    t.like(await list({ count: '100' }), { totalResults: 5, itemsPerPage: 3 });
    t.like(await list({}), { totalResults: 5, itemsPerPage: 2 });
    t.like(await list({ count: '-4' }), { totalResults: 5, itemsPerPage: 0 }, 'a negative count means 0 (RFC 7644 §3.4.2.4)');
    t.like(await list({ startIndex: '0', count: '1' }), { startIndex: 1, itemsPerPage: 1 }, 'a startIndex below 1 means 1');
    const spc = (await s.scim('GET', '/ServiceProviderConfig')).body;
    t.deepEqual(spc.filter, { supported: true, maxResults: 3 });
  }, { SCIM_MAX_PAGE_SIZE: '3', SCIM_DEFAULT_PAGE_SIZE: '2' });
});

eachDialect('POST /Users/.search takes the same parameters in a SearchRequest body', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    for (const n of ['a@x.com', 'b@x.com', 'c@y.com']) await create(t, s, userBody(n, { displayName: n.toUpperCase() }));
    const res = await s.scim('POST', '/Users/.search', {
      schemas: [SEARCH], filter: 'userName ew "@x.com"', sortBy: 'userName', sortOrder: 'descending',
      startIndex: 1, count: 1, attributes: ['displayName'],
    });
    t.is(res.status, 200, res.text);
    t.is(res.headers.get('content-type'), SCIM_JSON);
    t.like(res.body, { schemas: [LIST_RESPONSE], totalResults: 2, startIndex: 1, itemsPerPage: 1 });
    t.deepEqual(res.body.Resources.map((u: any) => Object.keys(u).sort()), [['displayName', 'id', 'schemas']]);
    t.is(res.body.Resources[0].displayName, 'B@X.COM');

    const excluded = await s.scim('POST', '/users/.SEARCH', { schemas: [SEARCH], excludedAttributes: ['meta', 'displayName'], filter: 'userName eq "C@Y.com"' });
    t.is(excluded.status, 200, excluded.text);
    t.deepEqual(excluded.body.Resources.map((u: any) => u.userName), ['c@y.com']);
    t.false('meta' in excluded.body.Resources[0]);

    const empty = await s.scim('POST', '/Users/.search', { schemas: [SEARCH] });
    t.like(empty.body, { totalResults: 3, itemsPerPage: 3 });
  });
});

eachDialect('/scim/v2 serves the same routes, and its URLs say /scim/v2', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const res = await s.scim('POST', '/scim/v2/Users', userBody('a@x.com'));
    t.is(res.status, 201, res.text);
    const id = res.body.id;
    t.is(res.headers.get('location'), `${s.url}/scim/v2/Users/${id}`);
    t.is(res.body.meta.location, `${s.url}/scim/v2/Users/${id}`);
    const found = await s.scim('GET', `/scim/v2/Users${query({ filter: 'userName eq "A@X.COM"' })}`);
    t.deepEqual(found.body.Resources.map((u: any) => u.id), [id]);
    t.is((await s.scim('PATCH', `/scim/v2/Users/${id}`, entraFixture('U7-disable-flag'))).body.active, false);
    t.is((await s.scim('GET', `/scim/Users/${id}`)).body.meta.location, `${s.url}/scim/Users/${id}`);
    t.is((await s.scim('DELETE', `/scim/v2/Users/${id}`)).status, 204);
    t.is((await s.scim('GET', `/scim/v2/Users/${id}`)).status, 404);
  });
});

eachDialect('routes are case-insensitive and a trailing slash is ignored', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await create(t, s, userBody('a@x.com'), '/users');
    t.is((await s.scim('GET', `/USERS/${u.id}`)).body.id, u.id);
    const upper = await fetch(`${s.url}/SCIM/V2/uSeRs/${u.id}`, { headers: { authorization: `Bearer ${s.tokens.a}` } });
    t.is(upper.status, 200);
    t.is((await upper.json()).id, u.id);
    t.is((await s.scim('GET', '/users/')).body.totalResults, 1);
    t.is((await s.scim('GET', '/serviceproviderconfig')).status, 200);
  });
});

eachDialect('"+" in a query string is a space, "%2B" a plus sign', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await create(t, s, userBody('a@x.com', { displayName: 'Jane Doe', phoneNumbers: [{ type: 'work', value: '+1 425 555 0100' }] }));
    const ids = async (q: string) => (await s.scim('GET', `/Users?${q}`)).body.Resources.map((x: any) => x.id);
    t.deepEqual(await ids('filter=displayName+eq+%22Jane+Doe%22'), [u.id]);
    t.deepEqual(await ids('filter=phoneNumbers.value+eq+%22%2B1+425+555+0100%22'), [u.id]);
    t.deepEqual(await ids('filter=phoneNumbers.value+eq+%22+1+425+555+0100%22'), [], '"+1" unescaped is " 1"');
    t.deepEqual(await ids('filter=displayName%20eq%20%22Jane%20Doe%22&attributes=id'), [u.id]);
  });
});

/** Three users that tell every operator apart. */
async function seedFilterUsers(t: ExecutionContext, s: TestServer) {
  const alice = await create(t, s, userBody('alice@x.com', {
    displayName: 'Alice Smith', title: 'Engineer', name: { givenName: 'Alice', familyName: 'Smith' },
    emails: [{ type: 'work', value: 'alice@x.com', primary: true }, { type: 'home', value: 'alice@home.org' }],
    [ENTERPRISE]: { department: 'R&D', employeeNumber: '100' },
  }));
  await sleep(15);
  const bob = await create(t, s, userBody('bob@y.com', {
    displayName: 'Bob Jones', title: 'Manager', active: false, name: { givenName: 'Bob', familyName: 'Jones' },
    emails: [{ type: 'work', value: 'bob@y.com' }],
    [ENTERPRISE]: { department: 'Sales', employeeNumber: '200', manager: alice.id },
  }));
  await sleep(15);
  const carol = await create(t, s, userBody('carol@x.com', {
    externalId: 'C-3', emails: [{ type: 'home', value: 'carol@x.com' }],
    [ENTERPRISE]: { department: 'Research', employeeNumber: '300' },
  }));
  return { alice, bob, carol };
}

eachDialect('every filter operator through HTTP: comparisons, presence, logic, value paths, URNs, meta', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const { alice, bob, carol } = await seedFilterUsers(t, s);
    const all = ['alice@x.com', 'bob@y.com', 'carol@x.com'];
    const table: [string, string[]][] = [
      ['userName eq "ALICE@x.com"', ['alice@x.com']],
      ['userName ne "alice@x.com"', ['bob@y.com', 'carol@x.com']],
      ['userName co "@X."', ['alice@x.com', 'carol@x.com']],
      ['userName sw "B"', ['bob@y.com']],
      ['userName ew ".COM"', all],
      ['userName gt "bob@y.com"', ['carol@x.com']],
      ['userName ge "BOB@y.com"', ['bob@y.com', 'carol@x.com']],
      ['userName lt "bob@y.com"', ['alice@x.com']],
      ['userName le "bob@y.com"', ['alice@x.com', 'bob@y.com']],
      ['displayName pr', ['alice@x.com', 'bob@y.com']],
      ['not (displayName pr)', ['carol@x.com']],
      ['title eq "Engineer" or title eq "Manager"', ['alice@x.com', 'bob@y.com']],
      ['userName sw "a" and active eq true', ['alice@x.com']],
      ['active eq false', ['bob@y.com']],
      ['active eq "False"', ['bob@y.com']],
      ['(userName sw "a" or userName sw "b") and not (active eq false)', ['alice@x.com']],
      ['userName sw "c" or (title pr and not (title eq "Manager"))', ['alice@x.com', 'carol@x.com']],
      ['emails[type eq "work" and value co "@x"]', ['alice@x.com']],
      ['emails[type eq "home"]', ['alice@x.com', 'carol@x.com']],
      ['emails[type eq "work"].value ew "@y.com"', ['bob@y.com']],
      ['emails.value ew "home.org"', ['alice@x.com']],
      ['emails co "@y"', ['bob@y.com']],
      ['emails pr', all],
      ['emails.primary eq true', ['alice@x.com']],
      ['name.familyName eq "smith"', ['alice@x.com']],
      ['name.givenName pr', ['alice@x.com', 'bob@y.com']],
      [`${ENTERPRISE}:department eq "Sales"`, ['bob@y.com']],
      [`${ENTERPRISE}:employeeNumber ge "200"`, ['bob@y.com', 'carol@x.com']],
      [`${ENTERPRISE}:manager.value eq "${alice.id}"`, ['bob@y.com']],
      ['manager eq "' + alice.id + '"', ['bob@y.com']],
      [`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol@x.com"`, ['carol@x.com']],
      ['externalId eq "C-3"', ['carol@x.com']],
      ['externalId eq "c-3"', []],
      ['externalId pr', ['carol@x.com']],
      [`id eq "${alice.id}"`, ['alice@x.com']],
      [`id eq "${alice.id.toUpperCase()}"`, []],
      ['USERNAME Eq "bob@y.com"', ['bob@y.com']],
      [`meta.lastModified gt "${bob.meta.lastModified}"`, ['carol@x.com']],
      [`meta.lastModified ge "${bob.meta.lastModified}"`, ['bob@y.com', 'carol@x.com']],
      [`meta.lastModified lt "${bob.meta.lastModified}"`, ['alice@x.com']],
      [`meta.created le "${alice.meta.created}"`, ['alice@x.com']],
      [`meta.created eq "${carol.meta.created}"`, ['carol@x.com']],
      ['title eq "nobody"', []],
    ];
    for (const [filter, expected] of table) {
      const res = await s.scim('GET', `/Users${query({ filter })}`);
      t.is(res.status, 200, `${filter}: ${res.text}`);
      t.deepEqual(userNames(res.body), expected, filter);
      t.is(res.body.totalResults, expected.length, filter);
    }
  });
});

eachDialect('conditional GET: If-None-Match with the current ETag is 304 without a body, another ETag 200', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await create(t, s, userBody('a@x.com'));
    const same = await s.scim('GET', `/Users/${u.id}`, undefined, { headers: { 'if-none-match': u.meta.version } });
    t.is(same.status, 304);
    t.is(same.text, '');
    t.is(same.headers.get('etag'), u.meta.version);
    t.is((await s.scim('GET', `/Users/${u.id}`, undefined, { headers: { 'if-none-match': '*' } })).status, 304);
    const other = await s.scim('GET', `/Users/${u.id}`, undefined, { headers: { 'if-none-match': 'W/"12345"' } });
    t.is(other.status, 200);
    t.is(other.body.id, u.id);
    const matching = await s.scim('GET', `/Users/${u.id}`, undefined, { headers: { 'if-match': u.meta.version } });
    t.is(matching.status, 200);
    const notMatching = await s.scim('GET', `/Users/${u.id}`, undefined, { headers: { 'if-match': 'W/"12345"' } });
    t.is(notMatching.status, 412);
  });
});

eachDialect('If-Match on PUT, PATCH and DELETE: a stale ETag is 412 and changes nothing; the current one works', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await create(t, s, userBody('a@x.com', { displayName: 'A' }));
    const v1 = u.meta.version;
    const moved = await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'B' }));
    const v2 = moved.body.meta.version;
    t.not(v1, v2);
    const stale = { headers: { 'if-match': v1 } };

    const put = await s.scim('PUT', `/Users/${u.id}`, userBody('a@x.com', { displayName: 'C' }), stale);
    t.is(put.status, 412, put.text);
    t.is(put.body.status, '412');
    const patch = await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'C' }), stale);
    t.is(patch.status, 412, patch.text);
    const del = await s.scim('DELETE', `/Users/${u.id}`, undefined, stale);
    t.is(del.status, 412, del.text);
    const unchanged = (await s.scim('GET', `/Users/${u.id}`)).body;
    t.is(unchanged.displayName, 'B');
    t.is(unchanged.meta.version, v2);

    const ifNoneMatchPut = await s.scim('PUT', `/Users/${u.id}`, userBody('a@x.com'), { headers: { 'if-none-match': '*' } });
    t.is(ifNoneMatchPut.status, 412, 'If-None-Match: * fails on an existing resource');

    const okPut = await s.scim('PUT', `/Users/${u.id}`, userBody('a@x.com', { displayName: 'C' }), { headers: { 'if-match': v2 } });
    t.is(okPut.status, 200, okPut.text);
    const v3 = okPut.body.meta.version;
    const okPatch = await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'D' }), { headers: { 'if-match': v3 } });
    t.is(okPatch.status, 200, okPatch.text);
    t.is(okPatch.body.displayName, 'D');
    const anyPatch = await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'E' }), { headers: { 'if-match': '*' } });
    t.is(anyPatch.status, 200);
    const okDelete = await s.scim('DELETE', `/Users/${u.id}`, undefined, { headers: { 'if-match': anyPatch.body.meta.version } });
    t.is(okDelete.status, 204);
    t.is((await s.scim('GET', `/Users/${u.id}`)).status, 404);
  });
});

eachDialect('a PATCH whose second operation fails changes nothing', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await create(t, s, entraFixture('U2-create-user'));
    const before = await s.scim('GET', `/Users/${jane.id}`);
    const failing: [object, string][] = [
      [{ op: 'replace', path: 'nosuchattribute', value: 'x' }, 'invalidPath'],
      [{ op: 'replace', path: 'active', value: 'maybe' }, 'invalidValue'],
      [{ op: 'replace', path: 'id', value: 'x' }, 'mutability'],
      [{ op: 'replace', path: 'emails[value co "nowhere"]', value: { value: 'x@y.z' } }, 'noTarget'],
    ];
    for (const [second, scimType] of failing) {
      const res = await s.scim('PATCH', `/Users/${jane.id}`, patchOp(
        { op: 'replace', path: 'displayName', value: 'Changed' },
        second,
        { op: 'replace', path: 'title', value: 'Changed too' },
      ));
      t.is(res.status, 400, res.text);
      t.is(res.body.scimType, scimType, res.text);
      t.regex(res.body.detail, /^Operation 2 /);
    }
    const after = await s.scim('GET', `/Users/${jane.id}`);
    t.deepEqual(after.body, before.body);
  });
});

eachDialect('concurrent PATCHes on one user lose nothing: 20 parallel email adds all land', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await create(t, s, userBody('a@x.com'));
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'add', path: 'emails', value: [{ type: 'other', value: `e${i}@x.com` }] }))));
    t.deepEqual(replies.map((r) => r.status), Array(20).fill(200), replies.find((r) => r.status !== 200)?.text);
    const final = (await s.scim('GET', `/Users/${u.id}`)).body;
    t.deepEqual(final.emails.map((e: any) => e.value).sort(), Array.from({ length: 20 }, (_, i) => `e${i}@x.com`).sort());
    t.is(final.meta.version, 'W/"21"', 'one version per PATCH');
  });
});

eachDialect('meta.location and Location follow X-Forwarded-Proto/Host only when TRUST_PROXY=true', async (t, dialect) => {
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'id.example.com' };
  await withServer(dialect, async (s) => {
    const res = await s.scim('POST', '/Users', userBody('a@x.com'), { headers: forwarded });
    t.is(res.status, 201);
    t.is(res.headers.get('location'), `https://id.example.com/scim/Users/${res.body.id}`);
    t.is(res.body.meta.location, `https://id.example.com/scim/Users/${res.body.id}`);
    const got = await s.scim('GET', `/scim/v2/Users/${res.body.id}`, undefined, { headers: forwarded });
    t.is(got.body.meta.location, `https://id.example.com/scim/v2/Users/${res.body.id}`);
  }, { TRUST_PROXY: 'true' });
  await withServer(dialect, async (s) => {
    const res = await s.scim('POST', '/Users', userBody('a@x.com'), { headers: forwarded });
    t.is(res.headers.get('location'), `${s.url}/scim/Users/${res.body.id}`);
    t.is(res.body.meta.location, `${s.url}/scim/Users/${res.body.id}`);
  });
  await withServer(dialect, async (s) => {
    const res = await s.scim('POST', '/Users', userBody('a@x.com'), { headers: forwarded });
    t.is(res.body.meta.location, `https://scim.example.org/base/scim/Users/${res.body.id}`, 'PUBLIC_BASE_URL wins');
  }, { PUBLIC_BASE_URL: 'https://scim.example.org/base/', TRUST_PROXY: 'true' });
});

eachDialect('media types: answers are application/scim+json; charset=utf-8, application/json requests are accepted', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    for (const type of ['application/json; charset=utf-8', 'application/json', 'application/scim+json', 'application/SCIM+json;charset=UTF-8']) {
      const res = await s.scim('POST', '/Users', userBody(`${plusEncode(type).replace(/[^a-z]/gi, '')}@x.com`), { headers: { 'content-type': type } });
      t.is(res.status, 201, `${type}: ${res.text}`);
      t.is(res.headers.get('content-type'), SCIM_JSON);
      const patched = await s.scim('PATCH', `/Users/${res.body.id}`, entraFixture('U7-disable-default'), { headers: { 'content-type': type } });
      t.is(patched.status, 200, `${type}: ${patched.text}`);
    }
    for (const path of ['/Users', '/Users?filter=userName+eq+%22x%22', '/ServiceProviderConfig', '/Schemas', '/ResourceTypes', `/Users/${randomUUID()}`]) {
      t.is((await s.scim('GET', path)).headers.get('content-type'), SCIM_JSON, path);
    }
  });
});

eachDialect('groups: direct and nested memberships shown readOnly, selectable, filterable; DELETE drops memberships', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const a = await create(t, s, userBody('a@x.com'));
    const b = await create(t, s, userBody('b@x.com'));
    const createGroup = async (displayName: string, memberIds: string[]) => {
      const res = await s.graphql('mutation($input: GroupInput!) { createGroup(input: $input) { id memberCount } }', { input: { displayName, memberIds } });
      t.falsy(res.body.errors, JSON.stringify(res.body.errors));
      return res.body.data.createGroup.id as string;
    };
    const eng = await createGroup('Engineering', [a.id]);
    const all = await createGroup('All', [eng, b.id]);
    const base = `${s.url}/scim`;

    const got = (await s.scim('GET', `/Users/${a.id}`)).body;
    t.deepEqual(got.groups, [
      { value: all, $ref: `${base}/Groups/${all}`, display: 'All', type: 'indirect' },
      { value: eng, $ref: `${base}/Groups/${eng}`, display: 'Engineering', type: 'direct' },
    ]);
    t.is(got.meta.version, a.meta.version, 'a membership is not a change of the user');
    t.false('groups' in (await s.scim('GET', `/Users/${a.id}${query({ excludedAttributes: 'groups' })}`)).body);
    t.deepEqual((await s.scim('GET', `/Users/${a.id}${query({ attributes: 'groups.display' })}`)).body,
      { schemas: [USER], id: a.id, groups: [{ display: 'All' }, { display: 'Engineering' }] });
    const listed = (await s.scim('GET', `/Users${query({ sortBy: 'userName' })}`)).body.Resources;
    t.deepEqual(listed.map((u: any) => u.groups?.map((g: any) => g.display)), [['All', 'Engineering'], ['All']]);

    const members = async (filter: string) => userNames((await s.scim('GET', `/Users${query({ filter })}`)).body);
    t.deepEqual(await members(`groups.value eq "${eng}"`), ['a@x.com']);
    t.deepEqual(await members('groups[display eq "ENGINEERING"]'), ['a@x.com']);
    t.deepEqual(await members(`groups eq "${all}"`), ['a@x.com', 'b@x.com'], 'nested members are members too');
    t.deepEqual(await members('not (groups pr)'), []);

    // groups is readOnly: PUT ignores it, PATCH refuses it
    const put = await s.scim('PUT', `/Users/${a.id}`, userBody('a@x.com', { groups: [] }));
    t.is(put.body.groups.length, 2);
    t.is((await s.scim('PATCH', `/Users/${a.id}`, patchOp({ op: 'remove', path: 'groups' }))).body.scimType, 'mutability');

    t.is((await s.scim('DELETE', `/Users/${a.id}`)).status, 204);
    const left = await s.graphql('query($id: ID!) { group(id: $id) { memberCount } }', { id: eng });
    t.is(left.body.data.group.memberCount, 0);
  });
});

eachDialect('unknown query parameters are ignored on every route (Entra may forward ?aadOptscim062020)', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const res = await s.scim('GET', `/Users?aadOptscim062020&filter=userName+eq+%22${randomUUID()}%22&foo=bar`);
    t.is(res.status, 200, res.text);
    t.is(res.body.totalResults, 0);
    const u = await create(t, s, userBody('a@x.com'), '/Users?aadOptscim062020');
    t.is((await s.scim('PATCH', `/Users/${u.id}?aadOptscim062020`, entraFixture('U7-disable-flag'))).status, 200);
    t.is((await s.scim('GET', `/Users/${u.id}?aadOptscim062020`)).body.active, false);
    t.is((await s.scim('GET', '/ServiceProviderConfig?aadOptscim062020')).status, 200);
    t.is((await s.scim('DELETE', `/Users/${u.id}?aadOptscim062020`)).status, 204);
  });
});

eachDialect('attribute names in bodies are case-insensitive and come back canonical (Microsoft\'s Postman suite)', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const boss = await create(t, s, userBody('boss@x.com'));
    const u = await create(t, s, {
      Schemas: [USER, ENTERPRISE], UserName: 'a@x.com', Active: 'False', DisplayName: 'A',
      Emails: [{ Value: 'a@x.com', Type: 'work', Primary: 'True' }],
      Name: { GivenName: 'Ann' },
      [ENTERPRISE.toUpperCase()]: { Department: 'Ops', Manager: { Value: boss.id } },
    });
    t.like(u, { userName: 'a@x.com', active: false, displayName: 'A', name: { givenName: 'Ann' } });
    t.deepEqual(u.emails, [{ value: 'a@x.com', type: 'work', primary: true }]);
    t.is(u[ENTERPRISE].department, 'Ops');
    t.is(u[ENTERPRISE].manager.value, boss.id);
    const patched = await s.scim('PATCH', `/Users/${u.id}`, patchOp(
      { op: 'Replace', path: 'EMAILS[TYPE eq "work"].VALUE', value: 'b@x.com' },
      { op: 'replace', value: { DISPLAYNAME: 'B', [`${ENTERPRISE}:DEPARTMENT`]: 'Dev' } },
    ));
    t.is(patched.status, 200, patched.text);
    t.like(patched.body, { displayName: 'B', emails: [{ value: 'b@x.com', type: 'work', primary: true }] });
    t.is(patched.body[ENTERPRISE].department, 'Dev');
  });
});
