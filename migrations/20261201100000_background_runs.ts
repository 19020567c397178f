import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * Runs as jobs (ADR 0051): a run is queued before it starts (its options kept on the row, so any
 * worker can carry it out), reports its phase and progress while it runs, can be asked to stop,
 * and lists the pages it has finished, so a run taken over after a crash continues from its last
 * page instead of starting over.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.runs, (t) => {
    t.text('options');
    t.string('queued_at', 32);
    t.string('phase', 24);
    t.text('progress');
    t.string('updated_at', 32);
    t.string('cancel_requested_at', 32);
  });
  await knex.schema.createTable(TABLES.runPages, (t) => {
    t.string('run_id', 36).notNullable().references('id').inTable(TABLES.runs).onDelete('CASCADE');
    t.string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable(TABLES.tenants)
      .onDelete('CASCADE');
    t.string('side', 8).notNullable();
    t.integer('seq').notNullable();
    // The cursor after this page: where the run continues once the page is done.
    t.text('cursor').notNullable();
    t.boolean('has_more').notNullable();
    t.integer('records').notNullable();
    t.string('at', 32).notNullable();
    t.primary(['run_id', 'side', 'seq']);
    t.index(['tenant_id', 'run_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(TABLES.runPages);
  await knex.schema.alterTable(TABLES.runs, (t) => {
    for (const c of ['options', 'queued_at', 'phase', 'progress', 'updated_at']) t.dropColumn(c);
    t.dropColumn('cancel_requested_at');
  });
}
