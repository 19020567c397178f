import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/** A two-way module whose records did not change: the run reads no record's details. */
describeEngines('quiet runs over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
    // One settling cycle: the first run's own Zoho writes come back once as echoes.
    rig.advanceSage(60);
    await rig.engine.run(rig.tenantId, 'Accounts');
  });
  afterEach(() => rig.close());

  const calls = () => ({
    zoho: rig.zoho.sim.admin.stats(rig.tenant.orgId).calls,
    agent: rig.agent.calls,
  });

  it('drops what the Zoho cursor already delivered at its own instant: no record is re-read', async () => {
    rig.advanceSage(60);
    const before = calls();
    const quiet = await rig.engine.run(rig.tenantId, 'Accounts');
    const after = calls();
    expect(quiet.status).toBe('succeeded');
    expect(quiet.counts).toEqual({ read_sage: 0, read_zoho: 0 });
    // Sage: one feed page. Zoho: the modified-since listing and the deleted log.
    expect(after.agent - before.agent).toBe(1);
    expect(after.zoho - before.zoho).toBe(2);
  });

  it('still delivers a record edited again within the cursor second', async () => {
    const account = rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')!;
    // The clock stands still: the edit carries the very Modified_Time the cursor holds.
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', String(account.id), {
      Website: 'https://same-second.example',
    });
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.counts).toMatchObject({ read_zoho: 1, updated: 1 });
    expect(rig.company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })).toMatchObject(
      {
        URLAddress: 'https://same-second.example',
      },
    );
  });
});
