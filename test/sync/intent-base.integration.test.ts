import { afterEach, beforeEach, expect, it } from 'vitest';
import { CrashError } from '../../server/sync/testing/crash.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * A crash right after a Sage create: the rerun finds the intent and Sage's new customer, and
 * completes the link from the intent's base (the values the product wrote), instead of taking
 * its own formatted write for an edit made in Sage and sending the pair to review.
 */
describeEngines('a crash right after a Sage create (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
  });
  afterEach(() => rig.close());

  it('completes the link on the rerun: no conflict, the key in Zoho, one customer', async () => {
    const [zohoId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Crash Phone Co', Phone: '312.555.0100', Billing_City: 'Chicago' },
    ]);
    let armed = true;
    rig.deps.onStep = (s) => {
      if (armed && s === 'sage.written') {
        armed = false;
        throw new CrashError('crash at sage.written');
      }
    };
    await expect(rig.engine.run(rig.tenantId, 'Accounts')).rejects.toThrow('crash at sage.written');
    const created = rig.company
      .list('AR_Customer')
      .filter((r) => r.CustomerName === 'Crash Phone Co');
    expect(created).toHaveLength(1);
    // The product formats the phone for Sage: the two sides differ by design, not by an edit.
    expect(created[0]?.TelephoneNo).not.toBe('312.555.0100');

    rig.advanceSage(60);
    const rerun = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(rerun.status, JSON.stringify(rerun.records)).toBe('succeeded');
    expect(await rig.zoho.repos.conflicts.listOpen(rig.tenantId, 'Accounts')).toEqual([]);
    const key = `${created[0]?.ARDivisionNo}-${created[0]?.CustomerNo}`;
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Accounts', zohoId!)).toMatchObject({
      Sage_Key: key,
      Phone: '312.555.0100',
    });
    expect(
      rig.company.list('AR_Customer').filter((r) => r.CustomerName === 'Crash Phone Co'),
    ).toHaveLength(1);
    expect(await rig.zoho.repos.links.findBySageKey(rig.tenantId, 'Accounts', key)).toMatchObject({
      state: 'linked',
      zohoId,
    });

    // And the pair stays quiet afterwards.
    rig.advanceSage(60);
    const writes = rig.writes.sage.length + rig.writes.crm.length;
    const quiet = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(quiet.status).toBe('succeeded');
    expect(rig.writes.sage.length + rig.writes.crm.length).toBe(writes);
  });
});
