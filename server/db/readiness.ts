import type { Db } from './knex.js';
import { pendingMigrations } from './migrate.js';
import { TABLES } from './tables.js';

/** What /readyz reports of the database: each check's word, and whether runs can work. */
export interface DatabaseReadiness {
  ready: boolean;
  checks: { database: string; migrations?: string };
}

/**
 * The database answers, its schema is current, and it takes writes. Reads alone do not say runs
 * can store their work: a read-only or full database answers `select 1` while every write fails,
 * so the probe row (its table exists once migrations are current) is rewritten.
 */
export async function databaseReadiness(db: Db): Promise<DatabaseReadiness> {
  try {
    await db.raw('select 1');
    const pending = await pendingMigrations(db);
    const migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
    if (pending.length > 0) return { ready: false, checks: { database: 'ok', migrations } };
    const refused = await writeRefused(db);
    return refused
      ? { ready: false, checks: { database: refused, migrations } }
      : { ready: true, checks: { database: 'ok', migrations } };
  } catch {
    return { ready: false, checks: { database: 'unreachable' } };
  }
}

/** Rewrites the probe row; undefined when the write went through, else why (the driver's code). */
async function writeRefused(db: Db): Promise<string | undefined> {
  try {
    await db(TABLES.healthProbe).where({ id: 1 }).update({ checked_at: new Date().toISOString() });
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `not writable (${code})` : 'not writable';
  }
}
