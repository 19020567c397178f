import { afterEach, beforeEach, expect, it } from 'vitest';
import { CATALOG } from '../../server/sync/catalog/index.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * A mapping to a field the admin added in Zoho (not one of the catalog's) carries values both
 * ways through the real clients: the gateway asks Zoho for the tenant's mapped fields, and the
 * simulator, like Zoho, returns only the fields a read names.
 */
describeEngines('mappings to custom Zoho fields (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
    const crm = rig.zoho.client.forTenant(rig.tenantId);
    const [made] = await crm.metadata.createFields('Accounts', [
      { field_label: 'Billing Email', data_type: 'text', length: 100 },
    ]);
    expect(made).toMatchObject({ ok: true });
    // The standard Email field stays unmapped: Sage's email address goes to the custom field.
    await rig.zoho.repos.mappings.replaceMappings(
      rig.tenantId,
      'Accounts',
      CATALOG.Accounts.defaultMappings.map((m) =>
        m.zohoField === 'Email' ? { ...m, zohoField: 'Billing_Email' } : m,
      ),
    );
  });
  afterEach(() => rig.close());

  const account = (name: string) =>
    rig.zohoRecords('Accounts').find((r) => r.Account_Name === name);
  const customer = (name: string) =>
    rig.company.list('AR_Customer').find((r) => r.CustomerName === name);

  it('carries a custom Zoho field to Sage and back, and its echo writes nothing', async () => {
    rig.company.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF' },
      { EmailAddress: 'ap@abf.example' },
    );
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      {
        Account_Name: 'Fresh Start Co',
        Billing_Email: 'ap@fresh.example',
        Email: 'hi@fresh.example',
      },
    ]);
    const first = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    // Zoho → Sage: the custom field's value, not the unmapped standard one.
    expect(customer('Fresh Start Co')?.EmailAddress).toBe('ap@fresh.example');
    // Sage → Zoho: the Sage customer's address lands in the custom field only.
    expect(account('American Business Futures')?.Billing_Email).toBe('ap@abf.example');

    rig.advanceSage(60);
    rig.company.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF' },
      { EmailAddress: 'billing@abf.example' },
    );
    const fresh = account('Fresh Start Co');
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', String(fresh?.id), {
      Billing_Email: 'invoices@fresh.example',
    });
    const second = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(second.status, JSON.stringify(second.records)).toBe('succeeded');
    expect(account('American Business Futures')).toMatchObject({
      Billing_Email: 'billing@abf.example',
    });
    expect(account('American Business Futures')?.Email ?? null).toBeNull();
    expect(customer('Fresh Start Co')?.EmailAddress).toBe('invoices@fresh.example');

    // What the second run wrote comes back as changes: recognised as echoes, written nowhere.
    rig.advanceSage(60);
    const writes = rig.writes.sage.length + rig.writes.crm.length;
    const third = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(third.status).toBe('succeeded');
    expect(rig.writes.sage.length + rig.writes.crm.length).toBe(writes);
    expect(customer('Fresh Start Co')?.EmailAddress).toBe('invoices@fresh.example');
    expect(account('American Business Futures')?.Billing_Email).toBe('billing@abf.example');
  });

  it('lets a Zoho filter on a custom field hold records back', async () => {
    await rig.zoho.repos.mappings.replaceFilters(rig.tenantId, 'Accounts', [
      { side: 'zoho', field: 'Billing_Email', operator: 'not_empty', value: null },
    ]);
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Has Billing', Billing_Email: 'ap@has.example' },
      { Account_Name: 'No Billing' },
    ]);
    await rig.engine.run(rig.tenantId, 'Accounts');
    expect(customer('Has Billing')?.EmailAddress).toBe('ap@has.example');
    expect(customer('No Billing')).toBeUndefined();
    const counts = await rig.engine.countFiltered(
      'Accounts',
      [{ side: 'zoho', field: 'Billing_Email', operator: 'not_empty', value: null }],
      'all',
    );
    // Has Billing passes; No Billing and American Business Futures (no email in Sage) do not.
    expect(counts.find((c) => c.side === 'zoho')).toMatchObject({ total: 3, passing: 1 });
  });
});
