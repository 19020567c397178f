import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * The first schema, serving DESIGN.md's sync semantics. Every row is keyed by tenant. Times are
 * ISO-8601 UTC strings (fixed width, so they sort) and JSON is text: the same on SQLite and Postgres.
 */
export async function up(knex: Knex): Promise<void> {
  const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);
  const tenantRef = (t: Knex.CreateTableBuilder) =>
    t
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');

  await knex.schema.createTable(TABLES.tenants, (t) => {
    t.string('id', 36).primary();
    t.string('zoho_org_id', 32).notNullable().unique();
    t.string('name', 255).notNullable();
    t.string('status', 16).notNullable().defaultTo('active');
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable(TABLES.sageConnections, (t) => {
    tenantRef(t).primary();
    t.string('endpoint_url', 500).notNullable();
    t.string('company_code', 3).notNullable();
    t.string('username', 100).notNullable();
    t.text('password_secret').notNullable();
    t.string('time_zone', 64).notNullable();
    t.string('length_profile', 4).notNullable().defaultTo('2023');
    t.string('agent_url', 500);
    t.text('agent_token_secret');
    time(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable(TABLES.zohoConnections, (t) => {
    tenantRef(t).primary();
    t.string('data_centre', 8).notNullable();
    t.string('accounts_server', 200).notNullable();
    t.string('api_domain', 200).notNullable();
    t.text('refresh_token_secret').notNullable();
    t.text('scope').notNullable();
    t.string('connected_by_user_id', 32);
    time(t, 'connected_at').notNullable();
    time(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable(TABLES.moduleSettings, (t) => {
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.string('direction', 16).notNullable();
    t.text('schedule').notNullable();
    t.string('conflict_policy', 16).notNullable().defaultTo('most_recent');
    t.integer('conflict_tolerance_seconds').notNullable().defaultTo(60);
    t.string('delete_policy', 16).notNullable().defaultTo('ignore');
    t.float('delete_brake_percent').notNullable().defaultTo(5);
    t.string('filter_match', 3).notNullable().defaultTo('all');
    t.boolean('initial_match_done').notNullable().defaultTo(false);
    time(t, 'updated_at').notNullable();
    t.primary(['tenant_id', 'module']);
  });

  await knex.schema.createTable(TABLES.fieldMappings, (t) => {
    t.increments('id');
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.integer('position').notNullable();
    t.string('zoho_field', 100).notNullable();
    t.string('sage_field', 100).notNullable();
    t.string('direction', 16).notNullable();
    t.text('transform');
    t.boolean('empty_overwrites').notNullable().defaultTo(false);
    t.string('owner', 8);
    t.unique(['tenant_id', 'module', 'zoho_field', 'sage_field']);
  });

  await knex.schema.createTable(TABLES.moduleFilters, (t) => {
    t.increments('id');
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.integer('position').notNullable();
    t.string('side', 8).notNullable();
    t.string('field', 100).notNullable();
    t.string('operator', 16).notNullable();
    t.text('value');
    t.index(['tenant_id', 'module']);
  });

  await knex.schema.createTable(TABLES.links, (t) => {
    t.increments('id');
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.string('zoho_id', 32);
    t.string('sage_key', 64);
    // 'intent': a create was decided and its key reserved; 'linked'; 'deleted' on one side.
    t.string('state', 12).notNullable();
    t.string('intent_side', 8);
    t.string('zoho_hash', 64);
    t.string('sage_hash', 64);
    t.string('zoho_version', 32);
    t.string('sage_version', 32);
    t.string('zoho_written_hash', 64);
    t.string('sage_written_hash', 64);
    time(t, 'last_synced_at');
    t.text('last_error');
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    t.unique(['tenant_id', 'module', 'zoho_id']);
    t.unique(['tenant_id', 'module', 'sage_key']);
  });

  await knex.schema.createTable(TABLES.cursors, (t) => {
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.string('side', 8).notNullable();
    t.text('value').notNullable();
    time(t, 'updated_at').notNullable();
    t.primary(['tenant_id', 'module', 'side']);
  });

  await knex.schema.createTable(TABLES.runs, (t) => {
    t.string('id', 36).primary();
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.string('direction', 16).notNullable();
    t.string('kind', 16).notNullable();
    t.string('status', 12).notNullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    time(t, 'started_at').notNullable();
    time(t, 'finished_at');
    t.text('counts').notNullable();
    t.text('reason');
    t.text('flags').notNullable();
    t.index(['tenant_id', 'started_at']);
  });

  await knex.schema.createTable(TABLES.recordEvents, (t) => {
    t.bigIncrements('id');
    tenantRef(t);
    t.string('run_id', 36).notNullable().references('id').inTable(TABLES.runs).onDelete('CASCADE');
    t.string('module', 32).notNullable();
    t.string('direction', 16).notNullable();
    t.string('zoho_id', 32);
    t.string('sage_key', 64);
    t.string('action', 12).notNullable();
    t.text('reason');
    t.text('changes').notNullable();
    t.text('attempts').notNullable();
    t.integer('attempt').notNullable().defaultTo(1);
    t.bigInteger('replay_of');
    time(t, 'created_at').notNullable();
    t.index(['tenant_id', 'run_id']);
    t.index(['tenant_id', 'created_at']);
    t.index(['tenant_id', 'action']);
  });

  await knex.schema.createTable(TABLES.conflicts, (t) => {
    t.increments('id');
    tenantRef(t);
    t.string('module', 32).notNullable();
    t.integer('link_id').references('id').inTable(TABLES.links).onDelete('CASCADE');
    t.string('zoho_id', 32);
    t.string('sage_key', 64);
    t.text('fields').notNullable();
    t.string('status', 12).notNullable().defaultTo('open');
    t.text('resolution');
    time(t, 'created_at').notNullable();
    time(t, 'resolved_at');
    t.index(['tenant_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    TABLES.conflicts,
    TABLES.recordEvents,
    TABLES.runs,
    TABLES.cursors,
    TABLES.links,
    TABLES.moduleFilters,
    TABLES.fieldMappings,
    TABLES.moduleSettings,
    TABLES.zohoConnections,
    TABLES.sageConnections,
    TABLES.tenants,
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
