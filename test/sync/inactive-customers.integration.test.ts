import { afterEach, beforeEach, expect, it } from 'vitest';
import { CATALOG } from '../../server/sync/catalog/index.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/** Sage's CustomerStatus ↔ Zoho's Sage_Inactive checkbox by default, and filters that leave
 * inactive customers out, through eBWS, the agent and the Zoho simulator over HTTP. */
describeEngines('inactive customers over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    // Sage stores A for an active customer (the harness's ABF leaves the column out).
    rig.company.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF' },
      {
        CustomerStatus: 'A',
      },
    );
  });
  afterEach(() => rig.close());

  const addCustomer = (CustomerNo: string, CustomerName: string, CustomerStatus: string) =>
    rig.company.insert('AR_Customer', {
      ARDivisionNo: '01',
      CustomerNo,
      CustomerName,
      CustomerStatus,
      City: 'Dallas',
    });
  const zohoAccount = (key: string) => rig.zohoRecords('Accounts').find((r) => r.Sage_Key === key);

  it('ticks Sage_Inactive for an inactive Sage customer, and a tick in Zoho makes it inactive in Sage', async () => {
    await rig.configure('Accounts', 'both');
    addCustomer('OLDCO', 'Old Company', 'I');
    const first = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    expect(zohoAccount('01-OLDCO')).toMatchObject({
      Account_Name: 'Old Company',
      Sage_Inactive: true,
    });
    expect(zohoAccount('01-ABF')).toMatchObject({ Sage_Inactive: false });

    rig.advanceSage(60);
    const abf = zohoAccount('01-ABF')!;
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', String(abf.id), {
      Sage_Inactive: true,
    });
    rig.advanceSage(60);
    const second = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(second.status, JSON.stringify(second.records)).toBe('succeeded');
    expect(
      rig.company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })?.CustomerStatus,
    ).toBe('I');

    // Reactivated in Sage: the box is cleared in Zoho.
    rig.advanceSage(60);
    rig.company.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'OLDCO' },
      {
        CustomerStatus: 'A',
      },
    );
    rig.advanceSage(60);
    const third = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(third.status, JSON.stringify(third.records)).toBe('succeeded');
    expect(zohoAccount('01-OLDCO')).toMatchObject({ Sage_Inactive: false });
  });

  it('maps status to a picklist the admin picks instead', async () => {
    const [created] = await rig.zoho.client
      .forTenant(rig.tenantId)
      .metadata.createFields('Accounts', [
        {
          field_label: 'Customer Status',
          data_type: 'picklist',
          pick_list_values: ['Active', 'Inactive', 'Temporary'],
        },
      ]);
    expect(created?.ok).toBe(true);
    await rig.configure('Accounts', 'sage_to_zoho');
    const mappings = CATALOG.Accounts.defaultMappings.map((m) =>
      m.sageField === 'CustomerStatus'
        ? {
            ...m,
            zohoField: 'Customer_Status',
            transform: { kind: 'code', table: { A: 'Active', I: 'Inactive', T: 'Temporary' } },
          }
        : m,
    );
    await rig.zoho.repos.mappings.replaceMappings(rig.tenantId, 'Accounts', mappings);
    addCustomer('OLDCO', 'Old Company', 'I');
    addCustomer('TEMP', 'Walk-in', 'T');
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(zohoAccount('01-OLDCO')?.Customer_Status).toBe('Inactive');
    expect(zohoAccount('01-TEMP')?.Customer_Status).toBe('Temporary');
    expect(zohoAccount('01-ABF')?.Customer_Status).toBe('Active');
  });

  it("leaves inactive customers out with the catalog's exclude-inactive filter", async () => {
    await rig.configure('Accounts', 'both');
    const preset = CATALOG.Accounts.filterPresets?.find((p) => p.id === 'exclude_inactive');
    expect(preset?.filters).toEqual([
      { side: 'sage', field: 'CustomerStatus', operator: 'not_equals', value: 'I' },
      { side: 'zoho', field: 'Sage_Inactive', operator: 'not_equals', value: true },
    ]);
    await rig.zoho.repos.mappings.replaceFilters(rig.tenantId, 'Accounts', preset!.filters);
    addCustomer('OLDCO', 'Old Company', 'I');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Closed Prospect', Sage_Inactive: true },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(
      rig
        .zohoRecords('Accounts')
        .map((r) => r.Account_Name)
        .sort(),
    ).toEqual(['American Business Futures', 'Closed Prospect']);
    expect(zohoAccount('01-OLDCO')).toBeUndefined();
    expect(rig.company.count('AR_Customer')).toBe(2);
    const skipped = report.records.filter((r) => r.action === 'skipped').map((r) => r.reason);
    expect(skipped.sort()).toEqual([
      'filtered out: sage CustomerStatus not_equals "I"',
      'filtered out: zoho Sage_Inactive not_equals true',
    ]);
  });
});
