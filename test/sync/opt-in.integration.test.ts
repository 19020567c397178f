import { afterEach, beforeEach, expect, it } from 'vitest';
import { OptInFieldMissingError } from '../../server/sync/errors.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/** Per-record opt-in (ADR 0062) through eBWS, the agent and the Zoho simulator over HTTP. */
describeEngines('per-record opt-in (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  const account = (name: string) =>
    rig.zohoRecords('Accounts').find((r) => r.Account_Name === name);

  it('with opt-in on, only ticked accounts enter Sage; the rest are skipped with the reason', async () => {
    await rig.configure('Accounts', 'both', { optIn: true });
    const [tickedId, plainId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Ticked Tools', Billing_City: 'Austin', Sync_to_Sage: true },
      { Account_Name: 'Plain Paper', Billing_City: 'Dallas' },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');

    const names = rig.company.list('AR_Customer').map((c) => c.CustomerName);
    expect(names.sort()).toEqual(['American Business Futures', 'Ticked Tools']);
    expect(account('Ticked Tools')?.Sage_Key).toMatch(/^01-\d+$/);
    expect(account('Plain Paper')?.Sage_Key ?? null).toBeNull();
    const [skipped] = await rig.zoho.repos.events.query(rig.tenantId, {
      module: 'Accounts',
      zohoId: plainId,
    });
    expect(skipped).toMatchObject({
      action: 'skipped',
      reason:
        'not opted in: "Sync_to_Sage" is not ticked, and Accounts sends only ticked records to Sage',
    });
    // A customer that came from Sage arrives ticked: both sides show it opted in.
    const abf = rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF');
    expect(abf?.Sync_to_Sage).toBe(true);
    expect(tickedId).toBeDefined();
  });

  it('"Sync to Sage" sends an unticked account and ticks it', async () => {
    await rig.configure('Accounts', 'both', { optIn: true });
    const [id] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Button Brothers', Billing_City: 'Tulsa' },
    ]);
    const report = await rig.engine.syncRecord(rig.tenantId, 'Accounts', { side: 'zoho', id: id! });
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    const row = account('Button Brothers');
    expect(row).toMatchObject({ Sync_to_Sage: true });
    expect(row?.Sage_Key).toMatch(/^01-\d+$/);
    const [division, customerNo] = String(row?.Sage_Key).split('-');
    expect(
      rig.company.get('AR_Customer', { ARDivisionNo: division, CustomerNo: customerNo }),
    ).toMatchObject({ CustomerName: 'Button Brothers', City: 'Tulsa' });
  });

  it('with opt-in off every account flows, and those sent to Sage come back ticked', async () => {
    await rig.configure('Accounts', 'zoho_to_sage');
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Open Door Inc', Billing_City: 'Reno' },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(account('Open Door Inc')).toMatchObject({ Sync_to_Sage: true });
    expect(rig.company.list('AR_Customer').map((c) => c.CustomerName)).toContain('Open Door Inc');
  });

  it('a linked account keeps syncing when unticked: unticking never leaves the sides apart', async () => {
    await rig.configure('Accounts', 'both', { optIn: true });
    await rig.engine.run(rig.tenantId, 'Accounts');
    const abf = rig.zohoRecords('Accounts').find((r) => r.Sage_Key === '01-ABF')!;
    rig.advanceSage(60);
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', String(abf.id), {
      Sync_to_Sage: false,
      Billing_City: 'Evanston',
    });
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(rig.company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })).toMatchObject(
      {
        City: 'Evanston',
      },
    );
  });

  it('refuses to run when opt-in is on but the org lacks the checkbox', async () => {
    const fields = rig.zoho.sim.admin.fields(rig.tenant.orgId, 'Contacts');
    fields.splice(
      fields.findIndex((f) => f.api_name === 'Sync_to_Sage'),
      1,
    );
    await rig.configure('Accounts', 'both');
    await rig.configure('Contacts', 'both', { optIn: true });
    const report = await rig.engine.run(rig.tenantId, 'Contacts');
    expect(report.status).toBe('failed');
    expect(report.reason).toContain('opt-in is on for Contacts but Zoho');
    expect(new OptInFieldMissingError('Contacts', 'Sync_to_Sage').code).toBe(
      'opt_in_field_missing',
    );
  });
});
