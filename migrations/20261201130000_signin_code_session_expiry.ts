import type { Knex } from 'knex';
import { TABLES } from '../server/db/tables.js';

/*
 * A session handed from a widget frame to its own reload (POST /auth/session/handoff) travels as a
 * one-time code; the session it restores must end when the original did, so the code keeps that
 * end. Null for the popup's sign-in codes, whose session starts fresh.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.signinCodes, (t) => {
    t.string('session_expires_at', 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.signinCodes, (t) => {
    t.dropColumn('session_expires_at');
  });
}
