import { expect, it } from 'vitest';
import { openTestDb } from '../../test/db.js';
import { describeEngines } from '../../test/requirements.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { migrateLatest, pendingMigrations } from './migrate.js';
import { TABLES } from './tables.js';

describeEngines('migrations on %s', (engine) => {
  it('create every table and report nothing pending', async () => {
    const t = await openTestDb(engine, { migrate: false });
    try {
      const names = MIGRATIONS.map(([name]) => name);
      expect(names[0]).toBe('20261121000000_initial_schema');
      expect([...names].sort()).toEqual(names);
      expect(await pendingMigrations(t.db)).toEqual(names);
      expect(await migrateLatest(t.db)).toEqual(names);
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
