import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import type { DatabaseTarget } from '../server/config.js';
import { createDb, type Db } from '../server/db/knex.js';
import { migrateLatest } from '../server/db/migrate.js';
import { postgres } from './requirements.js';

/**
 * Test databases: SQLite always, Postgres too when TEST_DATABASE_URL is set (describeEngines). Each call gets a
 * fresh SQLite file or a fresh Postgres schema, so suites (and CI runs) never collide.
 */
export interface TestDb {
  engine: 'sqlite' | 'postgres';
  db: Db;
  target: DatabaseTarget;
  schema?: string;
  /** SQLite only: the database file, for tests that inspect the bytes on disk. */
  file?: string;
  destroy(): Promise<void>;
}

/**
 * The engines to test on, for `describe.each(testEngines())`. Prefer `describeEngines`
 * (test/requirements.ts), which skips the Postgres suite by name; this one, kept for suites
 * written with describe.each, registers one skipped test saying Postgres did not run.
 */
export function testEngines(): Array<'sqlite' | 'postgres'> {
  if (postgres.missing) {
    it.skip(`on postgres [skipped: ${postgres.missing}]`, () => {});
    return ['sqlite'];
  }
  return ['sqlite', 'postgres'];
}

export async function openTestDb(
  engine: 'sqlite' | 'postgres',
  options: { migrate?: boolean } = {},
): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-test-'));
    const file = path.join(dir, 'test.db');
    const target: DatabaseTarget = { client: 'sqlite', filename: file };
    const db = createDb(target);
    if (migrate) await migrateLatest(db);
    return {
      engine,
      db,
      target,
      file,
      destroy: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const target: DatabaseTarget = { client: 'postgres', connectionString: url };
  const admin = createDb(target, { poolMax: 1 });
  await admin.raw('CREATE SCHEMA ??', [schema]);
  await admin.destroy();
  const db = createDb(target, { schema });
  if (migrate) await migrateLatest(db);
  return {
    engine,
    db,
    target,
    schema,
    destroy: async () => {
      await db.raw('DROP SCHEMA ?? CASCADE', [schema]);
      await db.destroy();
    },
  };
}
