import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * One row that /readyz rewrites: a database that answers reads but refuses writes (read-only,
 * disk full, a locked SQLite file) is not ready, though `select 1` still works.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLES.healthProbe, (t) => {
    t.integer('id').primary();
    t.string('checked_at', 30).notNullable();
  });
  await knex(TABLES.healthProbe).insert({ id: 1, checked_at: new Date().toISOString() });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable(TABLES.healthProbe);
}
