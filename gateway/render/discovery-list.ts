import { listResponse as envelope } from './list-response.js';

/** Discovery lists are never paged: everything, from index 1. */
export const listResponse = <T extends object>(items: T[]) => envelope(items, { totalResults: items.length, startIndex: 1 });
