import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Our side of Entra's "check the Provisioning Logs": one row per SCIM write and per failed
  // SCIM request. Never holds a secret.
  await knex.schema.createTable('provisioning_log', (t) => {
    t.bigIncrements('id').primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('at', 24).notNullable();
    t.string('operation', 20).notNullable();
    t.string('resource_type', 10);
    t.string('resource_id', 64);
    t.text('resource_name');
    t.string('outcome', 10).notNullable(); // 'success' | 'failure'
    t.integer('status').notNullable();
    t.string('scim_type', 20);
    t.text('detail');
    t.double('duration_ms').notNullable();
    t.string('request_id', 128).notNullable();
    t.string('token_label', 200);
    t.integer('members_added');
    t.integer('members_removed');
    t.index(['workspace_id', 'id'], 'provisioning_log_workspace_id');
    t.index(['workspace_id', 'resource_id'], 'provisioning_log_resource');
    t.index(['at'], 'provisioning_log_at');
  });
  // Shared rate-limit counters (rate-limiter-flexible's layout), so limits hold across instances.
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
  await knex.schema.dropTable('provisioning_log');
}
