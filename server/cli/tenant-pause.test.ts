import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { SecretBox } from '../security/secret-box.js';
import { readTenantFile, registerTenant } from './tenant-file.js';

/** `"direction": "disabled"` in a tenant file given again to `add` pauses the module. */
describe('pausing a module from the tenant file', () => {
  let t: TestDb;
  let repos: Repositories;
  let dir: string;

  beforeEach(async () => {
    t = await openTestDb('sqlite');
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-pause-'));
  });
  afterEach(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const add = (modules: Record<string, { direction: string }>) => {
    const file = path.join(dir, 'tenant.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'ABC Distribution',
        zoho: {
          orgId: '60012345678',
          accountsServer: 'https://accounts.zoho.com',
          apiDomain: 'https://www.zohoapis.com',
          refreshToken: '1000.abcdef.ghijkl',
          scope: 'ZohoCRM.modules.ALL',
        },
        sage: {
          endpointUrl: 'https://sage.abc.example/eBusinessWebServices/MasBasicWsdl.svc',
          companyCode: 'ABC',
          username: 'webuser',
          password: 'secret',
          timeZone: 'America/Chicago',
          agentUrl: 'https://sage.abc.example:8790/agent',
          agentToken: 'a-token-of-sixteen-chars',
        },
        modules,
      }),
    );
    return registerTenant(repos, readTenantFile(file));
  };
  const directions = async (tenantId: string) =>
    Object.fromEntries(
      (await repos.moduleSettings.list(tenantId)).map((s) => [s.module, s.direction]),
    );

  it('disables the module named disabled, children first, and says which', async () => {
    const first = await add({ Accounts: { direction: 'both' }, Contacts: { direction: 'both' } });
    expect(await directions(first.tenantId)).toEqual({ Accounts: 'both', Contacts: 'both' });

    const paused = await add({
      Accounts: { direction: 'both' },
      Contacts: { direction: 'disabled' },
    });
    expect(paused).toMatchObject({ created: false, enabled: ['Accounts'], disabled: ['Contacts'] });
    expect(await directions(first.tenantId)).toEqual({ Accounts: 'both', Contacts: 'disabled' });

    await add({ Accounts: { direction: 'both' }, Contacts: { direction: 'both' } });
    // Listed parent first: the child is turned off before the parent it needs.
    const both = await add({
      Accounts: { direction: 'disabled' },
      Contacts: { direction: 'disabled' },
    });
    expect(both.disabled).toEqual(['Contacts', 'Accounts']);
    expect(await directions(first.tenantId)).toEqual({
      Accounts: 'disabled',
      Contacts: 'disabled',
    });
  });

  it('refuses to pause a parent an enabled module still needs', async () => {
    await add({ Accounts: { direction: 'both' }, Contacts: { direction: 'both' } });
    await expect(
      add({ Accounts: { direction: 'disabled' }, Contacts: { direction: 'both' } }),
    ).rejects.toThrow('Accounts is needed by Contacts; disable those first');
  });
});
