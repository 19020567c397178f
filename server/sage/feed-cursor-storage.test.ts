import { afterEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { describeEngines } from '../../test/requirements.js';
import { CursorRepository } from '../db/repositories/cursors.js';
import { TenantRepository } from '../db/repositories/tenants.js';
import {
  keyText,
  parseWatermark,
  serialiseWatermark,
  type FeedWatermark,
} from './feed-watermark.js';

describeEngines('feed watermark in the cursors table on %s', (engine) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.destroy();
    t = undefined;
  });

  it('stores and restores a watermark holding 10,000 rows of the overlap window', async () => {
    t = await openTestDb(engine);
    const tenant = await new TenantRepository(t.db).create({ zohoOrgId: 'org-1', name: 'Acme' });
    const cursors = new CursorRepository(t.db);
    const watermark: FeedWatermark = {
      position: { date: '20261120', time: '14.50833', key: ['01', "O'BRIEN"] },
      seen: new Map(
        Array.from({ length: 10_000 }, (_, i) => [
          keyText(['01', `C${i}`]),
          { hash: `h${String(i).padStart(15, '0')}`, date: '20261120', time: '14.50833' },
        ]),
      ),
      // One large group kept as fingerprints beside the rows kept one by one.
      groups: new Map([
        [
          '20261120 14.5',
          {
            date: '20261120',
            time: '14.50000',
            count: 3,
            digest: '0000000000000000',
            fingerprints: new Set([1, 4_000_000_000, 77]),
          },
        ],
      ]),
    };
    const text = serialiseWatermark(watermark);
    expect(text.length).toBeLessThan(600_000);
    await cursors.set(tenant.id, 'Accounts', 'sage', text);
    const restored = parseWatermark(await cursors.get(tenant.id, 'Accounts', 'sage'));
    expect(restored.position).toEqual(watermark.position);
    expect(restored.seen.size).toBe(10_000);
    expect(restored.groups).toEqual(watermark.groups);
    expect(restored.seen.get(keyText(['01', 'C9999']))).toEqual({
      hash: 'h000000000009999',
      date: '20261120',
      time: '14.50833',
    });
  });
});
