import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * Run notifications per tenant (ADR 0051): who is told (email addresses, a webhook with its
 * signing secret, sealed), when (failures only, every run, or a daily digest), and every
 * delivery with its attempts, so one that could not be delivered is shown, never lost.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLES.notificationSettings, (t) => {
    t.string('tenant_id', 36)
      .primary()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('mode', 12).notNullable();
    t.text('emails').notNullable();
    t.text('webhook_url');
    t.text('webhook_secret');
    t.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable(TABLES.notificationDeliveries, (t) => {
    t.increments('id');
    t.string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('channel', 8).notNullable();
    t.string('kind', 8).notNullable();
    t.string('run_id', 36);
    t.text('target').notNullable();
    t.text('payload').notNullable();
    // pending (an attempt is due at next_attempt_at), delivered, or failed (attempts used up).
    t.string('status', 10).notNullable();
    t.integer('attempts').notNullable();
    t.string('next_attempt_at', 32);
    t.text('last_error');
    t.integer('response_status');
    t.string('created_at', 32).notNullable();
    t.string('delivered_at', 32);
    t.index(['tenant_id', 'id']);
    t.index(['status', 'next_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(TABLES.notificationDeliveries);
  await knex.schema.dropTableIfExists(TABLES.notificationSettings);
}
