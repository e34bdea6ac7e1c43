import type { Knex } from 'knex';

const text = ['formatted_name', 'family_name', 'given_name', 'middle_name', 'honorific_prefix',
  'honorific_suffix', 'display_name', 'nick_name', 'profile_url', 'title', 'user_type',
  'preferred_language', 'locale', 'timezone', 'employee_number', 'cost_center', 'organization',
  'division', 'department'];
const json = ['emails', 'phone_numbers', 'ims', 'photos', 'addresses', 'roles', 'entitlements',
  'x509_certificates'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.text('user_name').notNullable();
    // userName is caseExact=false with server uniqueness (RFC 7643 §4.1.1): the folded copy
    // carries the unique index and the case-insensitive lookups; user_name keeps what was sent.
    t.text('user_name_key').notNullable();
    t.text('external_id');
    t.boolean('active').notNullable().defaultTo(true);
    for (const c of text) t.text(c);
    // Multi-valued attributes are kept as the JSON that was sent; user_values indexes them.
    for (const c of json) t.text(c);
    t.string('manager_id', 36).references('id').inTable('users').onDelete('SET NULL');
    t.string('created_at', 24).notNullable();
    t.string('updated_at', 24).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['workspace_id', 'user_name_key'], { indexName: 'users_workspace_user_name_key_unique' });
    t.unique(['workspace_id', 'external_id'], { indexName: 'users_workspace_external_id_unique' });
    t.index(['manager_id'], 'users_manager');
  });
  // One row per entry of a multi-valued attribute, so `emails.value eq "x"` is an index lookup.
  await knex.schema.createTable('user_values', (t) => {
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable();
    t.string('attr', 20).notNullable();
    t.integer('position').notNullable();
    t.text('value');
    t.text('value_key');
    t.text('type');
    t.text('display');
    t.boolean('primary');
    t.primary(['user_id', 'attr', 'position']);
    t.index(['workspace_id', 'attr', 'value_key'], 'user_values_lookup');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_values');
  await knex.schema.dropTable('users');
}
