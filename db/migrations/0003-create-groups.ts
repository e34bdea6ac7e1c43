import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('groups', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.text('display_name').notNullable();
    t.text('display_name_key').notNullable();
    t.text('external_id');
    t.string('created_at', 24).notNullable();
    t.string('updated_at', 24).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['workspace_id', 'display_name_key'], { indexName: 'groups_workspace_display_name_key_unique' });
    t.unique(['workspace_id', 'external_id'], { indexName: 'groups_workspace_external_id_unique' });
  });
  // Primary key (group_id, member_id): "is X in G", add/remove K members and keyset pages of
  // members are all index range operations, independent of the group's size.
  await knex.schema.createTable('group_members', (t) => {
    t.string('group_id', 36).notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.string('member_id', 36).notNullable();
    t.string('member_type', 5).notNullable(); // 'User' | 'Group'
    t.string('user_id', 36).references('id').inTable('users').onDelete('CASCADE');
    t.string('child_group_id', 36).references('id').inTable('groups').onDelete('CASCADE');
    t.primary(['group_id', 'member_id']);
    t.index(['member_id'], 'group_members_member');
    t.index(['user_id'], 'group_members_user');
    t.index(['child_group_id'], 'group_members_child_group');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_members');
  await knex.schema.dropTable('groups');
}
