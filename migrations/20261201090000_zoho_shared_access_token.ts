import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * The tenant's current Zoho access token, shared by every process on this database (ADR 0032):
 * sealed like the refresh token, with its expiry, a fingerprint to discard exactly the token Zoho
 * refused, and a short lease so one process refreshes while the others wait for its token.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.zohoConnections, (t) => {
    t.text('access_token_secret').nullable();
    t.string('access_token_fingerprint', 64).nullable();
    t.bigInteger('access_token_expires_ms').nullable();
    t.string('refresh_lease_owner', 64).nullable();
    t.bigInteger('refresh_lease_until_ms').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.zohoConnections, (t) => {
    t.dropColumn('access_token_secret');
    t.dropColumn('access_token_fingerprint');
    t.dropColumn('access_token_expires_ms');
    t.dropColumn('refresh_lease_owner');
    t.dropColumn('refresh_lease_until_ms');
  });
}
