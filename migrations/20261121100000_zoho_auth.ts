import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * Zoho connection and sign-in state: pending OAuth states (single use, bound to the browser that
 * started the flow), the per-tenant API credit ledger, notification channels, and the org's
 * edition on the connection (it sets the default concurrency limit).
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

  // No tenant column: a connect flow starts before its tenant exists. Rows live ten minutes.
  await knex.schema.createTable(TABLES.zohoOauthStates, (t) => {
    t.string('state_hash', 64).primary();
    t.string('purpose', 12).notNullable();
    t.string('binding_hash', 64).notNullable();
    t.string('return_origin', 300);
    time(t, 'created_at').notNullable();
    time(t, 'expires_at').notNullable();
    t.index(['expires_at']);
  });

  await knex.schema.createTable(TABLES.zohoCreditUsage, (t) => {
    tenantRef(t);
    t.string('hour', 13).notNullable(); // YYYY-MM-DDTHH (UTC)
    t.integer('credits').notNullable().defaultTo(0);
    t.primary(['tenant_id', 'hour']);
  });

  await knex.schema.createTable(TABLES.zohoNotificationChannels, (t) => {
    tenantRef(t);
    t.string('channel_id', 20).notNullable();
    t.text('events').notNullable();
    t.string('notify_url', 500).notNullable();
    t.text('token_secret').notNullable();
    time(t, 'expires_at').notNullable();
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    t.primary(['tenant_id', 'channel_id']);
    t.index(['expires_at']);
  });

  await knex.schema.alterTable(TABLES.zohoConnections, (t) => {
    t.string('edition', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.zohoConnections, (t) => {
    t.dropColumn('edition');
  });
  await knex.schema.dropTableIfExists(TABLES.zohoNotificationChannels);
  await knex.schema.dropTableIfExists(TABLES.zohoCreditUsage);
  await knex.schema.dropTableIfExists(TABLES.zohoOauthStates);
}
