// The order of migrations is this list, not the file system.
import type { Knex } from 'knex';
import * as createWorkspaces from './0001-create-workspaces.js';
import * as createUsers from './0002-create-users.js';
import * as createGroups from './0003-create-groups.js';
import * as createProvisioningLog from './0004-create-provisioning-log.js';
import * as indexListingOrder from './0005-index-listing-order.js';

const migrations: Record<string, Knex.Migration> = {
  '0001-create-workspaces': createWorkspaces,
  '0002-create-users': createUsers,
  '0003-create-groups': createGroups,
  '0004-create-provisioning-log': createProvisioningLog,
  '0005-index-listing-order': indexListingOrder,
};

export const migrationNames = Object.keys(migrations);

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrationNames,
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
