import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * A record's sync history (the widget's status panel, GET /records/:module/:zohoId/status) is
 * read by its Zoho id and by its Sage key, newest first. Without an index for either, both
 * databases walked every event of the tenant: ~100 ms a query at 100,000 events on SQLite, two
 * queries a panel, growing with every run. The (tenant, action) index goes: no query filters by
 * action without a run, and a run's events have their own index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.recordEvents, (t) => {
    t.index(['tenant_id', 'module', 'zoho_id', 'id']);
    t.index(['tenant_id', 'module', 'sage_key', 'id']);
    t.dropIndex(['tenant_id', 'action']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.recordEvents, (t) => {
    t.index(['tenant_id', 'action']);
    t.dropIndex(['tenant_id', 'module', 'sage_key', 'id']);
    t.dropIndex(['tenant_id', 'module', 'zoho_id', 'id']);
  });
}
