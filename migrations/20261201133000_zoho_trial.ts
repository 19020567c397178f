import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * An org on trial evaluates one edition until a date and falls back to its paid one: both are
 * kept with the connection, so modules and limits follow the edition in force without asking
 * Zoho again (ADR 0067).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.zohoConnections, (t) => {
    t.string('trial_ends_at', 32);
    t.string('edition_after_trial', 40);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.zohoConnections, (t) => {
    t.dropColumn('trial_ends_at');
    t.dropColumn('edition_after_trial');
  });
}
