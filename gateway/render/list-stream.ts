// The ListResponse envelope (RFC 7644 §3.4.2) as JSON text chunks, for lists whose resources
// are themselves streamed (groups with their members): the same document listResponse() builds,
// without holding every resource in memory.

import { LIST_RESPONSE_URN } from '../scim/urns.js';

/** A rendered resource, or the chunks of one. */
export type ResourceChunks = object | AsyncIterable<string>;

export async function* listJsonChunks(
  page: { totalResults: number; startIndex: number; itemsPerPage: number },
  resources: Iterable<ResourceChunks> | AsyncIterable<ResourceChunks>,
): AsyncGenerator<string> {
  yield `{"schemas":${JSON.stringify([LIST_RESPONSE_URN])},"totalResults":${page.totalResults},`
    + `"startIndex":${page.startIndex},"itemsPerPage":${page.itemsPerPage},"Resources":[`;
  let first = true;
  for await (const resource of resources) {
    if (!first) yield ',';
    first = false;
    if (Symbol.asyncIterator in resource) yield* resource as AsyncIterable<string>;
    else yield JSON.stringify(resource);
  }
  yield ']}';
}
