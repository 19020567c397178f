import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * Zoho profiles whose users an org's admin has granted admin rights in the extension, besides
 * "Administrator" (and ZOHO_ADMIN_PROFILES). Kept per tenant, apart from the connection, so a
 * reconnect keeps them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLES.zohoAdminProfiles, (t) => {
    t.string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('profile_name', 100).notNullable();
    t.primary(['tenant_id', 'profile_name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(TABLES.zohoAdminProfiles);
}
