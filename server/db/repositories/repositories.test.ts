import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox, SecretDecryptionError } from '../../security/secret-box.js';
import { TABLES } from '../tables.js';
import { createRepositories, type Repositories } from './index.js';

const PASSWORD = 'Sage-Pa55word-do-not-leak';
const REFRESH = '1000.refresh-token-do-not-leak.abc';

describeEngines('repositories on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let box: SecretBox;
  let tenantId: string;
  let otherTenantId: string;

  beforeEach(async () => {
    t = await openTestDb(engine);
    box = new SecretBox('k1', crypto.randomBytes(32));
    repos = createRepositories(t.db, box);
    tenantId = (await repos.tenants.create({ zohoOrgId: '60001', name: 'Acme' })).id;
    otherTenantId = (await repos.tenants.create({ zohoOrgId: '60002', name: 'Other' })).id;
  });
  afterEach(async () => t.destroy());

  it('stores tenants by Zoho org and rejects a second tenant for one org', async () => {
    expect((await repos.tenants.findByZohoOrgId('60001'))?.name).toBe('Acme');
    expect((await repos.tenants.list()).map((x) => x.zohoOrgId)).toEqual(['60001', '60002']);
    await expect(repos.tenants.create({ zohoOrgId: '60001', name: 'Dup' })).rejects.toThrow();
  });

  it('seals the Sage password and Zoho refresh token: no plaintext anywhere in the database', async () => {
    await repos.sageConnections.save({
      tenantId,
      endpointUrl: 'https://sage.example.com:8443/MasBasicWsdl.svc',
      companyCode: 'ABC',
      username: 'webuser',
      password: PASSWORD,
      timeZone: 'America/Chicago',
      lengthProfile: '2023',
      agentUrl: 'https://sage.example.com:8444/agent',
      agentToken: 'agent-token-do-not-leak',
    });
    await repos.zohoConnections.save({
      tenantId,
      dataCentre: 'us',
      accountsServer: 'https://accounts.zoho.com',
      apiDomain: 'https://www.zohoapis.com',
      refreshToken: REFRESH,
      scope: 'ZohoCRM.modules.ALL',
    });
    const sage = await repos.sageConnections.get(tenantId);
    expect(sage?.password).toBe(PASSWORD);
    expect(sage?.agentToken).toBe('agent-token-do-not-leak');
    expect((await repos.zohoConnections.get(tenantId))?.refreshToken).toBe(REFRESH);

    // A dump of every table, row by row.
    const dump: string[] = [];
    for (const table of Object.values(TABLES)) {
      dump.push(JSON.stringify(await t.db(table).select()));
    }
    const text = dump.join('\n');
    expect(text).toContain('webuser');
    for (const secret of [PASSWORD, REFRESH, 'agent-token-do-not-leak']) {
      expect(text).not.toContain(secret);
    }
    if (t.file) {
      await t.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = Buffer.concat(
        [t.file, `${t.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
      );
      expect(bytes.includes(Buffer.from('webuser'))).toBe(true);
      expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false);
      expect(bytes.includes(Buffer.from(REFRESH))).toBe(false);
    }
  });

  it('refuses to open a tampered secret column', async () => {
    await repos.zohoConnections.save({
      tenantId,
      dataCentre: 'eu',
      accountsServer: 'https://accounts.zoho.eu',
      apiDomain: 'https://www.zohoapis.eu',
      refreshToken: REFRESH,
      scope: 's',
    });
    const row = await t.db(TABLES.zohoConnections).where({ tenant_id: tenantId }).first();
    const tampered = String(row.refresh_token_secret).slice(0, -4) + 'AAAA';
    await t
      .db(TABLES.zohoConnections)
      .where({ tenant_id: tenantId })
      .update({ refresh_token_secret: tampered });
    // The row still loads (a reconnect or disconnect needs no old secret); reading the token
    // names which secret to re-enter.
    const connection = (await repos.zohoConnections.get(tenantId))!;
    expect(connection.apiDomain).toBe('https://www.zohoapis.eu');
    expect(connection.unreadableSecrets).toEqual(['zoho_refresh_token']);
    let error: unknown;
    try {
      void connection.refreshToken;
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect(error).toMatchObject({ reason: 'tampered', secret: 'zoho_refresh_token' });
  });

  it('round-trips module settings, mappings and filters per tenant', async () => {
    await repos.moduleSettings.save({
      tenantId,
      module: 'Accounts',
      direction: 'both',
      schedule: { kind: 'interval', seconds: 900 },
      conflictPolicy: 'most_recent',
      conflictToleranceSeconds: 60,
      deletePolicy: 'mark_inactive',
      deleteBrakePercent: 5,
      filterMatch: 'any',
      initialMatchDone: true,
      optIn: true,
      dealStages: { enabled: true, stages: { C: 'Closed Won' } },
    });
    const settings = await repos.moduleSettings.get(tenantId, 'Accounts');
    expect(settings).toMatchObject({
      direction: 'both',
      deletePolicy: 'mark_inactive',
      initialMatchDone: true,
      optIn: true,
      dealStages: { enabled: true, stages: { C: 'Closed Won' } },
    });
    expect(settings?.schedule).toEqual({ kind: 'interval', seconds: 900 });
    expect(await repos.moduleSettings.get(otherTenantId, 'Accounts')).toBeUndefined();

    await repos.mappings.replaceMappings(tenantId, 'Accounts', [
      {
        zohoField: 'Account_Name',
        sageField: 'CustomerName',
        direction: 'both',
        emptyOverwrites: false,
      },
      {
        zohoField: 'Phone',
        sageField: 'TelephoneNo',
        direction: 'sage_to_zoho',
        transform: { kind: 'phone' },
        emptyOverwrites: true,
        owner: 'sage',
      },
    ]);
    const mappings = await repos.mappings.listMappings(tenantId, 'Accounts');
    expect(mappings.map((m) => m.zohoField)).toEqual(['Account_Name', 'Phone']);
    expect(mappings[1]).toEqual({
      zohoField: 'Phone',
      sageField: 'TelephoneNo',
      direction: 'sage_to_zoho',
      transform: { kind: 'phone' },
      emptyOverwrites: true,
      owner: 'sage',
    });
    expect(await repos.mappings.listMappings(otherTenantId, 'Accounts')).toEqual([]);

    await repos.mappings.replaceFilters(tenantId, 'Accounts', [
      { side: 'sage', field: 'CustomerType', operator: 'in', value: ['RET', 'WHL'] },
    ]);
    expect(await repos.mappings.listFilters(tenantId, 'Accounts')).toEqual([
      { side: 'sage', field: 'CustomerType', operator: 'in', value: ['RET', 'WHL'] },
    ]);
  });

  it('keeps one link per Zoho id and per Sage key within a tenant and module', async () => {
    const link = await repos.links.create(tenantId, 'Accounts', {
      state: 'intent',
      intentSide: 'sage',
      zohoId: '5725767000000411001',
      sageKey: '01-ABC',
    });
    expect(link.state).toBe('intent');
    await repos.links.update(tenantId, link.id, {
      state: 'linked',
      sageHash: 'h1',
      sageWrittenHash: 'h1',
    });
    expect(await repos.links.findBySageKey(tenantId, 'Accounts', '01-ABC')).toMatchObject({
      id: link.id,
      state: 'linked',
      sageHash: 'h1',
    });
    await expect(
      repos.links.create(tenantId, 'Accounts', {
        state: 'linked',
        zohoId: '999',
        sageKey: '01-ABC',
      }),
    ).rejects.toThrow();
    // Same keys in another tenant or module are separate links.
    await repos.links.create(otherTenantId, 'Accounts', {
      state: 'linked',
      zohoId: '5725767000000411001',
      sageKey: '01-ABC',
    });
    await repos.links.create(tenantId, 'Contacts', { state: 'linked', sageKey: '01-ABC' });
    expect(
      await repos.links.findManyBySageKeys(tenantId, 'Accounts', ['01-ABC', 'nope']),
    ).toHaveLength(1);
    expect(
      await repos.links.findManyByZohoIds(otherTenantId, 'Accounts', ['5725767000000411001']),
    ).toHaveLength(1);
    expect(await repos.links.get(otherTenantId, link.id)).toBeUndefined();
  });

  it('moves cursors and records runs, events and conflicts per tenant', async () => {
    await repos.cursors.set(tenantId, 'Accounts', 'sage', '20261121|12.5');
    await repos.cursors.set(tenantId, 'Accounts', 'sage', '20261121|13.0');
    expect(await repos.cursors.get(tenantId, 'Accounts', 'sage')).toBe('20261121|13.0');
    expect(await repos.cursors.get(otherTenantId, 'Accounts', 'sage')).toBeUndefined();

    const run = await repos.runs.start({
      tenantId,
      module: 'Accounts',
      direction: 'sage_to_zoho',
      kind: 'incremental',
      dryRun: false,
    });
    await repos.events.append(
      Array.from({ length: 120 }, (_, i) => ({
        tenantId,
        runId: run.id,
        module: 'Accounts' as const,
        direction: 'sage_to_zoho' as const,
        sageKey: `01-C${i}`,
        action: i === 7 ? ('failed' as const) : ('created' as const),
        reason: i === 7 ? 'Zoho said MANDATORY_NOT_FOUND: Account_Name' : undefined,
        changes: [{ field: 'name', before: null, after: `Customer ${i}` }],
        attempts: [],
        attempt: 1,
      })),
    );
    await repos.runs.finish(tenantId, run.id, {
      status: 'partial',
      counts: { created: 119, failed: 1 },
      flags: [],
    });
    expect(await repos.runs.get(tenantId, run.id)).toMatchObject({
      status: 'partial',
      counts: { created: 119, failed: 1 },
    });
    expect(await repos.runs.get(otherTenantId, run.id)).toBeUndefined();

    const failed = await repos.events.query(tenantId, { runId: run.id, action: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      sageKey: '01-C7',
      reason: 'Zoho said MANDATORY_NOT_FOUND: Account_Name',
    });
    expect(failed[0]?.changes).toEqual([{ field: 'name', before: null, after: 'Customer 7' }]);
    expect(await repos.events.query(otherTenantId, { runId: run.id })).toEqual([]);
    expect(await repos.events.pruneBefore(tenantId, '2000-01-01T00:00:00.000Z')).toBe(0);
    expect(await repos.events.pruneBefore(tenantId, '2999-01-01T00:00:00.000Z')).toBe(120);

    const conflictId = await repos.conflicts.open({
      tenantId,
      module: 'Accounts',
      zohoId: '1',
      sageKey: '01-A',
      fields: [{ field: 'phone', zohoValue: '555-1', sageValue: '555-2' }],
    });
    expect((await repos.conflicts.listOpen(tenantId)).map((c) => c.id)).toEqual([conflictId]);
    expect(await repos.conflicts.listOpen(otherTenantId)).toEqual([]);
    // One record's open conflict, by its Zoho id or (a Sage-side conflict) its Sage key.
    expect((await repos.conflicts.openOf(tenantId, 'Accounts', { zohoId: '1' }))?.id).toBe(
      conflictId,
    );
    const bySage = await repos.conflicts.openOf(tenantId, 'Accounts', {
      zohoId: '9',
      sageKey: '01-A',
    });
    expect(bySage?.id).toBe(conflictId);
    expect(await repos.conflicts.openOf(tenantId, 'Contacts', { zohoId: '1' })).toBeUndefined();
    expect(
      await repos.conflicts.openOf(otherTenantId, 'Accounts', { zohoId: '1' }),
    ).toBeUndefined();
    await repos.conflicts.resolve(tenantId, conflictId, 'zoho');
    expect(await repos.conflicts.listOpen(tenantId)).toEqual([]);
    expect(await repos.conflicts.openOf(tenantId, 'Accounts', { zohoId: '1' })).toBeUndefined();
  });
});
