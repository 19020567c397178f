import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * The sync engine's storage: each link keeps a base snapshot (the normalized mapped values of
 * both sides at the last sync) for field-level three-way merges, and initial matching keeps its
 * scored proposals until the admin confirms or rejects them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.links, (t) => {
    t.text('base');
  });
  await knex.schema.createTable(TABLES.matchProposals, (t) => {
    t.increments('id');
    t.string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('module', 32).notNullable();
    t.string('zoho_id', 32).notNullable();
    t.string('sage_key', 64).notNullable();
    t.integer('score').notNullable();
    t.text('reasons').notNullable();
    t.text('summary').notNullable();
    // 'open' until the admin decides; 'confirmed' became a link; 'rejected' never proposed again.
    t.string('status', 12).notNullable().defaultTo('open');
    t.string('created_at', 32).notNullable();
    t.string('decided_at', 32);
    t.unique(['tenant_id', 'module', 'zoho_id', 'sage_key']);
    t.index(['tenant_id', 'module', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(TABLES.matchProposals);
  await knex.schema.alterTable(TABLES.links, (t) => {
    t.dropColumn('base');
  });
}
