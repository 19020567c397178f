import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

describeEngines('deletes and drift over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  it('marks the Sage customer inactive when its Zoho account is deleted', async () => {
    await rig.configure('Accounts', 'both', {
      deletePolicy: 'mark_inactive',
      deleteBrakePercent: 100,
    });
    await rig.engine.run(rig.tenantId, 'Accounts');
    const zohoId = String(rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')?.id);
    rig.zoho.sim.admin.deleteRecord(rig.tenant.orgId, 'Accounts', zohoId);
    rig.advanceSage(60);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(report.counts.deleted).toBe(1);
    expect(
      rig.company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })?.CustomerStatus,
    ).toBe('I');
  });

  /** A user deletes the Zoho record between its Sage write and the sync stamp's write-back. */
  function deleteBeforeStamp(zohoId: string): () => void {
    const crm = rig.deps.gateways.crm;
    rig.deps.gateways.crm = new Proxy(crm, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== 'function') return value;
        if (prop !== 'setSageKeys') return value.bind(target);
        return (...args: unknown[]) => {
          rig.zoho.sim.admin.deleteRecord(rig.tenant.orgId, 'Accounts', zohoId);
          return value.apply(target, args);
        };
      },
    });
    return () => {
      rig.deps.gateways.crm = crm;
    };
  }

  it('keeps a Zoho edit that landed in Sage when the account is deleted before its stamp', async () => {
    await rig.configure('Accounts', 'both', {
      deletePolicy: 'mark_inactive',
      deleteBrakePercent: 100,
    });
    await rig.engine.run(rig.tenantId, 'Accounts');
    const abf = { ARDivisionNo: '01', CustomerNo: 'ABF' };
    const zohoId = String(rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')?.id);
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, { Billing_City: 'Joliet' });
    rig.advanceSage(60);
    const restore = deleteBeforeStamp(zohoId);
    const first = await rig.engine.run(rig.tenantId, 'Accounts');
    restore();
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    // The Sage write stands and the deletion takes the policy in the same run: two events.
    expect(first.counts).toMatchObject({ updated: 1, deleted: 1 });
    expect(first.counts.failed).toBeUndefined();
    expect(rig.company.get('AR_Customer', abf)).toMatchObject({
      City: 'Joliet',
      CustomerStatus: 'I',
    });
    const events = await rig.zoho.repos.events.query(rig.tenantId, { runId: first.runId });
    expect(events.filter((e) => e.zohoId === zohoId).map((e) => [e.action, e.reason])).toEqual([
      [
        'updated',
        'deleted in Zoho after its Sage write landed: the Sage write stands, the sync stamp ' +
          "was not written, and the deletion takes the module's delete policy in this run (its own event)",
      ],
      ['deleted', expect.stringMatching(/^deleted in Zoho at /)],
    ]);
    const link = (await rig.zoho.repos.links.list(rig.tenantId, 'Accounts')).find(
      (l) => l.zohoId === zohoId,
    );
    expect(link?.state).toBe('deleted');

    // Zoho's deleted log lists it on the next run: it meets no linked link, nothing twice.
    rig.advanceSage(60);
    const second = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(second.status, JSON.stringify(second.records)).toBe('succeeded');
    expect(second.counts.deleted ?? 0).toBe(0);
    // Only the Sage feed's echo of the inactive mark, which the deleted link does not recreate.
    expect(second.records.filter((r) => r.zohoId === zohoId).map((r) => r.action)).toEqual([
      'skipped',
    ]);
  });

  it.each(['zoho.gone-found', 'none'] as const)(
    'a crash at %s before the policy is applied: the next run applies it, once',
    async (crashAt) => {
      await rig.configure('Accounts', 'both', {
        deletePolicy: 'mark_inactive',
        deleteBrakePercent: 100,
      });
      await rig.engine.run(rig.tenantId, 'Accounts');
      const abf = { ARDivisionNo: '01', CustomerNo: 'ABF' };
      const zohoId = String(rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')?.id);
      rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, {
        Billing_City: 'Joliet',
      });
      rig.advanceSage(60);
      const restore = deleteBeforeStamp(zohoId);
      let armed = crashAt !== 'none';
      rig.deps.onStep = (s) => {
        if (armed && s === crashAt) {
          armed = false;
          throw new Error(`crash at ${s}`);
        }
      };
      const first = await rig.engine.run(rig.tenantId, 'Accounts').catch(() => undefined);
      restore();
      rig.deps.onStep = undefined;
      expect(rig.company.get('AR_Customer', abf)?.City).toBe('Joliet');
      let deleted = first?.counts.deleted ?? 0;
      for (let i = 0; i < 2; i++) {
        rig.advanceSage(60);
        deleted += (await rig.engine.run(rig.tenantId, 'Accounts')).counts.deleted ?? 0;
      }
      expect(deleted).toBe(1);
      expect(rig.company.get('AR_Customer', abf)?.CustomerStatus).toBe('I');
    },
  );

  it('stops retrying a Zoho account deleted while its Sage customer was being created', async () => {
    await rig.configure('Accounts', 'both');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [{ Account_Name: 'Doomed Co' }]);
    const doomed = String(
      rig.zohoRecords('Accounts').find((r) => r.Account_Name === 'Doomed Co')?.id,
    );
    // A user deletes the account after Sage created the customer, before its key reached Zoho.
    const restore = deleteBeforeStamp(doomed);
    const first = await rig.engine.run(rig.tenantId, 'Accounts');
    // The create landed: that is the record's outcome, not a failure (nothing to retry).
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    expect(first.counts.failed).toBeUndefined();
    const customer = rig.company.list('AR_Customer').find((r) => r.CustomerName === 'Doomed Co');
    expect(customer).toBeDefined();
    restore();

    // The same run meets the link at the delete policy ("ignore": the customer is kept).
    const events = await rig.zoho.repos.events.query(rig.tenantId, { runId: first.runId });
    expect(events.filter((e) => e.zohoId === doomed).map((e) => [e.action, e.reason])).toEqual([
      ['created', expect.stringMatching(/^deleted in Zoho after its Sage write landed/)],
      [
        'skipped',
        expect.stringMatching(
          /^deleted in Zoho at .+; delete policy is "ignore", the Sage record is kept$/,
        ),
      ],
    ]);
    rig.advanceSage(120);
    const second = await rig.engine.run(rig.tenantId, 'Accounts');
    // The Sage feed's listing of the new customer meets the deleted link: it is not recreated.
    expect(second.records.filter((r) => r.zohoId === doomed)).toEqual([
      expect.objectContaining({
        action: 'skipped',
        reason: expect.stringMatching(/; not recreated$/),
      }),
    ]);
    // Nothing is owed a retry: no write to a Zoho id that is gone, run after run.
    rig.advanceSage(120);
    const third = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(third.status, JSON.stringify(third.records)).toBe('succeeded');
    expect(third.flags).not.toContain('failed_records_outstanding:1');
    expect(rig.zohoRecords('Accounts').some((r) => r.Account_Name === 'Doomed Co')).toBe(false);
  });

  it.each([
    ['mark_inactive', [{ Sage_Key: '01-ABF', Sage_Inactive: true }]],
    ['delete', []],
  ] as const)(
    'applies the %s policy to the Zoho account of a customer removed from Sage, once',
    async (policy, expected) => {
      await rig.configure('Accounts', 'sage_to_zoho', {
        deletePolicy: policy,
        deleteBrakePercent: 100,
      });
      await rig.engine.run(rig.tenantId, 'Accounts');
      expect(rig.zohoRecords('Accounts').map((r) => r.Sage_Key)).toEqual(['01-ABF']);
      rig.company.delete('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' });

      const report = await rig.engine.reconcile(rig.tenantId, 'Accounts');
      expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
      expect(report.counts.deleted).toBe(1);
      expect(rig.zohoRecords('Accounts')).toMatchObject(expected);
      const again = await rig.engine.reconcile(rig.tenantId, 'Accounts');
      expect(again.counts.deleted ?? 0).toBe(0);
    },
  );

  it('applies the brake to deletes seen by reconciliation, and repairs drift from a Sage bulk import', async () => {
    await rig.configure('Accounts', 'sage_to_zoho', { deletePolicy: 'mark_inactive' });
    await rig.configure('Products', 'sage_to_zoho');
    await rig.engine.run(rig.tenantId, 'Accounts');
    await rig.engine.run(rig.tenantId, 'Products');
    // Two hours later a new item moves the feed's watermark well past the old rows.
    rig.advanceSage(7200);
    rig.company.insert('CI_Item', {
      ItemCode: 'CH200',
      ItemType: '1',
      ItemCodeDesc: 'Chair',
      StandardUnitPrice: 90,
    });
    await rig.engine.run(rig.tenantId, 'Products');
    // A Visual Integrator import rewrites an item without touching DateUpdated/TimeUpdated.
    rig.company.bulkImport('CI_Item', [
      {
        ...rig.company.get('CI_Item', { ItemCode: 'D1001' })!,
        ItemCodeDesc: 'Standing desk',
        StandardUnitPrice: 450,
      },
    ]);
    rig.advanceSage(60);
    const incremental = await rig.engine.run(rig.tenantId, 'Products');
    expect(incremental.counts.updated ?? 0).toBe(0);
    const reconcile = await rig.engine.reconcile(rig.tenantId, 'Products');
    expect(reconcile.status).toBe('succeeded');
    expect(reconcile.counts).toMatchObject({ drift: 1, updated: 1 });
    expect(rig.zohoRecords('Products').find((r) => r.Sage_Key === 'D1001')).toMatchObject({
      Product_Name: 'Standing desk',
      Unit_Price: 450,
    });

    // The only customer disappears from Sage: 100% of linked records, over the 5% brake.
    rig.company.delete('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' });
    const braked = await rig.engine.reconcile(rig.tenantId, 'Accounts');
    expect(braked).toMatchObject({
      status: 'failed',
      reason:
        'delete brake: this run would remove 1 of 1 linked records (100%), more than the 5% allowed',
    });
  });
});
