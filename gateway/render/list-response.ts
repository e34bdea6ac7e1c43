// The ListResponse envelope (RFC 7644 §3.4.2). Zero matches is still a 200 with this shape:
// Entra quarantines a job that gets a 404 for a query.

import { LIST_RESPONSE_URN } from '../scim/urns.js';

export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_URN];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

export function listResponse<T extends object>(
  resources: T[],
  page: { totalResults: number; startIndex: number },
): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_URN],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
