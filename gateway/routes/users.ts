// /Users (RFC 7644 §3.3–3.6): each handler reads as parse → translate → run → render.

import { parseFilter } from '../filter/parse-filter.js';
import { applyPatch } from '../patch/apply-patch.js';
import { project } from '../render/project.js';
import { listResponse } from '../render/list-response.js';
import { toScimUser, type GraphUser } from '../render/users.js';
import { userSchemas } from '../schema/find-attribute.js';
import { ScimError } from '../scim/errors.js';
import { checkPreconditions, etagOf, ifMatchVersion } from '../scim/etag.js';
import { createKeyedLock } from '../scim/keyed-lock.js';
import { parseListParams, parseSearchRequest, type ListParamsInput } from '../scim/list-params.js';
import { canonicalize } from '../translate/canonicalize.js';
import type { DocumentName } from '../translate/documents.js';
import { userFilterToWhere } from '../translate/filter-to-where.js';
import { sortInputFor } from '../translate/sort-field-for.js';
import { scimUserToInput } from '../translate/user-input.js';
import { jsonObjectBody } from '../middleware/scim-body.js';
import { checkBeforeWrite, headersOf } from './preconditions.js';
import { selection, selectsGroups } from './selection.js';
import { route, type Route, type ScimContext } from './route.js';
import type { ScimRouteDeps } from './scim-gateway.js';

const PATCH_ATTEMPTS = 5;

export function userRoutes(deps: ScimRouteDeps): Route[] {
  const patching = createKeyedLock();
  const limits = { defaultCount: deps.config.scim.defaultPageSize, maxCount: deps.config.scim.maxPageSize };

  const run = <T>(ctx: ScimContext, doc: DocumentName, variables: Record<string, unknown>) => deps.run<T>(ctx, doc, variables, 'User');

  const respond = (ctx: ScimContext, user: GraphUser, status = 200) => {
    ctx.status = status;
    ctx.set('ETag', etagOf(user.version));
    ctx.body = project(toScimUser(user, ctx.scim.baseUrl), userSchemas, selection(ctx.query));
  };

  const read = (ctx: ScimContext, withGroups: boolean) =>
    run<{ user: GraphUser }>(ctx, 'GetUser', { id: ctx.params.id, withGroups }).then((d) => d.user);

  async function list(ctx: ScimContext, input: ListParamsInput) {
    const params = parseListParams(input, limits);
    const where = params.filter === undefined ? null : userFilterToWhere(parseFilter(params.filter));
    const sort = sortInputFor('User', params);
    const sel = { attributes: params.attributes, excludedAttributes: params.excludedAttributes };
    const { users } = await run<{ users: { totalResults: number; startIndex: number; items: GraphUser[] } }>(ctx, 'ListUsers', {
      where, sort, startIndex: params.startIndex, count: params.count, withGroups: selectsGroups(sel),
    });
    ctx.body = listResponse(users.items.map((u) => project(toScimUser(u, ctx.scim.baseUrl), userSchemas, sel)),
      { totalResults: users.totalResults, startIndex: params.startIndex });
  }

  const inputFrom = (body: unknown) => scimUserToInput(canonicalize(jsonObjectBody(body), userSchemas).resource);

  return [
    route('/Users', {
      GET: (ctx) => list(ctx, ctx.query as ListParamsInput),
      async POST(ctx) {
        const { createUser } = await run<{ createUser: GraphUser }>(ctx, 'CreateUser', { input: inputFrom(ctx.request.body), withGroups: false });
        ctx.set('Location', `${ctx.scim.baseUrl}/Users/${createUser.id}`);
        respond(ctx, createUser, 201);
      },
    }),
    route('/Users/.search', {
      POST: (ctx) => list(ctx, parseSearchRequest(ctx.request.body)),
    }),
    route('/Users/:id', {
      async GET(ctx) {
        const user = await read(ctx, selectsGroups(selection(ctx.query)));
        if (checkPreconditions(headersOf(ctx), user.version, 'GET') === 'not-modified') {
          ctx.status = 304;
          ctx.set('ETag', etagOf(user.version));
          return;
        }
        respond(ctx, user);
      },
      async PUT(ctx) {
        const input = inputFrom(ctx.request.body);
        await checkBeforeWrite(ctx, async () => (await read(ctx, false)).version);
        const { replaceUser } = await run<{ replaceUser: GraphUser }>(ctx, 'ReplaceUser', {
          id: ctx.params.id, input, ifVersion: ifMatchVersion(ctx.get('if-match')), withGroups: selectsGroups(selection(ctx.query)),
        });
        respond(ctx, replaceUser);
      },
      async PATCH(ctx) {
        const body = jsonObjectBody(ctx.request.body);
        const withGroups = selectsGroups(selection(ctx.query));
        // Read → apply (pure) → write with the version read. PATCHes of one user wait for each
        // other here; a writer elsewhere makes the write fail with 412, and without a client
        // precondition we simply re-read and re-apply.
        await patching.run(`${ctx.state.actor.workspaceId} ${ctx.params.id}`, async () => {
          for (let attempt = 1; ; attempt++) {
            const current = await read(ctx, false);
            checkPreconditions(headersOf(ctx), current.version, 'PATCH');
            const patched = applyPatch(toScimUser(current, ctx.scim.baseUrl), body, userSchemas);
            try {
              const { replaceUser } = await run<{ replaceUser: GraphUser }>(ctx, 'ReplaceUser', {
                id: current.id, input: scimUserToInput(patched), ifVersion: current.version, withGroups,
              });
              return respond(ctx, replaceUser);
            } catch (err) {
              const retry = err instanceof ScimError && err.status === 412 && !ctx.get('if-match') && attempt < PATCH_ATTEMPTS;
              if (!retry) throw err;
            }
          }
        });
      },
      async DELETE(ctx) {
        await checkBeforeWrite(ctx, async () => (await read(ctx, false)).version);
        await run(ctx, 'DeleteUser', { id: ctx.params.id, ifVersion: ifMatchVersion(ctx.get('if-match')) });
        ctx.status = 204;
        ctx.body = null;
      },
    }),
  ];
}
