import type { Knex } from 'knex';

// Unfiltered list pages are ordered by (created_at, id) within a workspace; without these an
// offset page sorts the whole workspace (≈150 ms at 100,000 users).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => t.index(['workspace_id', 'created_at', 'id'], 'users_workspace_created'));
  await knex.schema.alterTable('groups', (t) => t.index(['workspace_id', 'created_at', 'id'], 'groups_workspace_created'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('groups', (t) => t.dropIndex(['workspace_id', 'created_at', 'id'], 'groups_workspace_created'));
  await knex.schema.alterTable('users', (t) => t.dropIndex(['workspace_id', 'created_at', 'id'], 'users_workspace_created'));
}
