// The routes' one way to run a graph operation: the documents are parsed and validated once,
// when the gateway is built, and graph errors become SCIM errors here.

import type { GraphClient } from '../../graph/client.js';
import { fromGraphError } from '../scim/graph-errors.js';
import type { DocumentName, Documents } from '../translate/documents.js';
import type { ScimContext } from './route.js';

export type RunGraph = <T>(ctx: ScimContext, doc: DocumentName, variables: Record<string, unknown>,
  resource: 'User' | 'Group') => Promise<T>;

export function createGraphRunner(graph: GraphClient, docs: Documents): RunGraph {
  return async (ctx, doc, variables, resource) => {
    try {
      return await graph.run(docs[doc], variables, ctx.state.actor, ctx.state.requestId);
    } catch (err) {
      throw fromGraphError(err, resource);
    }
  };
}
