import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * The AR division a customer created from Zoho goes into when the mapping sets none. '01' for
 * every existing connection: the division the product used before a tenant could choose one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.sageConnections, (t) => {
    t.string('default_division', 2).notNullable().defaultTo('01');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.sageConnections, (t) => {
    t.dropColumn('default_division');
  });
}
