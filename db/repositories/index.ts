import type { Knex } from 'knex';
import { createGroupRepository } from './groups.js';
import { createProvisioningLogRepository } from './provisioning-log.js';
import { createUserRepository } from './users.js';
import { createWorkspaceRepository } from './workspaces.js';

export function createRepositories(db: Knex) {
  return {
    users: createUserRepository(db),
    groups: createGroupRepository(db),
    workspaces: createWorkspaceRepository(db),
    provisioningLog: createProvisioningLogRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
