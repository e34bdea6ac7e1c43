// Replays every user request of Entra's catalogue (../shared/docs/entra-protocol.md §8: C1, U1–U9,
// X1, L1) over HTTP, with the bodies Entra sends (test/_fixtures/entra), and checks the
// responses Entra expects.

import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import { eachDialect } from '../_helpers/each-dialect.js';
import { entraFixture } from '../_helpers/entra-fixture.js';
import {
  ENTERPRISE, ERROR, LIST_RESPONSE, SCIM_JSON, USER, patchOp, query, userBody, withServer,
} from '../_helpers/scim-query.js';
import type { TestServer } from '../_helpers/server.js';

const created = (t: ExecutionContext, reply: { status: number; text: string }) => {
  t.is(reply.status, 201, reply.text);
};

/** POST the catalogue's U2 body; returns the created resource. */
async function createJane(t: ExecutionContext, s: TestServer, change: (body: any) => void = () => {}) {
  const body = entraFixture('U2-create-user');
  change(body);
  const res = await s.scim('POST', '/Users', body);
  created(t, res);
  return res.body;
}

const byUserName = (s: TestServer, userName: string) => s.scim('GET', `/Users${query({ filter: `userName eq "${userName}"` })}`);

eachDialect('C1 Test Connection: a random userName gives 200 and exactly an empty ListResponse', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    // The path as Entra writes it: + for spaces, %22 for quotes.
    const res = await s.scim('GET', `/Users?filter=userName+eq+%22${randomUUID()}%22`);
    t.is(res.status, 200);
    t.is(res.headers.get('content-type'), SCIM_JSON);
    t.deepEqual(res.body, { schemas: [LIST_RESPONSE], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
  });
});

eachDialect('U1 filter-then-create: no match, POST, then exactly one match in any letter case', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const before = await byUserName(s, 'jdoe@contoso.com');
    t.is(before.status, 200);
    t.is(before.body.totalResults, 0);

    const jane = await createJane(t, s);
    for (const asked of ['jdoe@contoso.com', 'JDoe@Contoso.COM', 'JDOE@CONTOSO.COM']) {
      const res = await byUserName(s, asked);
      t.is(res.status, 200, asked);
      t.is(res.body.totalResults, 1, asked);
      t.is(res.body.itemsPerPage, 1, asked);
      const [found] = res.body.Resources;
      t.is(found.id, jane.id);
      t.is(found.userName, 'jdoe@contoso.com');
      t.is(found.active, true);
      t.deepEqual(found.name, jane.name);
      t.deepEqual(found.emails, jane.emails);
      t.deepEqual(found[ENTERPRISE], { employeeNumber: '701984', department: 'Research' });
    }
  });
});

eachDialect('U1 filter by externalId is case-exact: the exact value matches, another case does not', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s, (b) => { b.externalId = '0A21f0f2-8d2a-4f8e-bf98-7363c4aed4ef'; });
    const exact = await s.scim('GET', `/Users${query({ filter: 'externalId eq "0A21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"' })}`);
    t.is(exact.status, 200);
    t.deepEqual(exact.body.Resources.map((u: any) => u.id), [jane.id]);
    for (const other of ['0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef', '0A21F0F2-8D2A-4F8E-BF98-7363C4AED4EF']) {
      const res = await s.scim('GET', `/Users${query({ filter: `externalId eq "${other}"` })}`);
      t.is(res.status, 200);
      t.is(res.body.totalResults, 0, other);
      t.deepEqual(res.body.Resources, []);
    }
  });
});

eachDialect('U2 create with active "True" and the enterprise extension: 201, Location, ETag, values exactly as sent', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const sent = entraFixture('U2-create-user');
    const res = await s.scim('POST', '/Users', sent);
    t.is(res.status, 201, res.text);
    t.is(res.headers.get('content-type'), SCIM_JSON);
    const u = res.body;
    t.regex(u.id, /^[0-9a-f-]{36}$/);
    t.is(res.headers.get('location'), `${s.url}/scim/Users/${u.id}`);
    t.is(res.headers.get('etag'), u.meta.version);
    t.regex(u.meta.version, /^W\/"\d+"$/);
    t.deepEqual(u.schemas, [USER, ENTERPRISE]);
    t.is(u.active, true); // a JSON boolean, although "True" was sent
    for (const key of ['externalId', 'userName', 'displayName', 'title', 'emails', 'phoneNumbers', 'addresses', 'name', ENTERPRISE]) {
      t.deepEqual(u[key], sent[key], key);
    }
    t.false('roles' in u, 'an empty list is left out');
    t.is(u.meta.resourceType, 'User');
    t.is(u.meta.location, `${s.url}/scim/Users/${u.id}`);
    t.false(Number.isNaN(Date.parse(u.meta.created)));
    t.is(u.meta.lastModified, u.meta.created);

    // The JSON boolean form creates the same, and a second POST of the same userName conflicts.
    const again = await s.scim('POST', '/Users', { ...sent, active: true, externalId: 'other' });
    t.is(again.status, 409);
    t.is(again.body.scimType, 'uniqueness');
    t.deepEqual(again.body.schemas, [ERROR]);
    t.is(again.body.status, '409');
  });
});

eachDialect('U3 read: GET by id returns what POST returned; an unknown id is a SCIM 404', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const res = await s.scim('GET', `/Users/${jane.id}`);
    t.is(res.status, 200);
    t.deepEqual(res.body, jane);
    t.is(res.headers.get('etag'), jane.meta.version);

    const missing = await s.scim('GET', `/Users/${randomUUID()}`);
    t.is(missing.status, 404);
    t.deepEqual(missing.body.schemas, [ERROR]);
    t.is(missing.body.status, '404');
    t.truthy(missing.body.detail);
  });
});

eachDialect('U4 default-job PATCH: value-filter, sub-attribute, URN path and Add, all applied, nothing else changed', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const res = await s.scim('PATCH', `/Users/${jane.id}`, entraFixture('U4-update-default'));
    t.is(res.status, 200, res.text);
    const u = res.body;
    t.deepEqual(u.emails, [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }]);
    t.deepEqual(u.name, { formatted: 'Jane Doe', familyName: 'updatedFamilyName', givenName: 'Jane' });
    t.deepEqual(u[ENTERPRISE], { employeeNumber: 'Eqpj', department: 'Research' });
    t.is(u.nickName, 'Babs');
    t.deepEqual(u.phoneNumbers, jane.phoneNumbers);
    t.deepEqual(u.addresses, jane.addresses);
    t.is(u.userName, jane.userName);
    t.is(u.externalId, jane.externalId);
    t.not(u.meta.version, jane.meta.version);
    t.is(res.headers.get('etag'), u.meta.version);
    t.deepEqual((await s.scim('GET', `/Users/${jane.id}`)).body, u);
  });
});

eachDialect('U5 flag-form PATCH: value-filter op plus a no-path replace with dotted and URN keys', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const res = await s.scim('PATCH', `/Users/${jane.id}`, entraFixture('U5-update-flag'));
    t.is(res.status, 200, res.text);
    const u = res.body;
    t.deepEqual(u.emails, [{ primary: true, type: 'work', value: 'TestMhvaes@test.microsoft.com' }]);
    t.is(u.displayName, 'Bjfe');
    t.deepEqual(u.name, { formatted: 'Jane Doe', familyName: 'Unua', givenName: 'Kkom' });
    t.deepEqual(u[ENTERPRISE], { employeeNumber: 'Aklq', department: 'Research' });
    // the keys are paths, never stored literally
    t.deepEqual(Object.keys(u).filter((k) => k !== ENTERPRISE && (k.includes('.') || k.includes(':'))), []);
    t.deepEqual((await s.scim('GET', `/Users/${jane.id}`)).body, u);
  });
});

eachDialect('U6 rename: the new userName matches, the old one no longer does', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const res = await s.scim('PATCH', `/Users/${jane.id}`, entraFixture('U6-rename'));
    t.is(res.status, 200, res.text);
    t.is(res.body.userName, 'new@contoso.com');
    t.is(res.body.id, jane.id);
    t.is((await byUserName(s, 'jdoe@contoso.com')).body.totalResults, 0);
    t.deepEqual((await byUserName(s, 'NEW@contoso.com')).body.Resources.map((u: any) => u.id), [jane.id]);
  });
});

for (const form of ['default', 'flag'] as const) {
  eachDialect(`U7 disable and enable (${form} job): the user stays readable and filterable with active false`, async (t, dialect) => {
    await withServer(dialect, async (s) => {
      const jane = await createJane(t, s);
      const off = await s.scim('PATCH', `/Users/${jane.id}`, entraFixture(`U7-disable-${form}`));
      t.is(off.status, 200, off.text);
      t.is(off.body.active, false);
      const read = await s.scim('GET', `/Users/${jane.id}`);
      t.is(read.status, 200);
      t.is(read.body.active, false);
      const found = await byUserName(s, 'jdoe@contoso.com');
      t.is(found.body.totalResults, 1);
      t.is(found.body.Resources[0].active, false);
      const inactive = await s.scim('GET', `/Users${query({ filter: 'active eq false' })}`);
      t.deepEqual(inactive.body.Resources.map((u: any) => u.id), [jane.id]);

      const on = await s.scim('PATCH', `/Users/${jane.id}`, entraFixture(`U7-enable-${form}`));
      t.is(on.status, 200, on.text);
      t.is(on.body.active, true);
      t.is((await s.scim('GET', `/Users/${jane.id}`)).body.active, true);
      t.is((await s.scim('GET', `/Users${query({ filter: 'active eq false' })}`)).body.totalResults, 0);
    });
  });
}

eachDialect('U7 the lower-case string "false" also disables', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const res = await s.scim('PATCH', `/Users/${jane.id}`, patchOp({ op: 'Replace', path: 'active', value: 'false' }));
    t.is(res.status, 200, res.text);
    t.is(res.body.active, false);
  });
});

eachDialect('U8 manager: set (bare id, {value}, legacy array), change, clear with "" and with remove', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const boss = (await s.scim('POST', '/Users', userBody('boss@contoso.com', { displayName: 'The Boss' }))).body;
    const other = (await s.scim('POST', '/Users', userBody('other@contoso.com'))).body;
    const base = `${s.url}/scim`;
    const managerOf = async () => (await s.scim('GET', `/Users/${jane.id}`)).body[ENTERPRISE]?.manager;
    const asBoss = { value: boss.id, $ref: `${base}/Users/${boss.id}`, displayName: 'The Boss' };
    // displayName falls back to the userName when the manager has none
    const asOther = { value: other.id, $ref: `${base}/Users/${other.id}`, displayName: 'other@contoso.com' };

    const patch = async (name: string, managerId: string) => {
      const res = await s.scim('PATCH', `/Users/${jane.id}`, entraFixture(name, { managerId, baseUrl: base }));
      t.is(res.status, 200, `${name}: ${res.text}`);
      return res.body;
    };

    const set = await patch('U8-manager-set', boss.id);
    t.deepEqual(set[ENTERPRISE].manager, asBoss);
    t.deepEqual(await managerOf(), asBoss);
    t.is(set[ENTERPRISE].employeeNumber, '701984', 'the other extension attributes stay');

    t.deepEqual((await patch('U8-manager-change', other.id))[ENTERPRISE].manager, asOther);
    t.deepEqual(await managerOf(), asOther);

    const cleared = await patch('U8-manager-clear', other.id);
    t.false('manager' in cleared[ENTERPRISE]);
    t.is(await managerOf(), undefined);

    t.deepEqual((await patch('U8-manager-set-object', boss.id))[ENTERPRISE].manager, asBoss);
    const removed = await patch('U8-manager-remove', boss.id);
    t.false('manager' in removed[ENTERPRISE]);
    t.is(await managerOf(), undefined);

    t.deepEqual((await patch('U8-manager-legacy', other.id))[ENTERPRISE].manager, asOther);
    t.deepEqual(await managerOf(), asOther);
    // a filtered remove naming another manager leaves it; naming this one clears it
    await patch('U8-manager-remove-filter', boss.id);
    t.deepEqual(await managerOf(), asOther);
    await patch('U8-manager-remove-filter', other.id);
    t.is(await managerOf(), undefined);
  });
});

eachDialect('U8 a manager only in the extension leaves the extension when cleared', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const boss = (await s.scim('POST', '/Users', userBody('boss@contoso.com'))).body;
    const worker = (await s.scim('POST', '/Users', userBody('worker@contoso.com'))).body;
    const set = await s.scim('PATCH', `/Users/${worker.id}`, entraFixture('U8-manager-set', { managerId: boss.id }));
    t.deepEqual(set.body.schemas, [USER, ENTERPRISE]);
    const cleared = await s.scim('PATCH', `/Users/${worker.id}`, entraFixture('U8-manager-clear'));
    t.is(cleared.status, 200, cleared.text);
    t.false(ENTERPRISE in cleared.body);
    t.deepEqual(cleared.body.schemas, [USER]);
  });
});

eachDialect('U9 hard delete: 204 with an empty body, then GET 404 and the filter finds nothing', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const res = await s.scim('DELETE', `/Users/${jane.id}`);
    t.is(res.status, 204);
    t.is(res.text, '');
    const gone = await s.scim('GET', `/Users/${jane.id}`);
    t.is(gone.status, 404);
    t.deepEqual(gone.body.schemas, [ERROR]);
    t.is((await byUserName(s, 'jdoe@contoso.com')).body.totalResults, 0);
    t.is((await s.scim('DELETE', `/Users/${jane.id}`)).status, 404);
  });
});

eachDialect('X1 legacy reference check: id eq … and manager eq … with attributes=id', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const jane = await createJane(t, s);
    const boss = (await s.scim('POST', '/Users', userBody('boss@contoso.com'))).body;
    await s.scim('PATCH', `/Users/${jane.id}`, entraFixture('U8-manager-set', { managerId: boss.id }));
    const check = (managerId: string) =>
      s.scim('GET', `/Users${query({ filter: `id eq "${jane.id}" and manager eq "${managerId}"`, attributes: 'id' })}`);

    const hit = await check(boss.id);
    t.is(hit.status, 200, hit.text);
    t.is(hit.body.totalResults, 1);
    t.deepEqual(hit.body.Resources, [{ schemas: [USER, ENTERPRISE], id: jane.id }]);
    const miss = await check(jane.id);
    t.is(miss.status, 200);
    t.deepEqual(miss.body.Resources, []);
    t.is(miss.body.totalResults, 0);
  });
});

eachDialect('L1 listing: startIndex is echoed and itemsPerPage is the number returned', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const names = Array.from({ length: 7 }, (_, i) => `user${i}@contoso.com`);
    for (const n of names) created(t, await s.scim('POST', '/Users', userBody(n)));
    const page = async (startIndex: number, count: number) => (await s.scim('GET', `/Users${query({ startIndex, count })}`)).body;

    const first = await page(1, 5);
    t.like(first, { schemas: [LIST_RESPONSE], totalResults: 7, startIndex: 1, itemsPerPage: 5 });
    t.is(first.Resources.length, 5);
    const second = await page(6, 5);
    t.like(second, { totalResults: 7, startIndex: 6, itemsPerPage: 2 });
    const all = [...first.Resources, ...second.Resources].map((u: any) => u.userName);
    t.deepEqual([...all].sort(), [...names].sort(), 'the two pages cover every user once');
    t.like(await page(1, 2), { startIndex: 1, itemsPerPage: 2 });
    t.like(await page(8, 5), { totalResults: 7, startIndex: 8, itemsPerPage: 0, Resources: [] });
  });
});

eachDialect('U4 on a user without the entries: value-filter Adds create one entry per type and merge into it', async (t, dialect) => {
  await withServer(dialect, async (s) => {
    const bare = (await s.scim('POST', '/Users', userBody('bare@contoso.com'))).body;
    const res = await s.scim('PATCH', `/Users/${bare.id}`, patchOp(
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'bare@contoso.com' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '4255550101' },
    ));
    t.is(res.status, 200, res.text);
    t.deepEqual(res.body.emails, [{ type: 'work', value: 'bare@contoso.com' }]);
    t.deepEqual(res.body.addresses, [{ type: 'work', locality: 'Redmond', postalCode: '98052' }]);
    t.deepEqual(res.body.phoneNumbers, [{ type: 'mobile', value: '4255550101' }]);
    const found = await s.scim('GET', `/Users${query({ filter: 'emails[type eq "work"].value eq "BARE@contoso.com"' })}`);
    t.deepEqual(found.body.Resources.map((u: any) => u.id), [bare.id], 'the created entry is filterable at once');
  });
});
