// schema.graphql is the committed contract of the identity graph: it must be exactly what the
// type-graphql classes produce, so a change to the graph shows up in review as a schema diff.

import { readFile } from 'node:fs/promises';
import test from 'ava';
import { printGraphSchema, schemaFile } from '../../graph/emit-schema.js';
import { buildGraphSchema } from '../../graph/schema.js';

test('schema.graphql equals the schema built from the code', async (t) => {
  const committed = await readFile(schemaFile, 'utf8');
  const built = printGraphSchema(await buildGraphSchema());
  t.is(built, committed, 'schema.graphql is stale: run `npm run schema` and commit schema.graphql');
});
