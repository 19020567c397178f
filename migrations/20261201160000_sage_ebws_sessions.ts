import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * The eBWS seats a tenant grants the product (Sage licenses web-service logons by seat): null
 * takes SAGE_EBWS_SESSIONS, the process's default (ADR 0071).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.sageConnections, (t) => {
    t.integer('ebws_sessions');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.sageConnections, (t) => {
    t.dropColumn('ebws_sessions');
  });
}
