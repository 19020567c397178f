import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * Sage 100's text is Windows-1252 (SAGE_CHARSET): an account whose name or address holds a
 * character Sage would store as "?" is skipped with the characters named, not sent mangled;
 * accented Latin, &, < and quotes reach Sage as typed.
 */
describeEngines('Zoho → Sage text Sage 100 cannot store (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  it('skips emoji and CJK names with the reason, and creates Latin-1 ones intact', async () => {
    await rig.configure('Accounts', 'zoho_to_sage');
    const [rocket, tokyo, cafe] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Rocket 🚀 Labs', Billing_City: 'Chicago', Billing_Code: '60601' },
      { Account_Name: 'Acme Japan', Billing_Street: '東京都港区', Billing_Code: '60601' },
      {
        Account_Name: 'Café Müller & <Söhne> "Ø"',
        Billing_Street: '€5 — “smart”',
        Billing_Code: '60601',
      },
    ]);
    const before = rig.company.count('AR_Customer');
    const report = await rig.engine.run(rig.tenantId, 'Accounts');

    expect(report.status).toBe('partial');
    expect(report.counts.created).toBe(1);
    const skipped = report.records.filter((r) => r.action === 'skipped');
    expect(skipped.map((r) => [r.zohoId, r.reason])).toEqual([
      [
        rocket,
        'The Customer Name contains "🚀", which Sage 100 cannot store (its text is ' +
          'Windows-1252; it would be saved as "?").',
      ],
      [
        tokyo,
        'The Address Line 1 contains "東", "京", "都", "港", "区", which Sage 100 cannot store ' +
          '(its text is Windows-1252; it would be saved as "?").',
      ],
    ]);
    expect(rig.company.count('AR_Customer')).toBe(before + 1);
    const zohoCafe = rig.zohoRecords('Accounts').find((r) => r.id === cafe)!;
    const [ARDivisionNo, CustomerNo] = String(zohoCafe.Sage_Key).split('-');
    expect(rig.company.get('AR_Customer', { ARDivisionNo, CustomerNo })).toMatchObject({
      CustomerName: 'Café Müller & <Söhne> "Ø"',
      AddressLine1: '€5 — “smart”',
    });
    for (const id of [rocket, tokyo]) {
      expect(rig.zohoRecords('Accounts').find((r) => r.id === id)!.Sage_Key ?? null).toBeNull();
    }
  });
});
