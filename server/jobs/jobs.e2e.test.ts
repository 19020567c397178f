import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../composition.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logging.js';
import { settingsOrDefault } from '../sync/modules.js';
import { connectSandboxZoho, freePort } from '../../test/sandbox.js';

describe('scheduled sync end to end (SQLite, Sage and Zoho simulators)', () => {
  it('a tick moves the Sage customers of a 30 s Accounts module to Zoho and records the run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-e2e-'));
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      SECRET_KEY: 'e'.repeat(64),
      DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
      ZOHO_SANDBOX: 'true',
      JOBS_ENABLED: 'true',
      // The timer would fire only after 5 minutes: the test ticks by hand.
      JOBS_TICK_SECONDS: '300',
    });
    const backend = await startBackend(config, createLogger('silent'));
    try {
      expect(backend.jobs.kind).toBe('in-process');
      await connectSandboxZoho(backend.url);
      const [tenant] = await backend.repos.tenants.list();
      const tenantId = tenant!.id;
      const base = settingsOrDefault(tenantId, 'Accounts', undefined);
      await backend.repos.moduleSettings.save({
        ...base,
        direction: 'sage_to_zoho',
        schedule: { kind: 'interval', seconds: 30 },
      });
      const records = backend.zoho.client!.forTenant(tenantId).records;
      const linked = async () =>
        (await records.listPage('Accounts', { fields: ['Account_Name', 'Sage_Key'] })).records
          .filter((r) => typeof r.Sage_Key === 'string')
          .map((r) => `${String(r.Sage_Key)} ${String(r.Account_Name)}`);
      // Only the demo Deal's account, which the sandbox seeds with its Sage key.
      expect(await linked()).toEqual(['01-0000001 Atlas Trading 1']);

      // Both ticks must fall in one 30 s slot (slots are whole multiples of 30 s since the epoch):
      // near a slot's end, wait for the next one to begin, or the second tick is rightly a new run.
      const intoSlot = Date.now() % 30_000;
      if (intoSlot > 15_000) await new Promise((r) => setTimeout(r, 30_000 - intoSlot + 50));
      const outcomes = await backend.jobs.tick();

      const accounts = outcomes.filter((o) => o.work.kind === 'sync');
      expect(accounts.map((o) => [o.work, o.status])).toEqual([
        [{ kind: 'sync', tenantId, module: 'Accounts' }, 'succeeded'],
      ]);
      // The sandbox's Sage company has customers 01-0000001..25; all are now linked Zoho accounts.
      const names = await linked();
      expect(names).toHaveLength(25);
      const keys = Array.from({ length: 25 }, (_, i) => `01-${String(i + 1).padStart(7, '0')}`);
      expect(names.map((n) => n.split(' ')[0]).sort()).toEqual(keys);
      expect(names).toContain('01-0000006 Pioneer Hardware 6');
      expect(names).toContain('01-0000025 Acme Foods 25');
      const [run, ...older] = await backend.repos.runs.listRecent(tenantId, { module: 'Accounts' });
      expect(older).toEqual([]);
      expect(run).toMatchObject({
        id: accounts[0]!.runId,
        kind: 'incremental',
        status: 'succeeded',
        direction: 'sage_to_zoho',
      });
      expect(run!.counts.created).toBe(24);

      // The same slot again: no second run.
      await backend.jobs.tick();
      expect(await backend.repos.runs.listRecent(tenantId, { module: 'Accounts' })).toHaveLength(1);
    } finally {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
