import test from 'ava';
import { listResponse } from '../../../gateway/render/list-response.js';
import { LIST_RESPONSE_URN } from '../../../gateway/scim/urns.js';

test('listResponse([], …) is the empty answer Entra expects for a miss', (t) => {
  t.deepEqual(listResponse([], { totalResults: 0, startIndex: 1 }), {
    schemas: [LIST_RESPONSE_URN], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [],
  });
});

test('listResponse(page) counts itemsPerPage from the page, not the total', (t) => {
  const page = listResponse([{ id: 'a' }, { id: 'b' }], { totalResults: 7, startIndex: 3 });
  t.like(page, { totalResults: 7, startIndex: 3, itemsPerPage: 2 });
  t.deepEqual(page.Resources, [{ id: 'a' }, { id: 'b' }]);
});
