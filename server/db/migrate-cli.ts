import { ConfigError, loadConfig } from '../config.js';
import { createDb } from './knex.js';
import { migrateLatest } from './migrate.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
try {
  const config = loadConfig();
  const db = createDb(config.database);
  const applied = await migrateLatest(db);
  await db.destroy();
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is current\n');
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
