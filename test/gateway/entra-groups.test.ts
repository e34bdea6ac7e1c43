// Replays the group requests of Entra's catalogue (../shared/docs/entra-protocol.md §8: C2,
// G1–G7) over HTTP with the bodies Entra sends, and checks the responses Entra expects.

import { randomUUID } from 'node:crypto';
import { eachDialect } from '../_helpers/each-dialect.js';
import {
  ERROR, GROUP, LIST_RESPONSE, MS_GROUP, createGroup, createUser, expectStatus, memberIdsOf, memberQueriesDuring,
  patchGroup, query, sorted, withServer,
} from '../_helpers/group-helpers.js';

const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** G2's body as Entra sends it: Microsoft's own schema URN beside the core one, no members. */
const entraGroup = (displayName = 'Engineering', externalId = '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159') => ({
  schemas: [GROUP, MS_GROUP], externalId, displayName, meta: { resourceType: 'Group' },
});

eachDialect('C2 Test Connection: a random group displayName with excludedAttributes=members gives 200 and an empty ListResponse', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    await createGroup(t, s, 'Engineering');
    const probe = randomUUID();
    const { result: res, statements } = await memberQueriesDuring(s, () =>
      s.scim('GET', `/Groups?excludedAttributes=members&filter=displayName+eq+%22${probe}%22`));
    expectStatus(t, res, 200);
    t.is(res.headers.get('content-type'), SCIM_JSON);
    t.deepEqual(res.body, { schemas: [LIST_RESPONSE], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
    t.deepEqual(statements, []);
  });
});

eachDialect('G1 match group: displayName eq in another letter case, excludedAttributes=members, never reads members', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'jdoe@contoso.com');
    const id = await createGroup(t, s, 'Engineering', [u]);
    await createGroup(t, s, 'Engineering Managers');
    for (const asked of ['Engineering', 'engineering', 'ENGINEERING']) {
      const { result: res, statements } = await memberQueriesDuring(s, () =>
        s.scim('GET', `/Groups${query({ excludedAttributes: 'members', filter: `displayName eq "${asked}"` })}`));
      expectStatus(t, res, 200);
      t.is(res.body.totalResults, 1, asked);
      t.is(res.body.itemsPerPage, 1);
      const [found] = res.body.Resources;
      t.is(found.id, id);
      t.is(found.displayName, 'Engineering');
      t.false('members' in found);
      t.deepEqual(statements, [], 'no statement touches group_members');
    }
  });
});

eachDialect('G2 create group with Microsoft\'s extra schema URN: 201, the resource with id and empty members, Location, ETag', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const res = await s.scim('POST', '/Groups', entraGroup());
    expectStatus(t, res, 201);
    t.is(res.headers.get('content-type'), SCIM_JSON);
    const g = res.body;
    t.regex(g.id, /^[0-9a-f-]{36}$/);
    t.deepEqual(g.schemas, [GROUP]);
    t.is(g.displayName, 'Engineering');
    t.is(g.externalId, '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159');
    t.deepEqual(g.members, []);
    t.is(g.meta.resourceType, 'Group');
    t.is(g.meta.location, `${s.url}/scim/Groups/${g.id}`);
    t.is(res.headers.get('location'), g.meta.location);
    t.is(res.headers.get('etag'), g.meta.version);
    t.truthy(Date.parse(g.meta.created));
    t.is(g.meta.created, g.meta.lastModified);

    const again = await s.scim('POST', '/Groups', entraGroup('ENGINEERING', randomUUID()));
    expectStatus(t, again, 409);
    t.is(again.body.scimType, 'uniqueness');
    t.regex(again.body.detail, /displayName/);
  });
});

eachDialect('G3 read group with excludedAttributes=members: 200 without members and no member query; unknown id → 404', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'jdoe@contoso.com');
    const id = await createGroup(t, s, 'Engineering', [u]);
    const { result: res, statements } = await memberQueriesDuring(s, () => s.scim('GET', `/Groups/${id}?excludedAttributes=members`));
    expectStatus(t, res, 200);
    t.is(res.body.id, id);
    t.false('members' in res.body);
    t.deepEqual(statements, []);

    // The probe sees member reads when there are some: its silence above means something.
    const { result: full, statements: reads } = await memberQueriesDuring(s, () => s.scim('GET', `/Groups/${id}`));
    t.true(reads.length > 0);
    t.deepEqual(full.body.members, [{ value: u, $ref: `${s.url}/scim/Users/${u}`, display: 'jdoe@contoso.com', type: 'User' }]);

    const missing = await s.scim('GET', `/Groups/${randomUUID()}`);
    expectStatus(t, missing, 404);
    t.deepEqual(Object.keys(missing.body).sort(), ['detail', 'schemas', 'status']);
    t.deepEqual(missing.body.schemas, [ERROR]);
    t.is(missing.body.status, '404');
  });
});

eachDialect('G4 rename group: PATCH Replace displayName → 204 without body; the old name no longer matches', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const id = (await s.scim('POST', '/Groups', entraGroup())).body.id;
    const before = (await s.scim('GET', `/Groups/${id}`)).body;
    const res = await patchGroup(s, id, { op: 'Replace', path: 'displayName', value: 'Engineering (all)' });
    expectStatus(t, res, 204);
    t.is(res.text, '');
    t.not(res.headers.get('etag'), before.meta.version);
    const after = (await s.scim('GET', `/Groups/${id}`)).body;
    t.is(after.displayName, 'Engineering (all)');
    t.is(after.meta.version, res.headers.get('etag'));
    t.is((await s.scim('GET', `/Groups${query({ filter: 'displayName eq "Engineering"' })}`)).body.totalResults, 0);
    t.is((await s.scim('GET', `/Groups${query({ filter: 'displayName eq "engineering (ALL)"' })}`)).body.totalResults, 1);
  });
});

eachDialect('G5 add members: several values with "$ref": null in one Add → 204; repeating it is no error', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u1 = await createUser(t, s, 'u1@contoso.com');
    const u2 = await createUser(t, s, 'u2@contoso.com');
    const id = (await s.scim('POST', '/Groups', entraGroup())).body.id;
    const add = { op: 'Add', path: 'members', value: [{ $ref: null, value: u1 }, { $ref: null, value: u2 }] };
    const res = await patchGroup(s, id, add);
    expectStatus(t, res, 204);
    t.is(res.text, '');
    t.deepEqual(await memberIdsOf(t, s, id), sorted([u1, u2]));
    // The flag's lowercase op, and members already present.
    expectStatus(t, await patchGroup(s, id, { ...add, op: 'add' }), 204);
    t.deepEqual(await memberIdsOf(t, s, id), sorted([u1, u2]));
  });
});

eachDialect('G6 remove members: the default job\'s value list and the flag\'s value filter each remove only the named member', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const [u1, u2, u3] = [await createUser(t, s, 'u1@contoso.com'), await createUser(t, s, 'u2@contoso.com'), await createUser(t, s, 'u3@contoso.com')];
    const id = (await s.scim('POST', '/Groups', entraGroup())).body.id;
    expectStatus(t, await patchGroup(s, id, { op: 'Add', path: 'members', value: [u1, u2, u3].map((value) => ({ $ref: null, value })) }), 204);

    const byValue = await patchGroup(s, id, { op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] });
    expectStatus(t, byValue, 204);
    t.deepEqual(await memberIdsOf(t, s, id), sorted([u2, u3]));

    const byFilter = await patchGroup(s, id, { op: 'remove', path: `members[value eq "${u2}"]` });
    expectStatus(t, byFilter, 204);
    t.deepEqual(await memberIdsOf(t, s, id), [u3]);
  });
});

eachDialect('G7 delete group: 204 without body; then 404, gone from filters, its members stay and lose the group', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const u = await createUser(t, s, 'jdoe@contoso.com');
    const id = (await s.scim('POST', '/Groups', entraGroup())).body.id;
    expectStatus(t, await patchGroup(s, id, { op: 'Add', path: 'members', value: [{ value: u }] }), 204);
    t.deepEqual((await s.scim('GET', `/Users/${u}`)).body.groups?.map((g: { value: string }) => g.value), [id]);

    const res = await s.scim('DELETE', `/Groups/${id}`);
    expectStatus(t, res, 204);
    t.is(res.text, '');
    expectStatus(t, await s.scim('GET', `/Groups/${id}`), 404);
    t.is((await s.scim('GET', `/Groups${query({ filter: 'displayName eq "Engineering"' })}`)).body.totalResults, 0);
    const user = await s.scim('GET', `/Users/${u}`);
    expectStatus(t, user, 200);
    t.false('groups' in user.body);
    expectStatus(t, await s.scim('DELETE', `/Groups/${id}`), 404);
  });
});
