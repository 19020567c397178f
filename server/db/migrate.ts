import type { Knex } from 'knex';
import { MIGRATIONS, type Migration } from '../../migrations/index.js';
import type { Db } from './knex.js';

class ListMigrationSource implements Knex.MigrationSource<readonly [string, Migration]> {
  getMigrations() {
    return Promise.resolve([...MIGRATIONS]);
  }
  getMigrationName([name]: readonly [string, Migration]) {
    return name;
  }
  getMigration([, migration]: readonly [string, Migration]) {
    return Promise.resolve(migration);
  }
}

const migrationSource = new ListMigrationSource();
const migrationConfig = { migrationSource, tableName: 'knex_migrations' };

/** Applies pending migrations; returns the names applied. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const [, pending] = (await db.migrate.list(migrationConfig)) as [
    unknown[],
    Array<readonly [string, Migration]>,
  ];
  return pending.map((p) => migrationSource.getMigrationName(p));
}
