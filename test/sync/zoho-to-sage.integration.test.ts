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

  /** N Zoho accounts created in Sage by a run, then each renamed in Zoho a minute later. */
  async function linkedThenEdited(n: number, beforeEdits: (keyOf: KeyOf, ids: string[]) => void) {
    await rig.configure('Accounts', 'zoho_to_sage');
    const ids = rig.zoho.sim.admin.seedRecords(
      rig.tenant.orgId,
      'Accounts',
      Array.from({ length: n }, (_, i) => ({
        Account_Name: `Eta ${String(i).padStart(2, '0')}`,
        Billing_City: 'Chicago',
        Billing_Code: '60601',
      })),
    );
    expect((await rig.engine.run(rig.tenantId, 'Accounts')).counts.created).toBe(n);
    const keyOf: KeyOf = (id) => {
      const [ARDivisionNo, CustomerNo] = String(
        rig.zohoRecords('Accounts').find((r) => r.id === id)!.Sage_Key,
      ).split('-');
      return { ARDivisionNo: ARDivisionNo!, CustomerNo: CustomerNo! };
    };
    rig.advanceSage(30);
    beforeEdits(keyOf, ids);
    rig.advanceSage(30);
    ids.forEach((id, i) =>
      rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', id, {
        Account_Name: `Eta ${String(i).padStart(2, '0')} renamed`,
      }),
    );
    return { ids, keyOf };
  }

  it('says in Zoho when a Zoho edit landed in Sage: Sage_Last_Synced rides on one key write-back per 100, and comes back as an echo', async () => {
    const { ids, keyOf } = await linkedThenEdited(12, () => undefined);
    expect(rig.zohoRecords('Accounts').map((r) => r.Sage_Last_Synced)).toEqual(
      Array.from({ length: 12 }, () => '2026-11-21T18:00:00+00:00'),
    );
    const log = logCalls();
    const report = await rig.engine.run(rig.tenantId, 'Accounts').finally(() => log.stop());
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(report.counts.updated).toBe(12);
    ids.forEach((id, i) =>
      expect(rig.company.get('AR_Customer', keyOf(id))).toMatchObject({
        CustomerName: `Eta ${String(i).padStart(2, '0')} renamed`,
        City: 'Chicago',
        ZipCode: '60601',
      }),
    );
    const zohoWrites = log.calls.filter((c) => c.system === 'zoho' && c.method !== 'GET');
    expect(zohoWrites.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'PUT /crm/v8/Accounts',
    ]);
    for (const r of rig.zohoRecords('Accounts')) {
      expect(r).toMatchObject({
        Sage_Last_Synced: '2026-11-21T18:01:00+00:00',
        Sage_Sync_Status: 'Synced',
        Sage_Key: `${keyOf(String(r.id)).ARDivisionNo}-${keyOf(String(r.id)).CustomerNo}`,
      });
    }

    // The stamp's write comes back as an echo of our own: nothing more is written either side.
    rig.sage.sim.calls.length = 0;
    rig.advanceSage(60);
    const quietLog = logCalls();
    const quiet = await rig.engine.run(rig.tenantId, 'Accounts').finally(() => quietLog.stop());
    expect(quiet).toMatchObject({ status: 'succeeded' });
    expect(quiet.counts.updated ?? 0).toBe(0);
    expect(rig.sage.sim.calls).toEqual([]);
    expect(quietLog.calls.filter((c) => c.system === 'zoho' && c.method !== 'GET')).toEqual([]);
    expect(rig.zohoRecords('Accounts')[0]!.Sage_Last_Synced).toBe('2026-11-21T18:01:00+00:00');
  });

  it('updates linked accounts with one UpdateCustomer each, merged over the agent read, no GetCustomer (ADR 0076)', async () => {
    // A Sage user edits a member the sync does not map, after our last sync: the feed has not
    // delivered it to any run, and the put must not take it back.
    const { ids, keyOf } = await linkedThenEdited(12, (keyOf, ids) =>
      rig.company.update('AR_Customer', keyOf(ids[0]!), { Comment: 'set in Sage' }),
    );
    rig.sage.sim.calls.length = 0;
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(report.counts.updated).toBe(12);
    expect(rig.sage.sim.calls).toEqual(Array.from({ length: 12 }, () => 'UpdateCustomer'));
    expect(rig.company.get('AR_Customer', keyOf(ids[0]!))).toMatchObject({
      CustomerName: 'Eta 00 renamed',
      Comment: 'set in Sage',
    });
    // A customer a Sage user holds open: the put meets the lock, so the record is read again.
    rig.advanceSage(60);
    rig.sage.sim.faults.lockRecord('AR_Customer', keyOf(ids[1]!), { attempts: 1 });
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', ids[1]!, {
      Account_Name: 'Eta 01 locked',
    });
    rig.sage.sim.calls.length = 0;
    expect((await rig.engine.run(rig.tenantId, 'Accounts')).counts.updated).toBe(1);
    expect(rig.sage.sim.calls).toEqual(['UpdateCustomer', 'GetCustomer', 'UpdateCustomer']);
    expect(rig.company.get('AR_Customer', keyOf(ids[1]!))?.CustomerName).toBe('Eta 01 locked');
  });
});

type KeyOf = (id: string) => { ARDivisionNo: string; CustomerNo: string };
