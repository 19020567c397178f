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

  it('carries the hierarchy (a sub-account points at its main account) and the account type in words', async () => {
    const gl = (key: string, account: string, type: string, desc: string) =>
      rig.company.insert('GL_Account', {
        AccountKey: key,
        Account: account,
        AccountDesc: desc,
        AccountType: type,
        MainAccountCode: account.slice(0, 4),
        Status: 'A',
      });
    gl('000000011', '4000-01-00', '11', 'Sales - Furniture - East');
    gl('000000012', '6100-01-00', '13', 'Freight - East'); // no 6100-00-00 in this chart
    gl('000000013', '9000-00-00', '19', 'Suspense'); // a type the company added itself
    // One page: the sub-account and its main account arrive together, as on a first sync.
    const first = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    const byKey = (key: string) => rig.zohoRecords('GL_Accounts').find((r) => r.Sage_Key === key);
    const main = byKey('000000010');
    expect(main).toMatchObject({ Account_Type: 'Net Revenue', Main_Account_Code: '4000' });
    expect(main?.Parent_Account ?? null).toBeNull();
    expect(byKey('000000011')).toMatchObject({
      Name: '4000-01-00',
      Account_Type: 'Net Revenue',
      Parent_Account: expect.objectContaining({ id: String(main?.id) }),
    });
    expect(byKey('000000012')).toMatchObject({ Account_Type: 'Operating Expenses' });
    expect(byKey('000000012')?.Parent_Account ?? null).toBeNull();
    // An unknown type is not guessed: the account is in the chart without one, its event names it.
    expect(byKey('000000013')).toMatchObject({ Name: '9000-00-00', Description: 'Suspense' });
    expect(byKey('000000013')?.Account_Type ?? null).toBeNull();
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    const [suspense] = await rig.zoho.repos.events.query(rig.tenantId, {
      module: 'GL_Accounts',
      sageKey: '000000013',
    });
    expect(suspense).toMatchObject({
      action: 'created',
      reason: 'Account_Type ↔ AccountType: no translation for "19", left as it is',
    });

    // A sub-account added later finds its main account in Zoho (it is not in the page).
    rig.advanceSage(120);
    gl('000000014', '4000-02-00', '11', 'Sales - Furniture - West');
    const later = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    expect(later.records.filter((r) => r.sageKey === '000000014')).toEqual([]);
    expect(byKey('000000014')).toMatchObject({
      Parent_Account: expect.objectContaining({ id: String(main?.id) }),
    });
  });
});
