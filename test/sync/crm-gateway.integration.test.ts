import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoCrmGateway } from '../../server/zoho/crm-gateway.js';
import { ensureExtensionFields } from '../../server/zoho/extension-fields.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../zoho/fixture.js';

/** The CRM gateway's reads and writes against the Zoho simulator, over HTTP. */
describe('ZohoCrmGateway', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;
  let gateway: ZohoCrmGateway;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme');
    const crm = fx.client.forTenant(tenant.tenantId);
    await ensureExtensionFields(crm);
    gateway = new ZohoCrmGateway(crm.records, { metadata: crm.metadata });
  });
  afterEach(() => fx.close());

  it('reads many records in one COQL call, with lookups and versions', async () => {
    const [acme] = fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      { Account_Name: 'Acme', Sage_Key: '01-ACME' },
    ]);
    const ids = fx.sim.admin.seedRecords(tenant.orgId, 'Contacts', [
      { Last_Name: 'One', Account_Name: { id: acme }, Modified_Time: '2026-11-20T10:00:00+00:00' },
      { Last_Name: 'Two', Account_Name: { id: acme } },
    ]);
    await gateway.fieldNames('Contacts'); // field metadata is read once per module and kept
    const before = fx.sim.admin.stats(tenant.orgId).creditsUsed;
    const found = await gateway.get('Contacts', [...ids, '5725767000999999999']);
    expect(fx.sim.admin.stats(tenant.orgId).creditsUsed - before).toBe(1);
    expect([...found.keys()].sort()).toEqual([...ids].sort());
    const one = found.get(ids[0]!);
    expect(one).toMatchObject({
      version: '2026-11-20T10:00:00.000Z',
      fields: { Last_Name: 'One' },
    });
    expect((one?.fields.Account_Name as { id: string }).id).toBe(acme);
  });

  it('finds records by Sage key and upserts on it without duplicating', async () => {
    const [first] = await gateway.upsert('Accounts', [
      { sageKey: '01-ABF', fields: { Account_Name: 'ABF' } },
    ]);
    expect(first).toMatchObject({ ok: true, created: true });
    const [again] = await gateway.upsert('Accounts', [
      { sageKey: '01-ABF', fields: { Phone: '555-0100' } },
    ]);
    expect(again).toMatchObject({ ok: true, created: false, id: first!.ok ? first!.id : '' });
    expect(fx.sim.admin.records(tenant.orgId, 'Accounts')).toEqual([
      expect.objectContaining({ Account_Name: 'ABF', Phone: '555-0100', Sage_Key: '01-ABF' }),
    ]);
    const byKey = await gateway.findBySageKeys('Accounts', ['01-ABF', '01-NONE']);
    expect([...byKey.keys()]).toEqual(['01-ABF']);
  });

  it('stamps Sage Sync Status and Last Synced in the writes it makes, and only fields the org has', async () => {
    const at = new Date('2026-12-01T15:04:05.678Z');
    const crm = fx.client.forTenant(tenant.tenantId);
    const stamped = new ZohoCrmGateway(crm.records, { metadata: crm.metadata, now: () => at });
    const [created] = await stamped.upsert('Accounts', [
      { sageKey: '01-ABF', fields: { Account_Name: 'ABF' } },
    ]);
    const [zohoBorn] = fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      { Account_Name: 'Born in Zoho' },
    ]);
    const before = fx.sim.admin.stats(tenant.orgId).calls;
    await stamped.setSageKeys('Accounts', [{ zohoId: zohoBorn!, sageKey: '01-0000001' }]);
    expect(fx.sim.admin.stats(tenant.orgId).calls - before).toBe(1); // no call of its own
    const stamp = { Sage_Sync_Status: 'Synced', Sage_Last_Synced: '2026-12-01T15:04:05+00:00' };
    expect(fx.sim.admin.records(tenant.orgId, 'Accounts')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: created!.ok ? created!.id : '',
          Sage_Key: '01-ABF',
          ...stamp,
        }),
        expect.objectContaining({ id: zohoBorn, Sage_Key: '01-0000001', ...stamp }),
      ]),
    );

    // An org whose Contacts lack the two fields gets writes without them, which Zoho accepts.
    const bare = await fx.addTenant('Bare');
    const bareCrm = fx.client.forTenant(bare.tenantId);
    const bareGateway = new ZohoCrmGateway(bareCrm.records, { metadata: bareCrm.metadata });
    fx.sim.admin.addCustomFields(bare.orgId, 'Accounts', [
      { field_label: 'Sage Key', data_type: 'text', length: 64, unique: true },
    ]);
    const [plain] = await bareGateway.upsert('Accounts', [
      { sageKey: '01-ABF', fields: { Account_Name: 'ABF' } },
    ]);
    expect(plain).toMatchObject({ ok: true, created: true });
    const [row] = fx.sim.admin.records(bare.orgId, 'Accounts');
    expect(row).not.toHaveProperty('Sage_Sync_Status');
  });

  it('finds records by Sage key 50 to a COQL call, side by side; odd keys go through search', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `01-K${String(i).padStart(3, '0')}`);
    fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      ...keys.map((k) => ({ Account_Name: `Name ${k}`, Sage_Key: k })),
      { Account_Name: "O'Neil", Sage_Key: "01-O'NEIL" },
      { Account_Name: 'Comma', Sage_Key: '01-A,B' },
    ]);
    await gateway.fieldNames('Accounts');
    const before = fx.sim.admin.stats(tenant.orgId).creditsUsed;
    const found = await gateway.findBySageKeys('Accounts', [
      ...keys,
      '01-NONE',
      "01-O'NEIL",
      '01-A,B',
    ]);
    // 61 plain keys: two COQL calls (50 + 11); the two odd keys: one search.
    expect(fx.sim.admin.stats(tenant.orgId).creditsUsed - before).toBe(3);
    expect(found.size).toBe(62);
    expect(found.get('01-K059')?.fields.Account_Name).toBe('Name 01-K059');
    expect(found.get("01-O'NEIL")?.fields.Account_Name).toBe("O'Neil");
    expect(found.get('01-A,B')?.fields.Account_Name).toBe('Comma');
    expect(found.has('01-NONE')).toBe(false);
  });

  it('returns per-record failures, and pages changes with a cursor that moves', async () => {
    const results = await gateway.upsert('Accounts', [
      { sageKey: '01-A', fields: { Account_Name: 'A' } },
      { sageKey: '01-B', fields: { Phone: '1' } },
    ]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({
      ok: false,
      code: 'MANDATORY_NOT_FOUND',
      field: 'Account_Name',
      retryable: false,
    });
    const page = await gateway.listChanges('Accounts', undefined);
    expect(page.records.map((r) => r.fields.Account_Name)).toEqual(['A']);
    expect(page.hasMore).toBe(false);
    const later = await gateway.listChanges('Accounts', page.nextCursor);
    // If-Modified-Since is inclusive: the same record may come again; the engine finds it unchanged.
    expect(later.records.every((r) => r.fields.Account_Name === 'A')).toBe(true);
    await expect(gateway.listChanges('Accounts', 'not json')).rejects.toThrow(
      /unreadable Zoho change cursor/,
    );
  });

  it('deletes to the recycle bin and marks inactive through the extension field', async () => {
    const [a, b] = await gateway.upsert('Accounts', [
      { sageKey: '01-A', fields: { Account_Name: 'A' } },
      { sageKey: '01-B', fields: { Account_Name: 'B' } },
    ]);
    const idA = a!.ok ? a!.id : '';
    const idB = b!.ok ? b!.id : '';
    expect(await gateway.delete('Accounts', idA)).toMatchObject({ ok: true, id: idA });
    expect(fx.sim.admin.records(tenant.orgId, 'Accounts').map((r) => r.id)).toEqual([idB]);
    expect(await gateway.delete('Accounts', idA)).toMatchObject({
      ok: false,
      code: 'INVALID_DATA',
    });

    expect(await gateway.markInactive('Accounts', idB)).toMatchObject({ ok: true, id: idB });
    expect(fx.sim.admin.records(tenant.orgId, 'Accounts')[0]).toMatchObject({
      Sage_Inactive: true,
    });
  });

  it('refuses to mark inactive where the org lacks the field', async () => {
    const bare = await fx.addTenant('Bare');
    const crm = fx.client.forTenant(bare.tenantId);
    const plain = new ZohoCrmGateway(crm.records, { metadata: crm.metadata });
    const [id] = fx.sim.admin.seedRecords(bare.orgId, 'Accounts', [{ Account_Name: 'A' }]);
    expect(await plain.markInactive('Accounts', id!)).toMatchObject({
      ok: false,
      code: 'NOT_SUPPORTED',
    });
    expect(await plain.fieldNames('Accounts')).not.toContain('Sage_Inactive');
  });

  it('refuses a read naming more fields than Zoho returns, instead of cutting the mapping short', async () => {
    const crm = fx.client.forTenant(tenant.tenantId);
    const unchecked = new ZohoCrmGateway(crm.records);
    unchecked.selectFields(
      'Accounts',
      Array.from({ length: 51 }, (_, i) => `Custom_${i}`),
    );
    await expect(unchecked.listAll('Accounts')).rejects.toThrow(
      'Accounts: the mapping and filters name 51 Zoho fields; Zoho reads at most 50 a call, so map fewer',
    );
  });
});
