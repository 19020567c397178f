import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectSandboxZoho, freePort } from '../../test/sandbox.js';
import { startBackend } from '../composition.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logging.js';
import { SageEbwsClient } from '../sage/ebws-client.js';
import { settingsOrDefault } from '../sync/modules.js';
import { runMaintenance } from './maintenance.js';

/**
 * Near-real-time Zoho → Sage: the channel job subscribes the tenant's two-way modules, Zoho (the
 * simulator) posts a notification to the backend when an account is created, and the account
 * reaches Sage without waiting for the next poll.
 */
describe('Zoho notifications drive runs (SQLite, sandbox simulators)', () => {
  it('a new Zoho account reaches Sage through a notification', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-e2e-'));
    const port = await freePort();
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: 'f'.repeat(64),
      DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
      ZOHO_SANDBOX: 'true',
      JOBS_ENABLED: 'true',
      JOBS_TICK_SECONDS: '300',
    });
    const logger = createLogger('silent');
    const backend = await startBackend(config, logger);
    try {
      expect(backend.notifications).toBeDefined();
      await connectSandboxZoho(backend.url);
      const [tenant] = await backend.repos.tenants.list();
      const tenantId = tenant!.id;
      await backend.repos.moduleSettings.save({
        ...settingsOrDefault(tenantId, 'Accounts', undefined),
        direction: 'both',
      });
      await backend.jobs.triggerNow(tenantId, 'Accounts'); // the first sync links both sides

      const channels = await runMaintenance(
        { repos: backend.repos, channels: backend.zoho.channels, eventRetentionDays: 90, logger },
        'renew_zoho_channels',
        new Date(),
      );
      expect(channels).toEqual({ done: 1, failed: 0 });
      const [channel] = await backend.repos.zohoChannels.list(tenantId);
      expect(channel?.events).toEqual(['Accounts.all']);
      expect(channel?.notifyUrl).toBe(`http://127.0.0.1:${port}/zoho/notifications/${tenantId}`);

      const runsBefore = (await backend.repos.runs.listRecent(tenantId)).length;
      const [created] = await backend.zoho
        .client!.forTenant(tenantId)
        .records.upsert('Accounts', [{ Account_Name: 'Notified Traders' }]);
      expect(created?.ok).toBe(true);
      const zohoId = created!.ok ? created!.id : '';

      // The simulator delivers over HTTP in the background: wait (bounded) for the link.
      let link = await backend.repos.links.findByZohoId(tenantId, 'Accounts', zohoId);
      for (let i = 0; i < 200 && !link?.sageKey; i++) {
        await new Promise((r) => setTimeout(r, 25));
        await backend.notifications!.idle();
        link = await backend.repos.links.findByZohoId(tenantId, 'Accounts', zohoId);
      }
      expect(link).toMatchObject({ state: 'linked' });
      // One run created the customer; writing its Sage key back to Zoho is itself notified,
      // and that run finds only our own echo: nothing is written twice.
      const all = await backend.repos.runs.listRecent(tenantId);
      const runs = all.slice(0, all.length - runsBefore);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
      expect(runs.reduce((n, r) => n + (r.counts.created ?? 0), 0)).toBe(1);

      const sage = await backend.repos.sageConnections.get(tenantId);
      const [division, customerNo] = link!.sageKey!.split('-') as [string, string];
      const customer = await new SageEbwsClient(sage!, { logger }).getCustomer({
        ARDivisionNo: division,
        CustomerNo: customerNo,
      });
      expect(customer.value.CustomerName).toBe('Notified Traders');
    } finally {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
