import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox } from '../../security/secret-box.js';
import { createRepositories, type Repositories } from './index.js';

/**
 * Issue 10, item 5: identical saves of a module's mappings or the admin profiles arriving at the
 * same time all succeed (on Postgres they used to collide on the primary key: a 500), and the
 * list saved is the one list, not a mix.
 */
describeEngines('concurrent identical saves', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: 'org-1', name: 'Org' })).id;
  });
  afterEach(() => t.destroy());

  it('of mappings all succeed and store the list once', async () => {
    const mappings = [
      {
        zohoField: 'Account_Name',
        sageField: 'CustomerName',
        direction: 'both' as const,
        emptyOverwrites: false,
      },
      {
        zohoField: 'Phone',
        sageField: 'TelephoneNo',
        direction: 'both' as const,
        emptyOverwrites: false,
      },
    ];
    const saves = Array.from({ length: 8 }, () =>
      repos.mappings.replaceMappings(tenantId, 'Accounts', mappings),
    );
    const results = await Promise.allSettled(saves);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await repos.mappings.listMappings(tenantId, 'Accounts')).toMatchObject(mappings);
  });

  it('of admin profiles all succeed and store the list once', async () => {
    const saves = Array.from({ length: 8 }, () =>
      repos.zohoAdminProfiles.replace(tenantId, ['Administrator', 'Sync Admin']),
    );
    const results = await Promise.allSettled(saves);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await repos.zohoAdminProfiles.list(tenantId)).toEqual(['Administrator', 'Sync Admin']);
  });
});
