import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

describeEngines('deletes and the brake (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
  });
  afterEach(() => h.close());

  async function linkedCustomers(n: number, settings: Parameters<Harness['configure']>[2]) {
    await h.configure('Accounts', 'both', settings);
    for (let i = 1; i <= n; i++) {
      h.sage.seed('Accounts', {
        ARDivisionNo: '01',
        CustomerNo: `C${i}`,
        CustomerName: `Customer ${i}`,
      });
    }
    await h.engine.run(h.tenantId, 'Accounts');
  }

  it('marks the Sage customer inactive when its Zoho account is deleted', async () => {
    await linkedCustomers(40, { deletePolicy: 'mark_inactive' });
    await h.crm.delete('Accounts', h.crm.byKey('Accounts', '01-C7')!.id);
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(report.counts.deleted).toBe(1);
    expect(h.sage.store.read('Accounts', '01-C7')?.fields.CustomerStatus).toBe('I');
    expect((await h.repos.links.findBySageKey(h.tenantId, 'Accounts', '01-C7'))?.state).toBe(
      'deleted',
    );
    // The tombstone keeps later Sage edits from recreating the account in Zoho.
    h.sage.edit('Accounts', '01-C7', { City: 'Tustin' });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.crm.byKey('Accounts', '01-C7')).toBeUndefined();
  });

  it('deletes the Zoho account when the Sage customer is deleted and the policy says delete', async () => {
    await linkedCustomers(40, { deletePolicy: 'delete' });
    await h.sage.delete('Accounts', '01-C3');
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.crm.byKey('Accounts', '01-C3')).toBeUndefined();
    expect(h.crm.store.all('Accounts')).toHaveLength(39);
  });

  it('ignores deletes by default and says so in the audit', async () => {
    await linkedCustomers(3, {});
    await h.sage.delete('Accounts', '01-C1');
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(h.crm.byKey('Accounts', '01-C1')).toBeDefined();
    const [event] = await h.repos.events.query(h.tenantId, {
      runId: report.runId,
      action: 'skipped',
    });
    expect(event?.reason).toContain('delete policy is "ignore", the Zoho record is kept');
  });

  it('lets the master recreate a record deleted on the side that only receives the module', async () => {
    await h.configure('Products', 'sage_to_zoho', { deletePolicy: 'delete' });
    h.sage.seed('Products', { ItemCode: 'W1', ItemCodeDesc: 'Widget', StandardUnitPrice: 5 });
    await h.engine.run(h.tenantId, 'Products');
    await h.crm.delete('Products', h.crm.byKey('Products', 'W1')!.id);
    const report = await h.engine.run(h.tenantId, 'Products');
    expect(report.status).toBe('succeeded');
    expect(h.sage.store.read('Products', 'W1')).toBeDefined();
    h.sage.edit('Products', 'W1', { StandardUnitPrice: 6 });
    await h.engine.run(h.tenantId, 'Products');
    expect(h.crm.byKey('Products', 'W1')?.fields).toMatchObject({
      Product_Name: 'Widget',
      Unit_Price: 6,
    });
  });

  it('stops a run that would remove more than the brake allows, and removes nothing', async () => {
    await linkedCustomers(20, { deletePolicy: 'delete', deleteBrakePercent: 5 });
    const cursor = await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage');
    for (const n of [1, 2]) await h.sage.delete('Accounts', `01-C${n}`);
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('failed');
    expect(report.reason).toBe(
      'delete brake: this run would remove 2 of 20 linked records (10%), more than the 5% allowed',
    );
    expect(h.crm.store.all('Accounts')).toHaveLength(20);
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBe(cursor);

    const confirmed = await h.engine.run(h.tenantId, 'Accounts', {
      kind: 'manual',
      confirmDeletes: true,
    });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.counts.deleted).toBe(2);
    expect(h.crm.store.all('Accounts')).toHaveLength(18);
  });
});
