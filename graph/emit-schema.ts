// `npm run schema`: writes schema.graphql, the committed contract a test keeps current.

import { writeFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildGraphSchema } from './schema.js';

export const printGraphSchema = (schema: GraphQLSchema): string =>
  `${printSchema(lexicographicSortSchema(schema))}\n`;

export const schemaFile = new URL('../../schema.graphql', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(schemaFile, printGraphSchema(await buildGraphSchema()));
  console.log(`wrote ${schemaFile.pathname}`);
}
