// Workspaces and their credentials (SCIM tokens and admin keys). Secrets are generated here,
// returned once, and only their SHA-256 is stored.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { now } from '../dialect.js';
import { translatingErrors } from '../errors.js';

export type CredentialKind = 'scim' | 'admin';

export interface Workspace { id: string; slug: string; created: string }

export interface Credential {
  id: string;
  workspaceId: string;
  kind: CredentialKind;
  label: string;
  created: string;
  lastUsed: string | null;
  revoked: string | null;
  /** SHA-256 (hex) of the secret; never the secret. */
  secretHash: string;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

// 32 random bytes, URL-safe, with a prefix that tells a leaked secret's kind at a glance.
const newSecret = (kind: CredentialKind) => `${kind === 'scim' ? 'avs' : 'ava'}_${randomBytes(32).toString('base64url')}`;

const toCredential = (r: Record<string, unknown>): Credential => ({
  id: r.id as string, workspaceId: r.workspace_id as string, kind: r.kind as CredentialKind,
  label: r.label as string, created: r.created_at as string,
  lastUsed: (r.last_used_at as string | null) ?? null, revoked: (r.revoked_at as string | null) ?? null,
  secretHash: r.secret_hash as string,
});

export function createWorkspaceRepository(db: Knex) {
  const repo = {
    async findBySlug(slug: string): Promise<Workspace | null> {
      const r = await db('workspaces').where({ slug }).first();
      return r ? { id: r.id, slug: r.slug, created: r.created_at } : null;
    },

    async findById(id: string): Promise<Workspace | null> {
      const r = await db('workspaces').where({ id }).first();
      return r ? { id: r.id, slug: r.slug, created: r.created_at } : null;
    },

    async count(): Promise<number> {
      const [{ n }] = await db('workspaces').count({ n: '*' });
      return Number(n);
    },

    async create(slug: string): Promise<Workspace> {
      const ws = { id: randomUUID(), slug, created_at: now() };
      await translatingErrors(() => db('workspaces').insert(ws));
      return { id: ws.id, slug, created: ws.created_at };
    },

    /** Finds or creates, tolerating a concurrent creator. */
    async ensure(slug: string): Promise<Workspace> {
      return (await repo.ensureCreated(slug)).workspace;
    },

    /** Finds or creates; `created` tells whether this call made it (the database decides
     * between concurrent callers, by the unique slug). */
    async ensureCreated(slug: string): Promise<{ workspace: Workspace; created: boolean }> {
      const id = randomUUID();
      await db('workspaces').insert({ id, slug, created_at: now() }).onConflict('slug').ignore();
      const workspace = (await repo.findBySlug(slug))!;
      return { workspace, created: workspace.id === id };
    },

    async createCredential(workspaceId: string, kind: CredentialKind, label: string): Promise<{ credential: Credential; secret: string }> {
      const secret = newSecret(kind);
      const row = { id: randomUUID(), workspace_id: workspaceId, kind, label, secret_hash: hashSecret(secret), created_at: now() };
      await db('credentials').insert(row);
      return { credential: toCredential(row), secret };
    },

    async listCredentials(workspaceId: string, kind?: CredentialKind): Promise<Credential[]> {
      const q = db('credentials').where({ workspace_id: workspaceId });
      if (kind) q.where({ kind });
      return (await q.orderBy('created_at').orderBy('id')).map(toCredential);
    },

    /** Active credential for a presented secret; the lookup is by hash, never by the secret. */
    async findActiveBySecret(secret: string): Promise<Credential | null> {
      const r = await db('credentials').where({ secret_hash: hashSecret(secret) }).whereNull('revoked_at').first();
      return r ? toCredential(r) : null;
    },

    /** Revokes (once; later calls keep the first time); null when no such credential matches. */
    async revokeCredential(id: string, only: { workspaceId?: string; kind?: CredentialKind } = {}): Promise<Credential | null> {
      const q = db('credentials').where({ id });
      if (only.workspaceId) q.where({ workspace_id: only.workspaceId });
      if (only.kind) q.where({ kind: only.kind });
      const r = await q.clone().first();
      if (!r) return null;
      if (!r.revoked_at) await db('credentials').where({ id }).update({ revoked_at: now() });
      return toCredential(await db('credentials').where({ id }).first());
    },

    async touchCredential(id: string): Promise<void> {
      await db('credentials').where({ id }).update({ last_used_at: now() });
    },
  };
  return repo;
}

export type WorkspaceRepository = ReturnType<typeof createWorkspaceRepository>;
