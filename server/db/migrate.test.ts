import { describe, expect, it } from 'vitest';
import { openTestDb, testEngines } from '../../test/db.js';
import { migrateLatest, pendingMigrations } from './migrate.js';
import { TABLES } from './tables.js';

describe.each(testEngines())('migrations on %s', (engine) => {
  it('create every table and report nothing pending', async () => {
    const t = await openTestDb(engine, { migrate: false });
    try {
      expect(await pendingMigrations(t.db)).toEqual(['20261121000000_initial_schema']);
      expect(await migrateLatest(t.db)).toEqual(['20261121000000_initial_schema']);
      expect(await pendingMigrations(t.db)).toEqual([]);
      for (const table of Object.values(TABLES)) {
        expect(await t.db.schema.hasTable(table)).toBe(true);
      }
      expect(await migrateLatest(t.db)).toEqual([]);
    } finally {
      await t.destroy();
    }
  });
});
