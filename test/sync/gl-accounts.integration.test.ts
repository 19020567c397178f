import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

const READ_ONLY = 'GL accounts are read-only in Zoho; Sage is the source';

/**
 * GL accounts are Sage's reference data (catalog `zohoReadOnly`): through the agent and the Zoho
 * simulator over HTTP, a Zoho user's edit is put back to Sage's values on the next run, with an
 * audit event saying why, and nothing is ever written to Sage.
 */
describeEngines('GL accounts, read-only in Zoho (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    rig.company.insert('GL_Account', {
      AccountKey: '000000010',
      Account: '4000-00-00',
      AccountDesc: 'Sales - Furniture',
      AccountType: '11',
      MainAccountCode: '4000',
      Status: 'A',
    });
    await rig.configure('GL_Accounts', 'sage_to_zoho');
  });
  afterEach(() => rig.close());

  const glRecord = () => rig.zohoRecords('GL_Accounts').find((r) => r.Sage_Key === '000000010');

  it('a Zoho edit of a synced GL account is reverted to Sage, and a rerun writes nothing', async () => {
    const first = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    const id = String(glRecord()?.id);
    rig.zoho.sim.admin.advanceClock(60_000);
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'GL_Accounts', id, { Name: '4000-EDITED' });

    const crmWritesBefore = rig.writes.crm.length;
    const second = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    expect(second.status, JSON.stringify(second.records)).toBe('succeeded');
    expect(glRecord()).toMatchObject({ id, Name: '4000-00-00' });
    expect(rig.writes.crm.slice(crmWritesBefore)).toEqual([
      { op: 'upsert', module: 'GL_Accounts' },
    ]);
    expect(rig.writes.sage).toEqual([]);
    const [event] = await rig.zoho.repos.events.query(rig.tenantId, {
      module: 'GL_Accounts',
      zohoId: id,
      action: 'updated',
    });
    expect(event).toMatchObject({
      direction: 'sage_to_zoho',
      reason: `reverted a Zoho edit of Name to Sage's values: ${READ_ONLY}`,
      changes: [{ field: 'zoho.Name', before: '4000-EDITED', after: '4000-00-00' }],
    });

    // Our own write comes back from Zoho as an echo: nothing is written again.
    const crmWritesAfter = rig.writes.crm.length;
    const third = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    expect(third.status).toBe('succeeded');
    expect(rig.writes.crm.length).toBe(crmWritesAfter);
    expect(rig.writes.sage).toEqual([]);
  });

  it('a GL account created in Zoho is never sent to Sage, and the event says why', async () => {
    await rig.engine.run(rig.tenantId, 'GL_Accounts');
    rig.zoho.sim.admin.advanceClock(60_000);
    const [id] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'GL_Accounts', [
      { Name: '9999-00-00' },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    expect(report.status).toBe('succeeded');
    expect(rig.writes.sage).toEqual([]);
    expect(rig.company.count('GL_Account')).toBe(1);
    const [event] = await rig.zoho.repos.events.query(rig.tenantId, {
      module: 'GL_Accounts',
      zohoId: id,
    });
    expect(event).toMatchObject({
      action: 'skipped',
      reason: `${READ_ONLY}: a record created in Zoho is not sent to Sage`,
    });
  });
});
