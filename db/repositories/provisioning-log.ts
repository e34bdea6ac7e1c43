// The provisioning log: appended in batches, read newest first with keyset cursors, pruned by age.

import type { Knex } from 'knex';

export interface ProvisioningEntry {
  workspaceId: string;
  at: string;
  operation: string;
  resourceType: string | null;
  resourceId: string | null;
  resourceName: string | null;
  outcome: 'success' | 'failure';
  status: number;
  scimType: string | null;
  detail: string | null;
  durationMs: number;
  requestId: string;
  tokenLabel: string | null;
  membersAdded: number | null;
  membersRemoved: number | null;
}

export interface ProvisioningRecord extends ProvisioningEntry { id: string }

export interface ProvisioningFilter {
  from?: string | null;
  to?: string | null;
  outcome?: string | null;
  operation?: string | null;
  resourceId?: string | null;
  resourceType?: string | null;
}

const columns: Record<keyof ProvisioningEntry, string> = {
  workspaceId: 'workspace_id', at: 'at', operation: 'operation', resourceType: 'resource_type',
  resourceId: 'resource_id', resourceName: 'resource_name', outcome: 'outcome', status: 'status',
  scimType: 'scim_type', detail: 'detail', durationMs: 'duration_ms', requestId: 'request_id',
  tokenLabel: 'token_label', membersAdded: 'members_added', membersRemoved: 'members_removed',
};

const toRow = (e: ProvisioningEntry) =>
  Object.fromEntries(Object.entries(columns).map(([k, c]) => [c, e[k as keyof ProvisioningEntry]]));

const toRecord = (r: Record<string, unknown>): ProvisioningRecord => ({
  id: String(r.id),
  ...(Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, r[c] ?? null])) as unknown as ProvisioningEntry),
  status: Number(r.status), durationMs: Number(r.duration_ms),
});

export function createProvisioningLogRepository(db: Knex) {
  return {
    async append(entries: ProvisioningEntry[]): Promise<void> {
      for (let i = 0; i < entries.length; i += 200) await db('provisioning_log').insert(entries.slice(i, i + 200).map(toRow));
    },

    /** Newest first; `after` is the id of the last entry of the previous page. */
    async list(workspaceId: string, filter: ProvisioningFilter, page: { first: number; after?: string | null }): Promise<ProvisioningRecord[]> {
      const q = db('provisioning_log').where('workspace_id', workspaceId);
      if (filter.from) q.where('at', '>=', filter.from);
      if (filter.to) q.where('at', '<', filter.to);
      if (filter.outcome) q.where('outcome', filter.outcome);
      if (filter.operation) q.where('operation', filter.operation);
      if (filter.resourceId) q.where('resource_id', filter.resourceId);
      if (filter.resourceType) q.where('resource_type', filter.resourceType);
      if (page.after) q.where('id', '<', page.after);
      return (await q.orderBy('id', 'desc').limit(page.first)).map(toRecord);
    },

    async prune(olderThan: string): Promise<number> {
      return db('provisioning_log').where('at', '<', olderThan).delete();
    },
  };
}

export type ProvisioningLogRepository = ReturnType<typeof createProvisioningLogRepository>;
