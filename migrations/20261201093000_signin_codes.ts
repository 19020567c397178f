import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * One-time sign-in codes (ADR 0061): when the sign-in popup cannot post its session back to the
 * widget (no `window.opener` under an iframe sandbox or COOP), it shows a short code the widget
 * redeems for the session. Only the code's SHA-256 is stored, with the identity Zoho confirmed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLES.signinCodes, (t) => {
    t.string('code_hash', 64).primary();
    t.string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('zoho_user_id', 40).notNullable();
    t.string('zoho_org_id', 40).notNullable();
    t.string('role', 10).notNullable();
    t.string('return_origin', 300).notNullable();
    t.string('expires_at', 30).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(TABLES.signinCodes);
}
