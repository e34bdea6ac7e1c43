import { checkPreconditions, ifMatchVersion } from '../scim/etag.js';
import type { ScimContext } from './route.js';

export const headersOf = (ctx: ScimContext) => ({ ifMatch: ctx.get('if-match') || undefined, ifNoneMatch: ctx.get('if-none-match') || undefined });

/** Before a write: an If-Match naming one version goes to the graph as ifVersion (checked
 * inside the write); any other precondition needs the current version, read first. */
export async function checkBeforeWrite(ctx: ScimContext, currentVersion: () => Promise<number>): Promise<void> {
  if (ctx.get('if-none-match') || (ctx.get('if-match') && ifMatchVersion(ctx.get('if-match')) === null)) {
    checkPreconditions(headersOf(ctx), await currentVersion(), ctx.method);
  }
}
