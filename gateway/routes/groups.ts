// /Groups (RFC 7644 §3.3–3.6). Members are read only when the response shows them, and then
// page by page: a group's own row is read first (so 404 and 412 are proper SCIM errors), and a
// group with more than one page of members is written to the client as a stream.

import { Readable } from 'node:stream';
import { parseFilter } from '../filter/parse-filter.js';
import { jsonObjectBody } from '../middleware/scim-body.js';
import { translateGroupPatch, type MemberOp } from '../patch/group-patch.js';
import { groupJsonChunks, projectMembers, toScimGroup, type GraphGroup, type GraphMember } from '../render/groups.js';
import { listJsonChunks } from '../render/list-stream.js';
import { listResponse } from '../render/list-response.js';
import { project, type AttributeSelection } from '../render/project.js';
import { groupSchemas } from '../schema/find-attribute.js';
import { ScimError } from '../scim/errors.js';
import { checkPreconditions, etagOf, ifMatchVersion } from '../scim/etag.js';
import { parseListParams, parseSearchRequest, type ListParamsInput } from '../scim/list-params.js';
import { canonicalize } from '../translate/canonicalize.js';
import type { DocumentName } from '../translate/documents.js';
import { groupFilterToWhere } from '../translate/filter-to-where.js';
import { scimGroupToInput } from '../translate/group-input.js';
import { sortInputFor } from '../translate/sort-field-for.js';
import { route, type Route, type ScimContext } from './route.js';
import type { ScimRouteDeps } from './scim-gateway.js';
import { selection, selectsMembers } from './selection.js';
import { checkBeforeWrite, headersOf } from './preconditions.js';

/** Members per database round trip while rendering: ~150 bytes each once rendered. */
export const MEMBER_PAGE_SIZE = 1000;

interface MemberPage { items: GraphMember[]; endCursor: string | null; hasNextPage: boolean }

/** Reading and rendering groups; shared by /Groups and the root /.search. */
export function createGroupReader(deps: ScimRouteDeps) {
  const run = <T>(ctx: ScimContext, doc: DocumentName, variables: Record<string, unknown>) => deps.run<T>(ctx, doc, variables, 'Group');

  const membersPage = (ctx: ScimContext, id: string, after: string | null) =>
    run<{ group: { members: MemberPage } }>(ctx, 'GroupMembers', { id, first: MEMBER_PAGE_SIZE, after }).then((d) => d.group.members);

  /** `inList`: a group deleted while a list is being written ends its member list where it
   * was instead of cutting the whole response; a single group's body is cut (see streamBody). */
  async function* memberPages(ctx: ScimContext, id: string, sel: AttributeSelection,
    opts: { first?: MemberPage; inList?: boolean } = {}): AsyncGenerator<Record<string, unknown>[]> {
    const next = async (after: string | null) => {
      try {
        return await membersPage(ctx, id, after);
      } catch (err) {
        if (opts.inList && err instanceof ScimError && err.status === 404) return undefined;
        throw err;
      }
    };
    let page = opts.first ?? await next(null);
    while (page) {
      yield projectMembers(page.items, ctx.scim.baseUrl, sel);
      page = page.hasNextPage ? await next(page.endCursor) : undefined;
    }
  }

  /** The group without members, projected: everything but the member list. */
  const head = (ctx: ScimContext, g: GraphGroup, sel: AttributeSelection) =>
    project(toScimGroup(g, ctx.scim.baseUrl), groupSchemas, sel);

  /** One group's rendered text, members streamed; for lists. */
  const groupChunks = (ctx: ScimContext, g: GraphGroup, sel: AttributeSelection): object | AsyncIterable<string> =>
    selectsMembers(sel) ? groupJsonChunks(head(ctx, g, sel), memberPages(ctx, g.id, sel, { inList: true })) : head(ctx, g, sel);

  /** A single group as a response body: a plain object when its members fit one page. */
  async function groupBody(ctx: ScimContext, g: GraphGroup, sel: AttributeSelection): Promise<object> {
    if (!selectsMembers(sel)) return head(ctx, g, sel);
    const first = await membersPage(ctx, g.id, null);
    if (!first.hasNextPage) return project(toScimGroup(g, ctx.scim.baseUrl, first.items), groupSchemas, sel);
    return streamBody(ctx, groupJsonChunks(head(ctx, g, sel), memberPages(ctx, g.id, sel, { first })));
  }

  /** Once headers are sent an error can no longer become a SCIM error: it is logged and the
   * connection is cut, so the client sees a truncated body rather than a wrong one. */
  function streamBody(ctx: ScimContext, chunks: AsyncIterable<string>): Readable {
    const stream = Readable.from(chunks, { objectMode: false, highWaterMark: 64 * 1024 });
    stream.once('error', (err) => {
      deps.log.error({ err, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'error while streaming a response');
      ctx.res.destroy(err);
    });
    return stream;
  }

  return { run, groupChunks, groupBody, streamBody };
}

export function groupRoutes(deps: ScimRouteDeps): Route[] {
  const { run, groupChunks, groupBody, streamBody } = createGroupReader(deps);
  const limits = { defaultCount: deps.config.scim.defaultPageSize, maxCount: deps.config.scim.maxPageSize };

  const read = (ctx: ScimContext) => run<{ group: GraphGroup }>(ctx, 'GetGroup', { id: ctx.params.id }).then((d) => d.group);

  const respond = async (ctx: ScimContext, group: GraphGroup, status = 200) => {
    const body = await groupBody(ctx, group, selection(ctx.query));
    ctx.status = status;
    ctx.set('ETag', etagOf(group.version));
    ctx.body = body;
  };

  const checkComplexPreconditions = (ctx: ScimContext) => checkBeforeWrite(ctx, async () => (await read(ctx)).version);

  async function list(ctx: ScimContext, input: ListParamsInput) {
    const params = parseListParams(input, limits);
    const where = params.filter === undefined ? null : groupFilterToWhere(parseFilter(params.filter));
    const sort = sortInputFor('Group', params);
    const sel = { attributes: params.attributes, excludedAttributes: params.excludedAttributes };
    const { groups } = await run<{ groups: { totalResults: number; items: GraphGroup[] } }>(ctx, 'ListGroups', {
      where, sort, startIndex: params.startIndex, count: params.count,
    });
    const page = { totalResults: groups.totalResults, startIndex: params.startIndex };
    if (!selectsMembers(sel) || groups.items.length === 0) {
      ctx.body = listResponse(groups.items.map((g) => project(toScimGroup(g, ctx.scim.baseUrl), groupSchemas, sel)), page);
      return;
    }
    // Each group's members are read as the body is written: a page of large groups costs
    // one member page of memory, not the sum of the groups.
    ctx.body = streamBody(ctx, listJsonChunks({ ...page, itemsPerPage: groups.items.length },
      groups.items.map((g) => groupChunks(ctx, g, sel))));
  }

  const inputFrom = (body: unknown) => scimGroupToInput(canonicalize(jsonObjectBody(body), groupSchemas).resource);

  return [
    route('/Groups', {
      GET: (ctx) => list(ctx, ctx.query as ListParamsInput),
      async POST(ctx) {
        const { createGroup } = await run<{ createGroup: GraphGroup }>(ctx, 'CreateGroup', { input: inputFrom(ctx.request.body) });
        ctx.set('Location', `${ctx.scim.baseUrl}/Groups/${createGroup.id}`);
        await respond(ctx, createGroup, 201);
      },
    }),
    route('/Groups/.search', {
      POST: (ctx) => list(ctx, parseSearchRequest(ctx.request.body)),
    }),
    route('/Groups/:id', {
      async GET(ctx) {
        const group = await read(ctx);
        if (checkPreconditions(headersOf(ctx), group.version, 'GET') === 'not-modified') {
          ctx.status = 304;
          ctx.set('ETag', etagOf(group.version));
          return;
        }
        await respond(ctx, group);
      },
      async PUT(ctx) {
        const input = inputFrom(ctx.request.body);
        await checkComplexPreconditions(ctx);
        // The member set is replaced as a difference in the database (replaceGroup).
        const { replaceGroup } = await run<{ replaceGroup: GraphGroup }>(ctx, 'ReplaceGroup', {
          id: ctx.params.id, input, ifVersion: ifMatchVersion(ctx.get('if-match')),
        });
        await respond(ctx, replaceGroup);
      },
      async PATCH(ctx) {
        const change = translateGroupPatch(jsonObjectBody(ctx.request.body), ctx.params.id);
        const input = {
          ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
          ...(change.externalId !== undefined ? { externalId: change.externalId } : {}),
          memberOps: change.memberOps.map(toGraphMemberOp),
        };
        let group: GraphGroup;
        if (Object.keys(input).length === 1 && input.memberOps.length === 0) {
          // Nothing to change (an add of an empty list): answer as a write would, without one,
          // so the version does not move.
          group = await read(ctx);
          checkPreconditions(headersOf(ctx), group.version, 'PATCH');
        } else {
          await checkComplexPreconditions(ctx);
          group = (await run<{ updateGroup: GraphGroup }>(ctx, 'UpdateGroup', {
            id: ctx.params.id, input, ifVersion: ifMatchVersion(ctx.get('if-match')),
          })).updateGroup;
        }
        // Entra expects 204 and never reads members back; a client that names attributes
        // asks for the resource (RFC 7644 §3.5.2).
        if (ctx.query.attributes !== undefined || ctx.query.excludedAttributes !== undefined) return respond(ctx, group);
        ctx.status = 204;
        ctx.set('ETag', etagOf(group.version));
        ctx.body = null;
      },
      async DELETE(ctx) {
        await checkComplexPreconditions(ctx);
        await run(ctx, 'DeleteGroup', { id: ctx.params.id, ifVersion: ifMatchVersion(ctx.get('if-match')) });
        ctx.status = 204;
        ctx.body = null;
      },
    }),
  ];
}

const toGraphMemberOp = (op: MemberOp) =>
  op.op === 'clear' ? { op: 'CLEAR' } : { op: op.op.toUpperCase(), ids: op.ids };
