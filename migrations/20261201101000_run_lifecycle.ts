import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * The run lifecycle (docs/adr/0043-one-run-lifecycle.md): a running run stamps `heartbeat_at`
 * while it works, so a run whose process died (kill -9, a crash) is found by its silence and
 * marked failed with a reason instead of staying "running" forever.
 *
 * Records whose write failed wait in `pending_records` (kind `retry`) like children waiting for a
 * parent (kind `parent`), with their failed tries and when the next try is due: the cursor moves
 * past them, this list keeps them until they land or reach the attempt limit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.runs, (t) => {
    t.string('heartbeat_at', 32);
    t.index(['tenant_id', 'status']);
  });
  await knex(TABLES.runs).update({ heartbeat_at: knex.ref('started_at') });
  await knex.schema.alterTable(TABLES.pendingRecords, (t) => {
    t.string('kind', 8).notNullable().defaultTo('parent');
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 32);
    t.index(['tenant_id', 'module', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.pendingRecords, (t) => {
    t.dropIndex(['tenant_id', 'module', 'kind']);
    t.dropColumn('next_attempt_at');
    t.dropColumn('attempts');
    t.dropColumn('kind');
  });
  await knex.schema.alterTable(TABLES.runs, (t) => {
    t.dropIndex(['tenant_id', 'status']);
    t.dropColumn('heartbeat_at');
  });
}
