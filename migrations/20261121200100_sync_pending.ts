import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * Records held back by a run (a child whose parent is not linked yet). The cursor moves past
 * them with the rest of the page, so each run first retries what is pending here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLES.pendingRecords, (t) => {
    t.string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('module', 32).notNullable();
    t.string('side', 8).notNullable();
    t.string('record_id', 64).notNullable();
    t.text('reason').notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['tenant_id', 'module', 'side', 'record_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(TABLES.pendingRecords);
}
