import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

describeEngines('echoes over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
  });
  afterEach(() => rig.close());

  it('leaves a two-way module running 10 cycles after one edit on each side: one write each way', async () => {
    const zohoId = String(rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')?.id);
    rig.writes.sage.length = 0;
    rig.writes.crm.length = 0;
    const ebwsUpdatesBefore = rig.sage.sim.calls.filter((c) => c === 'UpdateCustomer').length;

    rig.advanceSage(120);
    // A Sage user edits the phone; a Zoho user edits the web site.
    rig.company.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF' },
      { TelephoneNo: '(312) 555-0142' },
    );
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, {
      Website: 'https://abf.example',
    });

    for (let cycle = 0; cycle < 10; cycle++) {
      rig.advanceSage(60);
      const report = await rig.engine.run(rig.tenantId, 'Accounts');
      expect(report.status, `cycle ${cycle}: ${report.reason}`).toBe('succeeded');
    }
    expect(rig.writes.crm).toEqual([{ op: 'upsert', module: 'Accounts' }]);
    expect(rig.writes.sage).toEqual([{ op: 'update', module: 'Accounts' }]);
    expect(
      rig.sage.sim.calls.filter((c) => c === 'UpdateCustomer').length - ebwsUpdatesBefore,
    ).toBe(1);
    expect(rig.company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })).toMatchObject(
      {
        TelephoneNo: '(312) 555-0142',
        URLAddress: 'https://abf.example',
      },
    );
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Accounts', zohoId)).toMatchObject({
      Phone: '(312) 555-0142',
      Website: 'https://abf.example',
    });
  });

  it('carries a clear on each side over the real wire, then stays quiet (ADR 0091)', async () => {
    const zohoId = String(rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')?.id);
    const key = { ARDivisionNo: '01', CustomerNo: 'ABF' };
    rig.advanceSage(120);
    rig.company.update('AR_Customer', key, { TelephoneNo: '(312) 555-0142' });
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, {
      Website: 'https://abf.example',
    });
    rig.advanceSage(60);
    await rig.engine.run(rig.tenantId, 'Accounts');
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Accounts', zohoId)?.Phone).toBe(
      '(312) 555-0142',
    );
    rig.writes.sage.length = 0;
    rig.writes.crm.length = 0;

    // A Sage user blanks the phone; a Zoho user blanks the web site.
    rig.advanceSage(120);
    rig.company.update('AR_Customer', key, { TelephoneNo: '' });
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, { Website: null });
    for (let cycle = 0; cycle < 4; cycle++) {
      rig.advanceSage(60);
      const report = await rig.engine.run(rig.tenantId, 'Accounts');
      expect(report.status, `cycle ${cycle}: ${report.reason}`).toBe('succeeded');
    }
    expect(rig.company.get('AR_Customer', key)?.URLAddress ?? '').toBe('');
    expect(
      rig.zoho.sim.admin.record(rig.tenant.orgId, 'Accounts', zohoId)?.Phone ?? null,
    ).toBeNull();
    expect(rig.writes.crm).toEqual([{ op: 'upsert', module: 'Accounts' }]);
    expect(rig.writes.sage).toEqual([{ op: 'update', module: 'Accounts' }]);
  });
});
