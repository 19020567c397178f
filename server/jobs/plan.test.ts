import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { describeEngines } from '../../test/requirements.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { createLogger } from '../logging.js';
import { SecretBox } from '../security/secret-box.js';
import { settingsOrDefault } from '../sync/modules.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { planDue } from './plan.js';

const NOW = new Date('2026-12-01T10:07:30Z');
const logger = createLogger('silent');

describeEngines('planDue on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
  });
  afterEach(async () => t.destroy());

  async function tenant(
    org: string,
    opts: {
      connected: boolean;
      status?: 'suspended';
      enabled: ModuleName[];
      disabled?: ModuleName[];
    },
  ): Promise<string> {
    const { id } = await repos.tenants.create({ zohoOrgId: org, name: `Org ${org}` });
    if (opts.status) await repos.tenants.setStatus(id, opts.status);
    if (opts.connected) {
      await repos.zohoConnections.save({
        tenantId: id,
        dataCentre: 'us',
        accountsServer: 'https://accounts.zoho.com',
        apiDomain: 'https://www.zohoapis.com',
        refreshToken: `1000.${org}`,
        scope: 'ZohoCRM.modules.ALL',
      });
    }
    for (const module of opts.enabled) {
      await repos.moduleSettings.save({
        ...settingsOrDefault(id, module, undefined),
        direction: 'both',
        schedule: { kind: 'interval', seconds: 300 },
      });
    }
    for (const module of opts.disabled ?? []) {
      await repos.moduleSettings.save({
        ...settingsOrDefault(id, module, undefined),
        direction: 'disabled',
      });
    }
    return id;
  }

  it('plans the enabled modules of active, connected tenants only, with their slots', async () => {
    const a = await tenant('70001', {
      connected: true,
      enabled: ['Contacts', 'Accounts'],
      disabled: ['Sales_Orders'],
    });
    await tenant('70002', { connected: true, status: 'suspended', enabled: ['Accounts'] });
    await tenant('70003', { connected: false, enabled: ['Accounts'] });

    const due = await planDue(repos, NOW, { reconcileHours: 24 }, logger);
    const modules = due.filter((d) => d.work.kind !== 'maintenance');
    expect(modules.map((d) => d.key)).toEqual([
      `sync:${a}:Accounts`,
      `reconcile:${a}:Accounts`,
      `sync:${a}:Contacts`,
      `reconcile:${a}:Contacts`,
    ]);
    const sync = modules[0]!;
    expect(sync.slot.toISOString()).toBe('2026-12-01T10:05:00.000Z');
    expect(sync.windowSeconds).toBe(300);
    expect(modules[1]!.slot.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('reads every tenant’s schedules in one query, however many tenants there are', async () => {
    for (let i = 0; i < 30; i++) {
      await tenant(`71${String(i).padStart(3, '0')}`, {
        connected: true,
        enabled: ['Accounts', 'Contacts'],
      });
    }
    let queries = 0;
    const count = () => queries++;
    t.db.on('query', count);
    const due = await planDue(repos, NOW, { reconcileHours: 0 }, logger);
    t.db.off('query', count);
    expect(due.filter((d) => d.work.kind === 'sync')).toHaveLength(60);
    expect(queries).toBe(1);
  });
});
