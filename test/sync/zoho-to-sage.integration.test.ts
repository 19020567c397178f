import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { logCalls } from './call-log.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * Zoho accounts created in Sage through the real clients: the fewest calls per record (one
 * GetNextCustomerNo and one CreateCustomer, nothing read first), four eBWS sessions at once, the
 * keys written back to Zoho in one call per 100 and Sage read back through the agent per page.
 */
describeEngines('Zoho → Sage over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  it('creates 30 accounts with 2 eBWS calls each, 4 at a time, and writes the keys back in one call', async () => {
    await rig.configure('Accounts', 'zoho_to_sage');
    rig.zoho.sim.admin.seedRecords(
      rig.tenant.orgId,
      'Accounts',
      Array.from({ length: 30 }, (_, i) => ({
        Account_Name: `Zeta ${String(i).padStart(2, '0')}`,
        Billing_City: 'Chicago',
        Billing_Code: '60601',
      })),
    );
    // Every eBWS call takes a little while, so calls the engine has in flight overlap at Sage.
    rig.sage.sim.faults.slow('*', 15);
    rig.sage.sim.calls.length = 0;
    const log = logCalls();
    const report = await rig.engine.run(rig.tenantId, 'Accounts').finally(() => log.stop());
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(report.counts.created).toBe(30);

    const ops = rig.sage.sim.calls.reduce<Record<string, number>>(
      (acc, op) => ({ ...acc, [op]: (acc[op] ?? 0) + 1 }),
      {},
    );
    expect(ops).toEqual({ GetNextCustomerNo: 30, CreateCustomer: 30 });
    expect(rig.ebwsSessions.peakInUse).toBe(4);

    const zohoWrites = log.calls.filter(
      (c) => c.system === 'zoho' && ['PUT', 'POST'].includes(c.method),
    );
    expect(zohoWrites.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'PUT /crm/v8/Accounts',
    ]);

    const zoho = rig.zohoRecords('Accounts');
    const keys = zoho.map((r) => String(r.Sage_Key));
    expect(new Set(keys).size).toBe(30);
    for (const r of zoho) {
      const [ARDivisionNo, CustomerNo] = String(r.Sage_Key).split('-');
      expect(rig.company.get('AR_Customer', { ARDivisionNo, CustomerNo })).toMatchObject({
        CustomerName: r.Account_Name,
      });
    }
    expect(rig.company.count('AR_Customer')).toBe(31);

    // A second run reads the 30 back as echoes of its own writes: no eBWS call at all.
    rig.sage.sim.calls.length = 0;
    rig.advanceSage(60);
    const quiet = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(quiet.counts.created ?? 0).toBe(0);
    expect(rig.sage.sim.calls).toEqual([]);
  });
});
