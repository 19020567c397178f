import crypto from 'node:crypto';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { describeEngines } from '../../test/requirements.js';
import { createRepositories } from '../db/repositories/index.js';
import { SecretBox } from '../security/secret-box.js';
import { SageFeedNotConfiguredError, SageFeedProvider } from './feed-provider.js';
import { FEED_TEST_TOKEN, pollAll, startFeedRig, type FeedRig } from './feed-testing.js';

const logger = pino({ level: 'silent' });

describeEngines('SageFeedProvider on %s', (engine) => {
  let t: TestDb | undefined;
  let rig: FeedRig | undefined;
  afterEach(async () => {
    await rig?.close();
    await t?.destroy();
    rig = undefined;
    t = undefined;
  });

  it("builds a tenant's feed from its stored Sage connection and stores the watermark in cursors", async () => {
    t = await openTestDb(engine);
    rig = await startFeedRig('2026-11-20T20:30:00Z', 'America/Chicago');
    rig.company.insert('AP_Vendor', {
      APDivisionNo: '01',
      VendorNo: 'AIRWAY',
      VendorName: 'Airway Property',
    });
    const repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    const tenant = await repos.tenants.create({ zohoOrgId: 'org-9', name: 'Acme' });
    const provider = new SageFeedProvider(
      repos.sageConnections,
      { overlapSeconds: 900, pageSize: 100, agentTimeoutMs: 5000 },
      logger,
    );
    const base = {
      tenantId: tenant.id,
      endpointUrl: 'http://127.0.0.1:1/eBusinessWebServices/MasBasicWsdl.svc',
      companyCode: 'ABC',
      username: 'webuser',
      password: 'pw',
      timeZone: 'America/Chicago',
      lengthProfile: '2023' as const,
    };
    await repos.sageConnections.save(base);
    await expect(provider.forTenant(tenant.id)).rejects.toBeInstanceOf(SageFeedNotConfiguredError);

    await repos.sageConnections.save({
      ...base,
      agentUrl: rig.agent.url,
      agentToken: FEED_TEST_TOKEN,
    });
    const feed = await provider.forTenant(tenant.id);
    expect(await provider.forTenant(tenant.id)).toBe(feed);
    const stored = await repos.cursors.get(tenant.id, 'Vendors', 'sage');
    const result = await pollAll(
      feed.readChanges('AP_Vendor', stored, {
        saveWatermark: (w) => repos.cursors.set(tenant.id, 'Vendors', 'sage', w),
      }),
      stored,
    );
    expect(result.batches.flatMap((b) => b.changes.map((c) => c.record.VendorName))).toEqual([
      'Airway Property',
    ]);
    expect(await repos.cursors.get(tenant.id, 'Vendors', 'sage')).toBe(result.watermark);
    await provider.close();
  });
});
