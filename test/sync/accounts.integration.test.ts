import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

describeEngines('Accounts through eBWS, the agent and Zoho over HTTP (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  it('sends a Sage customer to Zoho and an account typed in Zoho to Sage', async () => {
    await rig.configure('Accounts', 'both');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      {
        Account_Name: 'Zeta Labs',
        Phone: '3125550199',
        Billing_City: 'Chicago',
        Billing_Code: '60601',
      },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    // The simulated org has no custom credit or terms fields: those mappings are left out, loudly.
    expect(report.flags).toEqual([
      'zoho_fields_missing:Credit_Limit,Credit_Hold,Balance,Account_Type,Sales_Person_Code,Payment_Terms',
    ]);

    const abf = rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF');
    expect(abf).toMatchObject({
      Account_Name: 'American Business Futures',
      Account_Number: 'ABF',
      Billing_Street: '2131 N. 14th Street',
      Billing_City: 'Chicago',
      Billing_State: 'IL',
      Billing_Code: '60601',
    });
    const zeta = rig.zohoRecords('Accounts').find((r) => r.Account_Name === 'Zeta Labs');
    expect(zeta?.Sage_Key).toMatch(/^01-\d+$/);
    const [division, customerNo] = String(zeta?.Sage_Key).split('-');
    const row = rig.company.get('AR_Customer', {
      ARDivisionNo: division,
      CustomerNo: customerNo,
    });
    expect(row).toMatchObject({
      CustomerName: 'Zeta Labs',
      City: 'Chicago',
      TelephoneNo: '(312) 555-0199',
    });
    expect(rig.zohoRecords('Accounts')).toHaveLength(2);
    expect(rig.company.count('AR_Customer')).toBe(2);
  });
});
