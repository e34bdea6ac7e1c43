// POST /.search at the root (RFC 7644 §3.4.3): one filter over Users and Groups. The filter is
// compiled for each resource type; a type whose attributes it does not name (`userName` for
// Groups, `members` for Users) contributes nothing, and a filter neither type understands is
// 400 invalidFilter. Results are Users, then Groups, paged as one sequence with one total.

import type { FilterNode } from '../filter/ast.js';
import { parseFilter } from '../filter/parse-filter.js';
import { listJsonChunks } from '../render/list-stream.js';
import { listResponse } from '../render/list-response.js';
import { project } from '../render/project.js';
import { toScimUser, type GraphUser } from '../render/users.js';
import type { GraphGroup } from '../render/groups.js';
import { userSchemas } from '../schema/find-attribute.js';
import { invalidFilter, invalidValue, ScimError } from '../scim/errors.js';
import { parseListParams, parseSearchRequest } from '../scim/list-params.js';
import { groupFilterToWhere, userFilterToWhere } from '../translate/filter-to-where.js';
import { createGroupReader } from './groups.js';
import { route, type Route, type ScimContext } from './route.js';
import type { ScimRouteDeps } from './scim-gateway.js';
import { selectsGroups, selectsMembers } from './selection.js';

/** `undefined`: the type cannot match this filter. `null`: no filter, everything matches. */
type Compiled = Record<string, unknown> | null | undefined;

/** The where for one resource type, or why the filter does not fit it. */
function compileFor(filter: FilterNode | undefined, compile: (f: FilterNode) => object): { where: Compiled; error?: ScimError } {
  if (!filter) return { where: null };
  try {
    return { where: compile(filter) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof ScimError && err.scimType === 'invalidFilter') return { where: undefined, error: err };
    throw err;
  }
}

export function searchRoutes(deps: ScimRouteDeps): Route[] {
  const groups = createGroupReader(deps);
  const limits = { defaultCount: deps.config.scim.defaultPageSize, maxCount: deps.config.scim.maxPageSize };

  const runUsers = <T>(ctx: ScimContext, variables: Record<string, unknown>) => deps.run<T>(ctx, 'ListUsers', variables, 'User');

  return [
    route('/.search', {
      async POST(ctx) {
        const params = parseListParams(parseSearchRequest(ctx.request.body), limits);
        if (params.sortBy !== undefined) {
          // Users and Groups are two sorted sequences in two tables; merging them by an
          // attribute would read every earlier page of both. Sorting is per resource type.
          throw invalidValue(`"sortBy" is not supported when searching across resource types: POST the same search to /Users/.search or /Groups/.search to sort by "${params.sortBy}".`);
        }
        const filter = params.filter === undefined ? undefined : parseFilter(params.filter);
        const users = compileFor(filter, userFilterToWhere);
        const grps = compileFor(filter, groupFilterToWhere);
        if (users.where === undefined && grps.where === undefined) {
          throw invalidFilter(`The filter fits neither Users (${users.error!.message}) nor Groups (${grps.error!.message}).`);
        }
        const sel = { attributes: params.attributes, excludedAttributes: params.excludedAttributes };
        const { startIndex, count } = params;

        // One sequence: matching users (1…U), then matching groups (U+1…U+G).
        let userTotal = 0;
        let userItems: GraphUser[] = [];
        if (users.where !== undefined) {
          const { users: page } = await runUsers<{ users: { totalResults: number; items: GraphUser[] } }>(ctx, {
            where: users.where, sort: null, startIndex, count, withGroups: selectsGroups(sel),
          });
          userTotal = page.totalResults;
          userItems = page.items;
        }
        let groupTotal = 0;
        let groupItems: GraphGroup[] = [];
        if (grps.where !== undefined) {
          const { groups: page } = await groups.run<{ groups: { totalResults: number; items: GraphGroup[] } }>(ctx, 'ListGroups', {
            where: grps.where, sort: null, startIndex: Math.max(startIndex - userTotal, 1), count: count - userItems.length,
          });
          groupTotal = page.totalResults;
          groupItems = page.items;
        }

        const page = { totalResults: userTotal + groupTotal, startIndex };
        const renderedUsers = userItems.map((u) => project(toScimUser(u, ctx.scim.baseUrl), userSchemas, sel));
        const resources = [...renderedUsers, ...groupItems.map((g) => groups.groupChunks(ctx, g, sel))];
        if (groupItems.length === 0 || !selectsMembers(sel)) {
          ctx.body = listResponse(resources, page);
          return;
        }
        ctx.body = groups.streamBody(ctx, listJsonChunks({ ...page, itemsPerPage: resources.length }, resources));
      },
    }),
  ];
}
