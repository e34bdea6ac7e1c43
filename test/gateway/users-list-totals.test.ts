// totalResults of /Users lists: counted when the page is full, read off the page when it is
// short (db/repositories/users.ts list()); both must give the same answer.

import { eachDialect } from '../_helpers/each-dialect.js';
import { startServer } from '../_helpers/server.js';

const cases: [query: string, total: number, items: number][] = [
  ['filter=userName+eq+%22AMY%40example.com%22', 1, 1],
  ['filter=userName+eq+%22nobody%40example.com%22', 0, 0],
  ['filter=userName+sw+%22%22+and+userName+ew+%22example.com%22', 3, 3],
  ['count=2', 3, 2],
  ['startIndex=2&count=2', 3, 2],
  ['startIndex=3&count=2', 3, 1],
  ['startIndex=4&count=2', 3, 0],
  ['startIndex=9&count=2', 3, 0],
  ['count=0', 3, 0],
  ['filter=userName+ne+%22amy%40example.com%22&startIndex=2&count=5', 2, 1],
];

eachDialect('totalResults is the number of matches whatever the page', async (t, dialect) => {
  const server = await startServer(dialect);
  try {
    for (const userName of ['amy@example.com', 'ben@example.com', 'cy@example.com']) {
      t.is((await server.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName })).status, 201);
    }
    for (const [query, total, items] of cases) {
      const res = await server.scim('GET', `/Users?${query}`);
      t.is(res.status, 200, query);
      t.deepEqual([res.body.totalResults, (res.body.Resources ?? []).length], [total, items], query);
    }
  } finally {
    await server.close();
  }
});
