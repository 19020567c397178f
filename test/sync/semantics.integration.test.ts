import { afterEach, beforeEach, expect, it } from 'vitest';
import { SYNC_STEPS } from '../../server/sync/run/deps.js';
import { CrashError } from '../../server/sync/testing/crash.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

describeEngines('sync semantics over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  const zohoAccount = (name: string) =>
    rig.zohoRecords('Accounts').find((r) => r.Account_Name === name);

  it('syncs only the flow asked for: Zoho → Sage leaves Sage customers out of Zoho', async () => {
    await rig.configure('Accounts', 'zoho_to_sage');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Only In Zoho' },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'succeeded', direction: 'zoho_to_sage' });
    expect(
      rig.company
        .list('AR_Customer')
        .map((r) => r.CustomerName)
        .sort(),
    ).toEqual(['American Business Futures', 'Only In Zoho']);
    expect(rig.zohoRecords('Accounts')).toHaveLength(1);
  });

  it('syncs only the flow asked for: Sage → Zoho leaves Zoho accounts out of Sage', async () => {
    await rig.configure('Accounts', 'sage_to_zoho');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Only In Zoho' },
    ]);
    await rig.engine.run(rig.tenantId, 'Accounts');
    expect(rig.company.count('AR_Customer')).toBe(1);
    expect(rig.zohoRecords('Accounts')).toHaveLength(2);
  });

  it('puts a field both sides changed within the tolerance in the review list, then applies the choice', async () => {
    await rig.configure('Accounts', 'both', { conflictToleranceSeconds: 86_400 });
    await rig.engine.run(rig.tenantId, 'Accounts');
    const zohoId = String(rig.zohoRecords('Accounts')[0]?.id);
    rig.advanceSage(60);
    rig.company.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF' },
      { City: 'Evanston' },
    );
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', zohoId, { Billing_City: 'Skokie' });
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    const [conflict] = await rig.zoho.repos.conflicts.listOpen(rig.tenantId, 'Accounts');
    expect(conflict?.fields).toEqual([
      { field: 'Billing_City ↔ City', zohoValue: 'Skokie', sageValue: 'Evanston' },
    ]);
    await rig.engine.resolveConflict(rig.tenantId, conflict!.id, 'sage');
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Accounts', zohoId)?.Billing_City).toBe(
      'Evanston',
    );
    expect(await rig.zoho.repos.conflicts.listOpen(rig.tenantId, 'Accounts')).toEqual([]);
  });

  it('"Sync to Sage" on a Zoho contact brings its new account along first', async () => {
    await rig.configure('Accounts', 'both');
    await rig.configure('Contacts', 'both');
    const [accountId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Fresh Start Co' },
    ]);
    const [contactId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Contacts', [
      { First_Name: 'Ada', Last_Name: 'Byron', Account_Name: { id: accountId } },
    ]);
    const report = await rig.engine.syncRecord(rig.tenantId, 'Contacts', {
      side: 'zoho',
      id: contactId!,
    });
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(report.records.map((r) => [r.action, r.zohoId])).toEqual([
      ['created', accountId],
      ['created', contactId],
    ]);
    const account = rig.company
      .list('AR_Customer')
      .find((r) => r.CustomerName === 'Fresh Start Co');
    expect(rig.company.list('AR_CustomerContact', { CustomerNo: account!.CustomerNo! })).toEqual([
      expect.objectContaining({ ContactName: 'Ada Byron', ARDivisionNo: '01' }),
    ]);
  });

  it('replays a write Zoho refused with 500s once Zoho is back', async () => {
    await rig.configure('Accounts', 'sage_to_zoho');
    rig.zoho.sim.faults.add({ kind: 'status', status: 500, times: 50, path: '/Accounts/upsert' });
    const first = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(first.status).toBe('partial');
    const [failed] = await rig.zoho.repos.events.query(rig.tenantId, {
      runId: first.runId,
      action: 'failed',
    });
    expect(failed?.reason).toMatch(/500|unavailable/i);
    rig.zoho.sim.faults.clear();
    const replay = await rig.engine.replayEvent(rig.tenantId, failed!.id);
    expect(replay.status).toBe('succeeded');
    expect(rig.zohoRecords('Accounts')).toEqual([expect.objectContaining({ Sage_Key: '01-ABF' })]);
  });

  it.each(SYNC_STEPS)('a Zoho account created in Sage survives a crash after %s', async (step) => {
    await rig.configure('Accounts', 'both');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Crash Test Dummies' },
    ]);
    let armed = true;
    rig.deps.onStep = (s) => {
      if (armed && s === step) {
        armed = false;
        throw new CrashError(`crash at ${s}`);
      }
    };
    await rig.engine.run(rig.tenantId, 'Accounts').catch(() => undefined);
    rig.advanceSage(60);
    await rig.engine.run(rig.tenantId, 'Accounts');
    rig.advanceSage(60);
    await rig.engine.run(rig.tenantId, 'Accounts');
    expect(
      rig.company.list('AR_Customer').filter((r) => r.CustomerName === 'Crash Test Dummies'),
    ).toHaveLength(1);
    expect(rig.zohoRecords('Accounts')).toHaveLength(2);
    const dummy = zohoAccount('Crash Test Dummies');
    const [division, customerNo] = String(dummy?.Sage_Key).split('-');
    expect(
      rig.company.get('AR_Customer', { ARDivisionNo: division, CustomerNo: customerNo })
        ?.CustomerName,
    ).toBe('Crash Test Dummies');
  });
});
