import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * Every try of every write is in the record's event: the eBWS client retries a record lock, and
 * the audit shows the failed tries and the one that passed, each with what Sage answered.
 */
describeEngines('every write attempt in the audit (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts'); // links American Business Futures
    rig.advanceSage(60);
  });
  afterEach(() => rig.close());

  const abf = { ARDivisionNo: '01', CustomerNo: 'ABF' };
  const editInZoho = (city: string) => {
    const id = String(rig.zohoRecords('Accounts')[0]?.id);
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', id, { Billing_City: city });
  };
  const updateEvent = async (runId: string) =>
    (await rig.zoho.repos.events.query(rig.tenantId, { runId })).find(
      (e) => e.sageKey === '01-ABF',
    );

  it('shows a record lock retried until it passed: the failed try, then the one that landed', async () => {
    rig.sage.sim.faults.lockRecord('AR_Customer', abf, { attempts: 1 });
    editInZoho('Evanston');
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(rig.company.get('AR_Customer', abf)?.City).toBe('Evanston');
    const event = await updateEvent(report.runId);
    expect(event?.action).toBe('updated');
    const updates = event?.attempts.filter((a) => a.operation === 'UpdateCustomer');
    expect(updates).toEqual([
      expect.objectContaining({
        write: 'sage.update',
        try: 1,
        outcome: 'failed',
        error: expect.stringMatching(/in use/i),
      }),
      expect.objectContaining({ write: 'sage.update', try: 2, outcome: 'succeeded' }),
    ]);
    // Stamped by the rig's one clock, as the event is.
    expect(event?.attempts.map((a) => a.at)).toEqual(event?.attempts.map(() => event.createdAt));
    expect(event?.attempts.at(-1)).toMatchObject({ outcome: 'succeeded' });
  });

  it('shows every failed try of a write that never landed, and the record fails', async () => {
    rig.sage.sim.faults.lockRecord('AR_Customer', abf, { attempts: 10 });
    editInZoho('Skokie');
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    const event = await updateEvent(report.runId);
    expect(event?.action).toBe('failed');
    // The rig's eBWS client tries a write 3 times.
    expect(
      event?.attempts
        .filter((a) => a.operation === 'UpdateCustomer')
        .map((a) => [a.try, a.outcome]),
    ).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(event?.attempts.at(-1)).toMatchObject({ outcome: 'failed', write: 'sage.update' });
    expect(rig.company.get('AR_Customer', abf)?.City).not.toBe('Skokie');
  });
});

describeEngines('"Sync to Sage" with a parent Sage refuses (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
    await rig.configure('Contacts', 'both');
  });
  afterEach(() => rig.close());

  it("reports the parent's error for the contact, not that its account is not linked yet", async () => {
    const [accountId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: 'Fresh Start Co' },
    ]);
    const [contactId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Contacts', [
      { First_Name: 'Ada', Last_Name: 'Byron', Account_Name: { id: accountId } },
    ]);
    rig.sage.sim.faults.exception('CreateCustomer');
    const report = await rig.engine.syncRecord(rig.tenantId, 'Contacts', {
      side: 'zoho',
      id: contactId!,
    });
    // Nothing of the record run reached Sage (its parent failed, the contact waited on it): a
    // one-record run with no record written is failed, not partial (6574d56).
    expect(report.status).toBe('failed');
    expect(report.reason).toBe('InternalServiceFault: An exception occurred.');
    expect(report.records.map((r) => [r.zohoId, r.action, r.reason])).toEqual([
      [accountId, 'failed', 'InternalServiceFault: An exception occurred.'],
      [
        contactId,
        'skipped',
        `not synced: Accounts ${accountId} could not be synced first: InternalServiceFault: An exception occurred.`,
      ],
    ]);
    // The parent's event shows each try Sage refused.
    const [failed] = await rig.zoho.repos.events.query(rig.tenantId, {
      runId: report.runId,
      action: 'failed',
    });
    expect(
      failed?.attempts.filter((a) => a.operation === 'CreateCustomer').map((a) => a.outcome),
    ).toEqual(['failed', 'failed', 'failed']);
    expect(
      rig.company.list('AR_CustomerContact').filter((c) => c.ContactName === 'Ada Byron'),
    ).toEqual([]);
  });
});

describeEngines('every Zoho write attempt in the audit (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'sage_to_zoho');
  });
  afterEach(() => rig.close());

  it('shows the 5xx answers the Zoho client retried, then the upsert that landed', async () => {
    rig.zoho.sim.faults.add({ kind: 'status', status: 500, times: 2, path: '/Accounts/upsert' });
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    const [created] = await rig.zoho.repos.events.query(rig.tenantId, {
      runId: report.runId,
      action: 'created',
    });
    expect(created?.sageKey).toBe('01-ABF');
    expect(
      created?.attempts.map((a) => [a.write, a.operation, a.try, a.outcome, a.error ?? null]),
    ).toEqual([
      ['zoho.upsert', 'POST /crm/v8/Accounts/upsert', 1, 'failed', 'HTTP 500 INTERNAL_ERROR'],
      ['zoho.upsert', 'POST /crm/v8/Accounts/upsert', 2, 'failed', 'HTTP 500 INTERNAL_ERROR'],
      ['zoho.upsert', 'POST /crm/v8/Accounts/upsert', 3, 'succeeded', null],
    ]);
  });
});
