// Bearer secret → Actor. Lookups go by SHA-256 of the secret; results are cached for at most
// one second so a revocation takes effect on every instance within that time, while Entra's
// bursts cost one database read per second per token.

import { timingSafeEqual } from 'node:crypto';
import { hashSecret, type WorkspaceRepository } from '../db/repositories/workspaces.js';
import type { Actor } from '../graph/context.js';

const ttlMs = 1000;
const touchEveryMs = 60_000;

export interface Authenticator {
  authenticate(secret: string): Promise<Actor | null>;
}

export function createAuthenticator(workspaces: WorkspaceRepository): Authenticator {
  const cache = new Map<string, { actor: Actor | null; expires: number }>();
  const lastTouched = new Map<string, number>();

  return {
    async authenticate(secret) {
      if (!secret || secret.length > 512) return null;
      const hash = hashSecret(secret);
      const now = Date.now();
      const hit = cache.get(hash);
      if (hit && hit.expires > now) return hit.actor;
      const cred = await workspaces.findActiveBySecret(secret);
      // The database matched on the hash; confirm in constant time before trusting the row.
      const actor = cred && timingSafeEqual(Buffer.from(cred.secretHash, 'hex'), Buffer.from(hash, 'hex'))
        ? { workspaceId: cred.workspaceId, kind: cred.kind, credentialId: cred.id, label: cred.label }
        : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, { actor, expires: now + ttlMs });
      if (actor && (lastTouched.get(actor.credentialId) ?? 0) + touchEveryMs < now) {
        lastTouched.set(actor.credentialId, now);
        workspaces.touchCredential(actor.credentialId).catch(() => lastTouched.delete(actor.credentialId));
      }
      return actor;
    },
  };
}

/** The secret from `Authorization: Bearer <secret>`, or null. */
export function bearerSecret(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** The actor behind a request's bearer secret, looked up once per request however many
 * middlewares ask (the rate limiter, then SCIM or GraphQL auth). */
export function requestActor(auth: Authenticator, ctx: { get(header: string): string; state: Record<string, unknown> }): Promise<Actor | null> {
  const secret = bearerSecret(ctx.get('authorization'));
  if (!secret) return Promise.resolve(null);
  ctx.state.authentication ??= auth.authenticate(secret);
  return ctx.state.authentication as Promise<Actor | null>;
}
