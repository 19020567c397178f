import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureExtensionFields, GL_MODULE_INSTRUCTIONS } from './extension-fields.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../../test/zoho/fixture.js';

describe('extension fields', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme');
  });
  afterEach(async () => fx.close());

  it('creates at most five Sage fields on every written module once, and explains the missing GL module', async () => {
    const crm = fx.client.forTenant(tenant.tenantId);
    const first = await ensureExtensionFields(crm);
    expect(first.modules.map((m) => m.module)).toEqual([
      'Accounts',
      'Contacts',
      'Products',
      'Vendors',
      'Sales_Orders',
      'Invoices',
      'Deals',
    ]);
    const four = ['Sage_Key', 'Sage_Sync_Status', 'Sage_Last_Synced', 'Sage_Inactive'];
    const optIn = [...four, 'Sync_to_Sage'];
    expect(Object.fromEntries(first.modules.map((m) => [m.module, m.created]))).toEqual({
      Accounts: optIn,
      Contacts: optIn,
      Products: four,
      Vendors: four,
      Sales_Orders: optIn,
      Invoices: [...four, 'Deal'],
      Deals: ['Sage_Opportunity_ID'],
    });
    for (const m of first.modules) expect(m.problems).toEqual([]);
    const tick = fx.sim.admin
      .fields(tenant.orgId, 'Contacts')
      .find((f) => f.api_name === 'Sync_to_Sage');
    expect(tick).toMatchObject({ data_type: 'boolean', field_label: 'Sync to Sage' });
    const deal = fx.sim.admin.fields(tenant.orgId, 'Invoices').find((f) => f.api_name === 'Deal');
    expect(deal).toMatchObject({ data_type: 'lookup', lookup_module: 'Deals' });
    const number = fx.sim.admin
      .fields(tenant.orgId, 'Deals')
      .find((f) => f.api_name === 'Sage_Opportunity_ID');
    expect(number).toMatchObject({ data_type: 'autonumber', read_only: true });
    expect(first.glAccounts).toEqual({ present: false, instructions: GL_MODULE_INSTRUCTIONS });
    const key = fx.sim.admin
      .fields(tenant.orgId, 'Sales_Orders')
      .find((f) => f.api_name === 'Sage_Key');
    expect(key).toMatchObject({ data_type: 'text', length: 64, unique: true, custom_field: true });

    const second = await ensureExtensionFields(crm);
    expect(second.modules.map((m) => [m.created.length, m.existing.length])).toEqual([
      [0, 5],
      [0, 5],
      [0, 4],
      [0, 4],
      [0, 5],
      [0, 5],
      [0, 1],
    ]);
    expect(
      fx.sim.admin.fields(tenant.orgId, 'Accounts').filter((f) => f.custom_field),
    ).toHaveLength(5);
  });

  it('adds the fields to the GL module once the admin has created it', async () => {
    fx.sim.admin.createCustomModule(tenant.orgId, 'GL_Accounts', 'GL Account', 'GL Accounts');
    const report = await ensureExtensionFields(fx.client.forTenant(tenant.tenantId));
    expect(report.glAccounts.present).toBe(true);
    expect(report.glAccounts.present && report.glAccounts.fields.created).toHaveLength(4);
    // Created as the setup guide says: its own fields are all there, nothing to report.
    expect(report.glAccounts.present && report.glAccounts.fields.problems).toEqual([]);
  });

  it("reports the GL module's own fields the admin left out, and creates none of them", async () => {
    fx.sim.admin.createCustomModule(tenant.orgId, 'GL_Accounts', 'GL Account', 'GL Accounts', {
      bare: true,
    });
    const report = await ensureExtensionFields(fx.client.forTenant(tenant.tenantId));
    const gl = report.glAccounts.present ? report.glAccounts.fields : undefined;
    expect(gl?.created).toEqual([
      'Sage_Key',
      'Sage_Sync_Status',
      'Sage_Last_Synced',
      'Sage_Inactive',
    ]);
    expect(gl?.problems.map((p) => [p.field, p.code])).toEqual([
      ['Description', 'GL_FIELD_MISSING'],
      ['Account_Type', 'GL_FIELD_MISSING'],
      ['Main_Account_Code', 'GL_FIELD_MISSING'],
      ['Parent_Account', 'GL_FIELD_MISSING'],
      ['Status', 'GL_FIELD_MISSING'],
    ]);
    expect(gl?.problems[3]?.message).toBe(
      'add the field "Parent Account" (Lookup, to GL Accounts (the module itself)) to the GL Accounts module in CRM Setup; until then GL accounts sync without it',
    );
    const names = fx.sim.admin.fields(tenant.orgId, 'GL_Accounts').map((f) => f.api_name);
    expect(names).not.toContain('Account_Type');
  });

  it('reports an existing Sage Key that is not unique instead of trusting it', async () => {
    await fx.client
      .forTenant(tenant.tenantId)
      .metadata.createFields('Vendors', [
        { field_label: 'Sage Key', data_type: 'text', length: 64 },
      ]);
    const report = await ensureExtensionFields(fx.client.forTenant(tenant.tenantId));
    const vendors = report.modules.find((m) => m.module === 'Vendors')!;
    expect(vendors.existing).toEqual(['Sage_Key']);
    expect(vendors.problems.map((p) => [p.field, p.code])).toEqual([['Sage_Key', 'NOT_UNIQUE']]);
  });
});
