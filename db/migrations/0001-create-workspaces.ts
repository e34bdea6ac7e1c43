import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspaces', (t) => {
    t.string('id', 36).primary();
    t.string('slug', 64).notNullable().unique({ indexName: 'workspaces_slug_unique' });
    t.string('created_at', 24).notNullable();
  });
  // SCIM tokens and admin keys: only a SHA-256 of the secret is kept, so a database dump
  // cannot be replayed against the API.
  await knex.schema.createTable('credentials', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('kind', 8).notNullable(); // 'scim' | 'admin'
    t.string('label', 200).notNullable();
    t.string('secret_hash', 64).notNullable().unique({ indexName: 'credentials_secret_hash_unique' });
    t.string('created_at', 24).notNullable();
    t.string('last_used_at', 24);
    t.string('revoked_at', 24);
    t.index(['workspace_id', 'kind'], 'credentials_workspace_kind');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credentials');
  await knex.schema.dropTable('workspaces');
}
