// /Groups beyond Entra's catalogue: member bodies on POST and PUT, Okta's PUT and replace
// patterns, nested groups, idempotent and atomic member PATCHes, concurrency, large groups read
// page by page, filters on members, preconditions, and the root /.search across Users and Groups.

import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import { eachDialect } from '../_helpers/each-dialect.js';
import {
  ERROR, GROUP, LIST_RESPONSE, SEARCH_REQUEST, USER, createGroup, createUser, expectStatus, memberIdsOf,
  memberQueriesDuring, patchGroup, query, seedUsers, sorted, withServer,
} from '../_helpers/group-helpers.js';
import type { TestServer } from '../_helpers/server.js';

const idsOf = (resources: { id: string }[]) => resources.map((r) => r.id).sort();

async function groupIdsMatching(t: ExecutionContext, s: TestServer, filter: string): Promise<string[]> {
  const res = await s.scim('GET', `/Groups${query({ filter, excludedAttributes: 'members' })}`);
  expectStatus(t, res, 200);
  return idsOf(res.body.Resources);
}

eachDialect('POST /Groups with members: 201 renders each as {value, $ref, display, type}, users and groups alike', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createUser(t, s, 'jane@contoso.com', { displayName: 'Jane Doe' });
    const bare = await createUser(t, s, 'bare@contoso.com');
    const child = await createGroup(t, s, 'Child');
    const res = await s.scim('POST', '/Groups', {
      schemas: [GROUP], displayName: 'Parent', externalId: 'ext-1',
      members: [{ value: jane, display: 'ignored' }, { value: bare, $ref: null }, { value: child, type: 'Group' }, { value: jane }],
    });
    expectStatus(t, res, 201);
    const byValue = Object.fromEntries(res.body.members.map((m: { value: string }) => [m.value, m]));
    t.is(res.body.members.length, 3, 'a repeated id is one member');
    t.deepEqual(byValue[jane], { value: jane, $ref: `${s.url}/scim/Users/${jane}`, display: 'Jane Doe', type: 'User' });
    t.deepEqual(byValue[bare], { value: bare, $ref: `${s.url}/scim/Users/${bare}`, display: 'bare@contoso.com', type: 'User' });
    t.deepEqual(byValue[child], { value: child, $ref: `${s.url}/scim/Groups/${child}`, display: 'Child', type: 'Group' });
    t.deepEqual((await s.scim('GET', `/Groups/${res.body.id}`)).body, res.body);
  });
});

eachDialect('POST /Groups naming an unknown member (or another workspace\'s user) → 400 invalidValue naming it; no group is created', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const mine = await createUser(t, s, 'jane@contoso.com');
    const theirs = await createUser(t, s, 'other@contoso.com', {}, s.tokens.b);
    const ghost = randomUUID();
    for (const bad of [ghost, theirs]) {
      const res = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: mine }, { value: bad }] });
      expectStatus(t, res, 400);
      t.deepEqual(res.body.schemas, [ERROR]);
      t.is(res.body.scimType, 'invalidValue');
      t.true(res.body.detail.includes(bad), res.body.detail);
      t.false(res.body.detail.includes(mine), 'only the unknown id is named');
    }
    t.deepEqual(await groupIdsMatching(t, s, 'displayName eq "Engineering"'), []);
    const missingName = await s.scim('POST', '/Groups', { schemas: [GROUP], members: [] });
    expectStatus(t, missingName, 400);
    t.regex(missingName.body.detail, /displayName/);
    const wrongMembers = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'X', members: { value: mine } });
    expectStatus(t, wrongMembers, 400);
    t.regex(wrongMembers.body.detail, /members/);
  });
});

eachDialect('GET /Groups filters: externalId eq is case-exact; members[value eq] and members.value eq find a user\'s groups', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u1 = await createUser(t, s, 'u1@contoso.com');
    const u2 = await createUser(t, s, 'u2@contoso.com');
    const a = await createGroup(t, s, 'A', [u1], { externalId: 'Ext-A' });
    const b = await createGroup(t, s, 'B', [u1, u2]);
    const c = await createGroup(t, s, 'C', [b]);
    const d = await createGroup(t, s, 'D');
    const cases: [string, string[]][] = [
      ['externalId eq "Ext-A"', [a]],
      ['externalId eq "ext-a"', []],
      [`members[value eq "${u1}"]`, [a, b]],
      [`members.value eq "${u2}"`, [b]],
      [`members[value eq "${b}"]`, [c]],
      [`members[value eq "${u2}" or value eq "${b}"]`, [b, c]],
      [`members[type eq "Group"]`, [c]],
      [`members.value eq "${randomUUID()}"`, []],
      ['displayName eq "a" or displayName eq "C"', [a, c]],
      ['not (members pr)', [d]],
      ['members pr and displayName ne "A"', [b, c]],
    ];
    for (const [filter, expected] of cases) t.deepEqual(await groupIdsMatching(t, s, filter), sorted(expected), filter);

    for (const filter of ['userName eq "x"', 'displayName eq', 'members.display eq "B"']) {
      const res = await s.scim('GET', `/Groups${query({ filter })}`);
      expectStatus(t, res, 400);
      t.is(res.body.scimType, 'invalidFilter', filter);
    }
  });
});

eachDialect('GET /Groups pages and sorts: startIndex/count, sortBy displayName descending, count=0 gives the total only', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    for (const name of ['delta', 'Alpha', 'charlie', 'Bravo']) await createGroup(t, s, name);
    const page = await s.scim('GET', `/Groups${query({ sortBy: 'displayName', sortOrder: 'descending', startIndex: 2, count: 2 })}`);
    expectStatus(t, page, 200);
    t.is(page.body.totalResults, 4);
    t.is(page.body.startIndex, 2);
    t.is(page.body.itemsPerPage, 2);
    t.deepEqual(page.body.Resources.map((g: { displayName: string }) => g.displayName), ['charlie', 'Bravo']);
    const totals = await s.scim('GET', '/Groups?count=0');
    t.deepEqual(totals.body, { schemas: [LIST_RESPONSE], totalResults: 4, startIndex: 1, itemsPerPage: 0, Resources: [] });
    const badSort = await s.scim('GET', '/Groups?sortBy=members');
    expectStatus(t, badSort, 400);
    t.is(badSort.body.scimType, 'invalidValue');
  });
});

eachDialect('POST /Groups/.search runs the same list; attributes without members never read members', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'u@contoso.com');
    const id = await createGroup(t, s, 'Engineering', [u]);
    const { result: res, statements } = await memberQueriesDuring(s, () => s.scim('POST', '/Groups/.search', {
      schemas: [SEARCH_REQUEST], filter: 'displayName eq "engineering"', attributes: ['displayName'],
    }));
    expectStatus(t, res, 200);
    t.deepEqual(res.body.Resources, [{ schemas: [GROUP], id, displayName: 'Engineering' }]);
    t.deepEqual(statements, []);
    const single = await memberQueriesDuring(s, () => s.scim('GET', `/Groups/${id}?attributes=externalId,displayName`));
    t.false('members' in single.result.body);
    t.deepEqual(single.statements, []);
  });
});

eachDialect('PUT /Groups/:id (Okta): replaces name and member set as a difference; members left out are removed; none listed → empty', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const [u1, u2, u3] = [await createUser(t, s, 'u1@x.com'), await createUser(t, s, 'u2@x.com'), await createUser(t, s, 'u3@x.com')];
    const id = await createGroup(t, s, 'Okta Group', [u1, u2], { externalId: 'okta-1' });
    // Okta's shape: id and display echoed, members as {value, display}.
    const res = await s.scim('PUT', `/Groups/${id}`, {
      schemas: [GROUP], id, displayName: 'Okta Group (renamed)',
      members: [{ value: u2, display: 'u2@x.com' }, { value: u3, display: 'u3@x.com' }],
    });
    expectStatus(t, res, 200);
    t.is(res.body.displayName, 'Okta Group (renamed)');
    t.false('externalId' in res.body, 'PUT replaces: an externalId not sent is cleared');
    t.deepEqual(res.body.members.map((m: { value: string }) => m.value).sort(), sorted([u2, u3]));
    t.deepEqual(await memberIdsOf(t, s, id), sorted([u2, u3]));
    t.is(res.headers.get('etag'), res.body.meta.version);

    expectStatus(t, await s.scim('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Okta Group' }), 200);
    t.deepEqual(await memberIdsOf(t, s, id), []);

    const unknown = await s.scim('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Renamed again', members: [{ value: u1 }, { value: 'nope' }] });
    expectStatus(t, unknown, 400);
    t.regex(unknown.body.detail, /nope/);
    const after = (await s.scim('GET', `/Groups/${id}`)).body;
    t.is(after.displayName, 'Okta Group');
    t.deepEqual(after.members, []);
    expectStatus(t, await s.scim('PUT', `/Groups/${randomUUID()}`, { schemas: [GROUP], displayName: 'X' }), 404);
  });
});

eachDialect('PATCH replace members: an array makes the set exactly that; [] (Okta "Push now") empties it; Okta\'s rename with its id', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const [u1, u2, u3] = [await createUser(t, s, 'u1@x.com'), await createUser(t, s, 'u2@x.com'), await createUser(t, s, 'u3@x.com')];
    const id = await createGroup(t, s, 'G', [u1, u2]);
    expectStatus(t, await patchGroup(s, id, { op: 'replace', path: 'members', value: [{ value: u2 }, { value: u3 }] }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), sorted([u2, u3]));
    // No path: the value object carries members.
    expectStatus(t, await patchGroup(s, id, { op: 'replace', value: { members: [{ value: u1 }] } }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), [u1]);
    expectStatus(t, await patchGroup(s, id, { op: 'replace', path: 'members', value: [] }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), []);
    expectStatus(t, await patchGroup(s, id, { op: 'replace', value: { id, displayName: 'G (Okta)' } }), 204);
    t.is((await s.scim('GET', `/Groups/${id}`)).body.displayName, 'G (Okta)');
  });
});

eachDialect('PATCH remove: path "members" with a value list removes only those; "members" without value clears the group', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await createUser(t, s, `u${i}@x.com`));
    const id = await createGroup(t, s, 'G', users);
    expectStatus(t, await patchGroup(s, id, { op: 'remove', path: 'members', value: [{ value: users[0] }, { value: users[3] }] }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), sorted([users[1]!, users[2]!, users[4]!]));
    // Several filter removals joined with or, and op names in any case.
    expectStatus(t, await patchGroup(s, id, { op: 'REMOVE', path: `members[value eq "${users[1]}" or value eq "${users[2]}"]` }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), [users[4]!]);
    expectStatus(t, await patchGroup(s, id, { op: 'Remove', path: 'members' }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), []);
  });
});

eachDialect('PATCH is idempotent: adding a present member and removing an absent one succeed and change nothing', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const [u1, u2] = [await createUser(t, s, 'u1@x.com'), await createUser(t, s, 'u2@x.com')];
    const id = await createGroup(t, s, 'G', [u1]);
    for (const op of [
      { op: 'add', path: 'members', value: [{ value: u1 }] },
      { op: 'add', path: 'members', value: [{ value: u1 }, { value: u1 }] },
      { op: 'remove', path: 'members', value: [{ value: u2 }] },
      { op: 'remove', path: `members[value eq "${u2}"]` },
      { op: 'remove', path: `members[value eq "${randomUUID()}"]` },
      { op: 'add', path: 'members', value: [] },
    ]) {
      expectStatus(t, await patchGroup(s, id, op), 204);
      t.deepEqual(await memberIdsOf(t, s, id), [u1], JSON.stringify(op));
    }
    // A PATCH that changes nothing leaves the version alone; one that may change it moves it.
    const version = (await s.scim('GET', `/Groups/${id}`)).body.meta.version;
    const empty = await patchGroup(s, id, { op: 'add', path: 'members', value: [] });
    expectStatus(t, empty, 204);
    t.is(empty.headers.get('etag'), version);
    const stale = await s.scim('PATCH', `/Groups/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [] }] },
      { headers: { 'if-match': 'W/"1"' } });
    expectStatus(t, stale, 412);
    expectStatus(t, await patchGroup(s, randomUUID(), { op: 'add', path: 'members', value: [] }), 404);
  });
});

eachDialect('PATCH naming an unknown member → 400 invalidValue naming it, and nothing of that PATCH is applied (rename included)', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const [u1, u2] = [await createUser(t, s, 'u1@x.com'), await createUser(t, s, 'u2@x.com')];
    const theirs = await createUser(t, s, 'other@x.com', {}, s.tokens.b);
    const id = await createGroup(t, s, 'Before', [u1], { externalId: 'ext-before' });
    const version = (await s.scim('GET', `/Groups/${id}`)).body.meta.version;
    for (const bad of [randomUUID(), theirs, id]) {
      const res = await patchGroup(s, id,
        { op: 'Replace', path: 'displayName', value: 'After' },
        { op: 'Replace', path: 'externalId', value: 'ext-after' },
        { op: 'Remove', path: 'members', value: [{ value: u1 }] },
        { op: 'Add', path: 'members', value: [{ value: u2 }, { value: bad }] });
      expectStatus(t, res, 400);
      t.is(res.body.scimType, 'invalidValue');
      t.true(res.body.detail.includes(bad), res.body.detail);
      const g = (await s.scim('GET', `/Groups/${id}`)).body;
      t.is(g.displayName, 'Before');
      t.is(g.externalId, 'ext-before');
      t.deepEqual(g.members.map((m: { value: string }) => m.value), [u1]);
      t.is(g.meta.version, version);
    }
  });
});

eachDialect('50 parallel PATCHes adding distinct members to one group: all 50 are present', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const users = await seedUsers(s, 50, 'parallel');
    const id = await createGroup(t, s, 'Busy');
    const replies = await Promise.all(users.map((u) => patchGroup(s, id, { op: 'Add', path: 'members', value: [{ value: u }] })));
    t.deepEqual(replies.map((r) => r.status), users.map(() => 204));
    t.deepEqual(await memberIdsOf(t, s, id), sorted(users));
  });
});

eachDialect('DELETE /Users/:id removes the user from every group, and only that user', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const [gone, stays] = [await createUser(t, s, 'gone@x.com'), await createUser(t, s, 'stays@x.com')];
    const groups = [await createGroup(t, s, 'G1', [gone, stays]), await createGroup(t, s, 'G2', [gone]), await createGroup(t, s, 'G3', [stays])];
    expectStatus(t, await s.scim('DELETE', `/Users/${gone}`), 204);
    t.deepEqual(await memberIdsOf(t, s, groups[0]!), [stays]);
    t.deepEqual(await memberIdsOf(t, s, groups[1]!), []);
    t.deepEqual(await memberIdsOf(t, s, groups[2]!), [stays]);
    t.deepEqual(await groupIdsMatching(t, s, `members.value eq "${gone}"`), []);
  });
});

eachDialect('nested groups: a group is a member with type Group; a user\'s groups show direct and indirect with type', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'nested@x.com');
    const team = await createGroup(t, s, 'Team', [u]);
    const dept = await createGroup(t, s, 'Department');
    const org = await createGroup(t, s, 'Organisation');
    expectStatus(t, await patchGroup(s, dept, { op: 'Add', path: 'members', value: [{ value: team }] }), 204);
    expectStatus(t, await patchGroup(s, org, { op: 'Add', path: 'members', value: [{ value: dept }, { value: u }] }), 204);

    const deptRead = (await s.scim('GET', `/Groups/${dept}`)).body;
    t.deepEqual(deptRead.members, [{ value: team, $ref: `${s.url}/scim/Groups/${team}`, display: 'Team', type: 'Group' }]);

    const user = (await s.scim('GET', `/Users/${u}`)).body;
    const byId = Object.fromEntries(user.groups.map((g: { value: string }) => [g.value, g]));
    t.is(user.groups.length, 3);
    t.deepEqual(byId[team], { value: team, $ref: `${s.url}/scim/Groups/${team}`, display: 'Team', type: 'direct' });
    t.is(byId[dept].type, 'indirect');
    t.is(byId[org].type, 'direct', 'a direct membership wins over an indirect path to the same group');

    // A group cannot contain itself; groups of another workspace are unknown.
    const self = await patchGroup(s, team, { op: 'Add', path: 'members', value: [{ value: team }] });
    expectStatus(t, self, 400);
    t.is(self.body.scimType, 'invalidValue');
    // Deleting a nested group removes it from its parents.
    expectStatus(t, await s.scim('DELETE', `/Groups/${team}`), 204);
    t.deepEqual(await memberIdsOf(t, s, dept), []);
    const after = (await s.scim('GET', `/Users/${u}`)).body;
    t.deepEqual(after.groups.map((g: { value: string; type: string }) => [g.value, g.type]), [[org, 'direct']]);
  });
});

eachDialect('GET of a 5,000-member group returns every member once, across member pages; lists stream them too', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const users = await seedUsers(s, 5000, 'big');
    const id = await createGroup(t, s, 'Big');
    // Any count in one op.
    expectStatus(t, await patchGroup(s, id, { op: 'Add', path: 'members', value: users.map((value) => ({ value })) }), 204);
    await createGroup(t, s, 'Small', users.slice(0, 3));

    const { result: res, statements } = await memberQueriesDuring(s, () => s.scim('GET', `/Groups/${id}`));
    expectStatus(t, res, 200);
    t.is(res.headers.get('content-type'), 'application/scim+json; charset=utf-8');
    t.is(res.headers.get('etag'), res.body.meta.version);
    const values: string[] = res.body.members.map((m: { value: string }) => m.value);
    t.is(values.length, 5000);
    t.is(new Set(values).size, 5000);
    t.deepEqual([...values].sort(), sorted(users));
    t.deepEqual(res.body.members[0], { value: values[0], $ref: `${s.url}/scim/Users/${values[0]}`, display: res.body.members[0].display, type: 'User' });
    t.regex(res.body.members[0].display, /^big\d{6}@example\.com$/);
    t.true(statements.length >= 5, `members are read in pages (${statements.length} statements)`);
    // More than one page of members: the body is streamed, so its length is not known upfront.
    t.is(res.headers.get('content-length'), null);
    t.is(res.headers.get('transfer-encoding'), 'chunked');
    const small = await s.scim('GET', `/Groups${query({ filter: 'displayName eq "Small"' })}`.replace('/Groups?', '/Groups?excludedAttributes=members&'));
    const smallId = small.body.Resources[0].id;
    const smallRead = await s.scim('GET', `/Groups/${smallId}`);
    t.is(smallRead.body.members.length, 3);
    t.truthy(smallRead.headers.get('content-length'), 'one page of members: a plain body');

    const projected = await s.scim('GET', `/Groups/${id}?attributes=members.value`);
    t.deepEqual(Object.keys(projected.body).sort(), ['id', 'members', 'schemas']);
    t.is(projected.body.members.length, 5000);
    t.deepEqual(Object.keys(projected.body.members[4999]), ['value']);

    const list = await s.scim('GET', `/Groups${query({ sortBy: 'displayName' })}`);
    expectStatus(t, list, 200);
    t.is(list.body.totalResults, 2);
    t.is(list.body.itemsPerPage, 2);
    t.deepEqual(list.body.Resources.map((g: { displayName: string; members: unknown[] }) => [g.displayName, g.members.length]), [['Big', 5000], ['Small', 3]]);
    t.deepEqual(list.body.Resources[0].meta, res.body.meta);
  });
});

eachDialect('PATCH answers 200 with the resource when attributes or excludedAttributes is given, 204 otherwise; ETag always', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'u@x.com');
    const id = await createGroup(t, s, 'G');
    const add = { op: 'add', path: 'members', value: [{ value: u }] };
    const full = await s.scim('PATCH', `/Groups/${id}?attributes=members,displayName`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [add] });
    expectStatus(t, full, 200);
    t.is(full.body.displayName, 'G');
    t.deepEqual(full.body.members.map((m: { value: string }) => m.value), [u]);
    t.false('meta' in full.body);
    const slim = await s.scim('PATCH', `/Groups/${id}?excludedAttributes=members`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [add] });
    expectStatus(t, slim, 200);
    t.false('members' in slim.body);
    t.is(slim.headers.get('etag'), slim.body.meta.version);
    const none = await patchGroup(s, id, add);
    expectStatus(t, none, 204);
    t.regex(none.headers.get('etag') ?? '', /^W\/"\d+"$/);
    expectStatus(t, await patchGroup(s, randomUUID(), add), 404);
    const badPath = await patchGroup(s, id, { op: 'replace', path: 'members.display', value: 'x' });
    expectStatus(t, badPath, 400);
    t.is(badPath.body.scimType, 'mutability');
  });
});

eachDialect('preconditions: a stale If-Match on PATCH, PUT and DELETE → 412 and nothing applied; If-None-Match on GET → 304', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'u@x.com');
    const id = await createGroup(t, s, 'G');
    const v1 = (await s.scim('GET', `/Groups/${id}`)).body.meta.version;
    expectStatus(t, await patchGroup(s, id, { op: 'add', path: 'members', value: [{ value: u }] }), 204);
    const stale = { headers: { 'if-match': v1 } };
    const add = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members' }] };
    expectStatus(t, await s.scim('PATCH', `/Groups/${id}`, add, stale), 412);
    expectStatus(t, await s.scim('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'H' }, stale), 412);
    expectStatus(t, await s.scim('DELETE', `/Groups/${id}`, undefined, stale), 412);
    const current = (await s.scim('GET', `/Groups/${id}`)).body;
    t.deepEqual(current.members.map((m: { value: string }) => m.value), [u]);
    t.is(current.displayName, 'G');
    const notModified = await s.scim('GET', `/Groups/${id}`, undefined, { headers: { 'if-none-match': current.meta.version } });
    t.is(notModified.status, 304);
    expectStatus(t, await s.scim('PATCH', `/Groups/${id}`, add, { headers: { 'if-match': current.meta.version } }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), []);
    expectStatus(t, await s.scim('DELETE', `/Groups/${id}`, undefined, { headers: { 'if-match': '*' } }), 204);
  });
});

eachDialect('workspaces are separate: another workspace\'s token cannot read, change or delete a group', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const id = await createGroup(t, s, 'Private');
    const asB = { token: s.tokens.b };
    expectStatus(t, await s.scim('GET', `/Groups/${id}`, undefined, asB), 404);
    expectStatus(t, await s.scim('PATCH', `/Groups/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] }, asB), 404);
    expectStatus(t, await s.scim('DELETE', `/Groups/${id}`, undefined, asB), 404);
    t.is((await s.scim('GET', '/Groups', undefined, asB)).body.totalResults, 0);
    // The same displayName is free in another workspace.
    expectStatus(t, await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Private' }, asB), 201);
  });
});

eachDialect('root POST /.search: one filter over Users and Groups, each rendered as itself, paged as one sequence with one total', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const users = [
      await createUser(t, s, 'ann@x.com', { displayName: 'Team Ann' }),
      await createUser(t, s, 'bob@x.com', { displayName: 'Team Bob' }),
      await createUser(t, s, 'cid@x.com', { displayName: 'Other' }),
    ];
    const groups = [await createGroup(t, s, 'Team Red', [users[0]!]), await createGroup(t, s, 'Team Blue'), await createGroup(t, s, 'Else')];
    const search = (body: Record<string, unknown>) => s.scim('POST', '/.search', { schemas: [SEARCH_REQUEST], ...body });

    // Both types understand displayName: users first, then groups.
    const seen: string[] = [];
    for (let start = 1; start <= 5; start += 2) {
      const res = await search({ filter: 'displayName sw "team"', startIndex: start, count: 2 });
      expectStatus(t, res, 200);
      t.is(res.body.totalResults, 4);
      t.is(res.body.startIndex, start);
      t.is(res.body.itemsPerPage, res.body.Resources.length);
      seen.push(...res.body.Resources.map((r: { id: string }) => r.id));
    }
    t.deepEqual(seen.length, 4);
    t.deepEqual(sorted(seen.slice(0, 2)), sorted([users[0]!, users[1]!]));
    t.deepEqual(sorted(seen.slice(2)), sorted([groups[0]!, groups[1]!]));

    const all = await search({ filter: 'displayName sw "Team"' });
    const red = all.body.Resources.find((r: { id: string }) => r.id === groups[0]);
    t.deepEqual(red.schemas, [GROUP]);
    t.deepEqual(red.members.map((m: { value: string }) => m.value), [users[0]]);
    const ann = all.body.Resources.find((r: { id: string }) => r.id === users[0]);
    t.deepEqual(ann.schemas, [USER]);
    t.is(ann.userName, 'ann@x.com');
    t.is(ann.meta.resourceType, 'User');
    t.is(red.meta.resourceType, 'Group');

    // A filter only one type understands: the other contributes nothing.
    const byUserName = await search({ filter: 'userName eq "BOB@x.com"' });
    t.deepEqual(idsOf(byUserName.body.Resources), [users[1]]);
    const byMember = await search({ filter: `members.value eq "${users[0]}"`, excludedAttributes: ['members'] });
    t.deepEqual(byMember.body.Resources, [{ schemas: [GROUP], id: groups[0], displayName: 'Team Red', meta: red.meta }]);

    // No filter: everything, totals only with count 0.
    const totals = await search({ count: 0 });
    t.is(totals.body.totalResults, 6);
    t.deepEqual(totals.body.Resources, []);
    const tail = await search({ startIndex: 4, count: 10 });
    t.deepEqual(idsOf(tail.body.Resources), sorted(groups));

    for (const [body, scimType] of [
      [{ filter: 'nickName eq "x" and members pr' }, 'invalidFilter'],
      [{ filter: 'favouriteColour eq "red"' }, 'invalidFilter'],
      [{ filter: 'displayName eq' }, 'invalidFilter'],
      [{ sortBy: 'displayName' }, 'invalidValue'],
    ] as const) {
      const res = await search(body);
      expectStatus(t, res, 400);
      t.is(res.body.scimType, scimType, JSON.stringify(body));
    }
    const unschema = await s.scim('POST', '/.search', { filter: 'displayName pr' });
    expectStatus(t, unschema, 400);
    t.is(unschema.body.scimType, 'invalidSyntax');
  });
});
