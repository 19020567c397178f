import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * Per-record opt-in (ADR 0062): a module flag saying only ticked Zoho records enter Sage. And the
 * rule moving a Deal's stage with its Sage order (ADR 0066), JSON, absent until the admin saves one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.moduleSettings, (t) => {
    t.boolean('opt_in').notNullable().defaultTo(false);
    t.text('deal_stages');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.moduleSettings, (t) => {
    t.dropColumn('deal_stages');
    t.dropColumn('opt_in');
  });
}
