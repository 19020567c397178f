import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * A customer deleted in Sage (which keeps no deleted log) whose Zoho account changes: the run
 * that meets the pair with its Sage side gone applies the delete policy then, with the brake,
 * instead of skipping the account on every run until the daily reconcile.
 */
describeEngines('a linked Sage record found gone by a run (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  const abf = { ARDivisionNo: '01', CustomerNo: 'ABF' };
  const GONE_REASON =
    "the linked Sage record no longer exists: the module's delete policy applies in this run " +
    '(its own event), unless the delete brake stops the run';

  async function linkThenDeleteInSage(brake = 100): Promise<string> {
    await rig.configure('Accounts', 'both', {
      deletePolicy: 'mark_inactive',
      deleteBrakePercent: brake,
    });
    await rig.engine.run(rig.tenantId, 'Accounts');
    const zohoId = String(rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')?.id);
    rig.company.delete('AR_Customer', abf);
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, { Billing_City: 'Joliet' });
    rig.advanceSage(60);
    return zohoId;
  }

  const zohoAccount = (zohoId: string) => rig.zohoRecords('Accounts').find((r) => r.id === zohoId);

  it('applies the delete policy in the run that finds it, once', async () => {
    const zohoId = await linkThenDeleteInSage();
    const first = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(first.status, JSON.stringify([first.records, first.counts])).toBe('succeeded');
    expect(first.counts.deleted).toBe(1);
    expect(zohoAccount(zohoId)).toMatchObject({ Sage_Inactive: true });
    const events = await rig.zoho.repos.events.query(rig.tenantId, { runId: first.runId });
    expect(events.filter((e) => e.zohoId === zohoId).map((e) => [e.action, e.reason])).toEqual([
      ['skipped', GONE_REASON],
      ['deleted', expect.stringMatching(/^deleted in Sage at /)],
    ]);
    const link = (await rig.zoho.repos.links.list(rig.tenantId, 'Accounts')).find(
      (l) => l.zohoId === zohoId,
    );
    expect(link?.state).toBe('deleted');

    // The next Zoho edit meets a deleted link; the reconcile finds nothing left to delete.
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, { Billing_City: 'Aurora' });
    rig.advanceSage(60);
    const second = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(second.counts.deleted ?? 0).toBe(0);
    expect(second.records.filter((r) => r.zohoId === zohoId)).toEqual([
      expect.objectContaining({
        action: 'skipped',
        reason: expect.stringMatching(/not recreated$/),
      }),
    ]);
    const reconcile = await rig.engine.reconcile(rig.tenantId, 'Accounts');
    expect(reconcile.counts.deleted ?? 0).toBe(0);
    expect(rig.company.get('AR_Customer', abf)).toBeUndefined();
  });

  it('stops at the delete brake like any deletion', async () => {
    const zohoId = await linkThenDeleteInSage(5);
    const run = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(run).toMatchObject({
      status: 'failed',
      reason:
        'delete brake: this run would remove 1 of 1 linked records (100%), more than the 5% allowed',
    });
    expect(zohoAccount(zohoId)?.Sage_Inactive).not.toBe(true);
    // The record's event says the brake may stop the policy, and it did; nothing was removed.
    const events = await rig.zoho.repos.events.query(rig.tenantId, { runId: run.runId });
    expect(events.filter((e) => e.zohoId === zohoId).map((e) => [e.action, e.reason])).toEqual([
      ['skipped', GONE_REASON],
    ]);
    const link = (await rig.zoho.repos.links.list(rig.tenantId, 'Accounts')).find(
      (l) => l.zohoId === zohoId,
    );
    expect(link?.state).toBe('linked');
  });

  it.each(['sage.gone-found', 'none'] as const)(
    'a crash at %s: a later run or the reconcile applies it, once',
    async (crashAt) => {
      const zohoId = await linkThenDeleteInSage();
      let armed = crashAt !== 'none';
      rig.deps.onStep = (s) => {
        if (armed && s === crashAt) {
          armed = false;
          throw new Error(`crash at ${s}`);
        }
      };
      const first = await rig.engine.run(rig.tenantId, 'Accounts').catch(() => undefined);
      rig.deps.onStep = undefined;
      let deleted = first?.counts.deleted ?? 0;
      rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, {
        Billing_City: 'Elgin',
      });
      rig.advanceSage(60);
      deleted += (await rig.engine.run(rig.tenantId, 'Accounts')).counts.deleted ?? 0;
      deleted += (await rig.engine.reconcile(rig.tenantId, 'Accounts')).counts.deleted ?? 0;
      expect(deleted).toBe(1);
      expect(zohoAccount(zohoId)).toMatchObject({ Sage_Inactive: true });
    },
  );
});
