import test from 'ava';
import { parseListParams, parseSearchRequest, type ListParams, type ListParamsInput } from '../../../gateway/scim/list-params.js';
import { ScimError } from '../../../gateway/scim/errors.js';
import { SEARCH_REQUEST_URN } from '../../../gateway/scim/urns.js';

const limits = { defaultCount: 100, maxCount: 500 };
const defaults: ListParams = { startIndex: 1, count: 100, sortOrder: 'ascending' };

const parses = test.macro({
  exec(t, input: ListParamsInput, expected: Partial<ListParams>) {
    t.deepEqual(parseListParams(input, limits), { ...defaults, ...expected });
  },
  title: (provided = '', input: ListParamsInput) => `parseListParams(${JSON.stringify(input)}) ${provided}`.trim(),
});

test(parses, {}, {});
test(parses, { filter: 'userName eq "bjensen"' }, { filter: 'userName eq "bjensen"' });
test(parses, { filter: '' }, {});
test(parses, { startIndex: '5', count: '5' }, { startIndex: 5, count: 5 });
test(parses, { startIndex: 5, count: 5 }, { startIndex: 5, count: 5 });
test(parses, { startIndex: ' 7 ' }, { startIndex: 7 });
test(parses, { startIndex: '0' }, { startIndex: 1 });
test(parses, { startIndex: '-3' }, { startIndex: 1 });
test(parses, { startIndex: '9'.repeat(400) }, { startIndex: Number.MAX_SAFE_INTEGER });
test(parses, { count: '0' }, { count: 0 });
test(parses, { count: '-1' }, { count: 0 });
test(parses, { count: '501' }, { count: 500 });
test(parses, { count: 10_000 }, { count: 500 });
test(parses, { count: '' }, {});
test(parses, { sortBy: 'userName' }, { sortBy: 'userName' });
test(parses, { sortOrder: 'DESCENDING' }, { sortOrder: 'descending' });
test(parses, { sortOrder: 'Ascending' }, { sortOrder: 'ascending' });
test(parses, { attributes: 'userName,name.givenName' }, { attributes: ['userName', 'name.givenName'] });
test(parses, { attributes: ' userName , emails ,' }, { attributes: ['userName', 'emails'] });
test(parses, { attributes: ['userName', 'emails'] }, { attributes: ['userName', 'emails'] });
test(parses, { excludedAttributes: 'members' }, { excludedAttributes: ['members'] });
test(parses, { excludedAttributes: '' }, {});
test(parses, { attributes: 'id', excludedAttributes: ['members'] }, { attributes: ['id'], excludedAttributes: ['members'] });

const rejects = test.macro({
  exec(t, input: ListParamsInput, scimType: string, mentions: string) {
    const error = t.throws(() => parseListParams(input, limits), { instanceOf: ScimError });
    t.is(error?.status, 400);
    t.is(error?.scimType as string | undefined, scimType);
    t.true(error?.message.includes(mentions), error?.message);
  },
  title: (provided = '', input: ListParamsInput, scimType: string) =>
    `parseListParams(${JSON.stringify(input).slice(0, 80)}) → ${scimType} ${provided}`.trim(),
});

test(rejects, { startIndex: 'abc' }, 'invalidValue', '"startIndex"');
test(rejects, { startIndex: '1.5' }, 'invalidValue', '"startIndex"');
test(rejects, { startIndex: 1.5 }, 'invalidValue', '"startIndex"');
test(rejects, { count: 'ten' }, 'invalidValue', '"count"');
test(rejects, { count: ['1', '2'] }, 'invalidValue', '"count"');
test(rejects, { count: true }, 'invalidValue', '"count"');
test(rejects, { sortOrder: 'up' }, 'invalidValue', '"sortOrder"');
test(rejects, { sortBy: 42 }, 'invalidValue', '"sortBy"');
test(rejects, { attributes: [1] }, 'invalidValue', '"attributes"');
test(rejects, { excludedAttributes: {} }, 'invalidValue', '"excludedAttributes"');
test(rejects, { filter: 'a'.repeat(10_001) }, 'invalidFilter', '10001');
test(rejects, { filter: ['a', 'b'] }, 'invalidValue', '"filter"');

test('parseListParams accepts a filter of exactly 10,000 characters', (t) => {
  t.is(parseListParams({ filter: 'a'.repeat(10_000) }, limits).filter?.length, 10_000);
});

test('parseSearchRequest(body) keeps only the list parameters', (t) => {
  const body = { schemas: [SEARCH_REQUEST_URN], filter: 'active eq true', count: 5, attributes: ['id'], other: 1 };
  t.deepEqual(parseListParams(parseSearchRequest(body), limits), {
    ...defaults, filter: 'active eq true', count: 5, attributes: ['id'],
  });
  t.false('other' in parseSearchRequest(body));
});

test('parseSearchRequest(body) compares the schema URN case-insensitively', (t) => {
  t.notThrows(() => parseSearchRequest({ schemas: [SEARCH_REQUEST_URN.toUpperCase()] }));
});

for (const body of [undefined, null, 'x', [], {}, { schemas: SEARCH_REQUEST_URN }, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }]) {
  test(`parseSearchRequest(${JSON.stringify(body)}) → invalidSyntax`, (t) => {
    const error = t.throws(() => parseSearchRequest(body), { instanceOf: ScimError });
    t.is(error?.scimType, 'invalidSyntax');
    t.true(error?.message.includes(SEARCH_REQUEST_URN));
  });
}
