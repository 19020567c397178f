import { afterEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * A Zoho Account whose mapping names no AR division is created in Sage in the division the
 * tenant's Sage connection sets (here 00, a company with no divisions), over the real clients.
 */
describeEngines('Zoho → Sage: the default AR division (%s)', (engine) => {
  let rig: SyncRig | undefined;
  afterEach(() => rig?.close());

  it("creates the customer in the connection's division and keys it there", async () => {
    rig = await startSyncRig(engine, { defaultDivision: '00' });
    await rig.configure('Accounts', 'zoho_to_sage');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Division Zero Supply', Billing_City: 'Chicago', Billing_Code: '60601' },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.counts.created, JSON.stringify(report.records)).toBe(1);
    const [record] = rig.zohoRecords('Accounts');
    const [division, customerNo] = String(record!.Sage_Key).split('-');
    expect(division).toBe('00');
    expect(
      rig.company.get('AR_Customer', { ARDivisionNo: '00', CustomerNo: customerNo! }),
    ).toMatchObject({ CustomerName: 'Division Zero Supply' });
    expect(rig.company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: customerNo! })).toBe(
      undefined,
    );
  });
});
