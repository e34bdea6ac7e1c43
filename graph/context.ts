// What every resolver receives. The actor is built by the HTTP layer (bearer secret → actor)
// or by the gateway (SCIM token → actor); resolvers never see how.

import type { Repositories } from '../db/repositories/index.js';
import { forbidden, unauthenticated } from './errors.js';

export interface Actor {
  workspaceId: string;
  kind: 'scim' | 'admin';
  credentialId: string;
  label: string;
}

export interface GraphContext {
  repos: Repositories;
  actor: Actor | null;
  requestId: string;
}

/** The caller's workspace; every query and mutation is scoped by it. */
export function workspaceOf(ctx: GraphContext): string {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor.workspaceId;
}

export function requireAdmin(ctx: GraphContext, what: string): string {
  const ws = workspaceOf(ctx);
  if (ctx.actor!.kind !== 'admin') throw forbidden(what);
  return ws;
}
