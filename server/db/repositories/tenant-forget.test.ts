import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox } from '../../security/secret-box.js';
import { createRepositories, type Repositories } from './index.js';

/** What the restarted sandbox forgets, on its own tenant only. */
describeEngines('forgetting a tenant’s systems on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
  });
  afterEach(async () => t.destroy());

  const seed = async (zohoOrgId: string) => {
    const { id } = await repos.tenants.create({ zohoOrgId, name: zohoOrgId });
    await repos.zohoConnections.save({
      tenantId: id,
      dataCentre: 'us',
      accountsServer: 'https://accounts.zoho.com',
      apiDomain: 'https://www.zohoapis.com',
      refreshToken: '1000.refresh.token',
      scope: 'ZohoCRM.modules.ALL',
    });
    const link = await repos.links.create(id, 'Accounts', {
      state: 'linked',
      zohoId: '100',
      sageKey: '01-ABF',
    });
    await repos.conflicts.open({
      tenantId: id,
      module: 'Accounts',
      linkId: link.id,
      zohoId: '100',
      sageKey: '01-ABF',
      fields: [{ field: 'Phone', zohoValue: '1', sageValue: '2' }],
    });
    await repos.cursors.set(id, 'Accounts', 'zoho', '2026-12-01T00:00:00Z');
    return id;
  };

  it('drops links, conflicts, cursors and the Zoho connection of that tenant, not another’s', async () => {
    const sandbox = await seed('60000001');
    const other = await seed('60000002');
    await repos.tenants.forgetSystems(sandbox);
    expect(await repos.links.count(sandbox, 'Accounts', 'linked')).toBe(0);
    expect(await repos.conflicts.listOpen(sandbox)).toEqual([]);
    expect(await repos.cursors.get(sandbox, 'Accounts', 'zoho')).toBeUndefined();
    expect(await repos.zohoConnections.get(sandbox)).toBeUndefined();
    expect(await repos.tenants.get(sandbox)).toBeDefined();
    expect(await repos.links.count(other, 'Accounts', 'linked')).toBe(1);
    expect(await repos.conflicts.listOpen(other)).toHaveLength(1);
    expect(await repos.cursors.get(other, 'Accounts', 'zoho')).toBe('2026-12-01T00:00:00Z');
    expect(await repos.zohoConnections.get(other)).toBeDefined();
  });
});
