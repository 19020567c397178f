import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

describeEngines('reconciliation and replay (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
  });
  afterEach(() => h.close());

  it('repairs drift that moved no timestamp (a Sage bulk import) and counts it', async () => {
    for (const no of ['A', 'B', 'C']) {
      h.sage.seed('Accounts', {
        ARDivisionNo: '01',
        CustomerNo: no,
        CustomerName: `Customer ${no}`,
      });
    }
    await h.engine.run(h.tenantId, 'Accounts');
    h.sage.store.putSilently('Accounts', '01-B', { CustomerName: 'Imported Name' });
    const incremental = await h.engine.run(h.tenantId, 'Accounts');
    expect(incremental.counts.updated ?? 0).toBe(0);
    expect(h.crm.byKey('Accounts', '01-B')?.fields.Account_Name).toBe('Customer B');

    const report = await h.engine.reconcile(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(report.counts).toMatchObject({ drift: 1, updated: 1 });
    expect(h.crm.byKey('Accounts', '01-B')?.fields.Account_Name).toBe('Imported Name');
    const again = await h.engine.reconcile(h.tenantId, 'Accounts');
    expect(again.counts.drift).toBe(0);
  });

  it('creates what one side lacks when reconciling', async () => {
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'A', CustomerName: 'Customer A' });
    await h.engine.run(h.tenantId, 'Accounts');
    h.sage.store.putSilently('Accounts', '01-A', {});
    h.sage.store.table('Accounts').set('01-Z', {
      fields: { ARDivisionNo: '01', CustomerNo: 'Z', CustomerName: 'Zed' },
      version: h.clock.tick(),
      seq: 0,
    });
    const report = await h.engine.reconcile(h.tenantId, 'Accounts');
    expect(report.counts.created).toBe(1);
    expect(h.crm.byKey('Accounts', '01-Z')?.fields.Account_Name).toBe('Zed');
  });

  it('replays a failed event once, idempotently', async () => {
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'A', CustomerName: 'Customer A' });
    h.crm.store.failNext('upsert', 'INTERNAL_ERROR', 'Internal Server Error', true);
    const first = await h.engine.run(h.tenantId, 'Accounts');
    expect(first.status).toBe('partial');
    const [failed] = await h.repos.events.query(h.tenantId, {
      runId: first.runId,
      action: 'failed',
    });
    expect(failed).toBeDefined();

    const replay = await h.engine.replayEvent(h.tenantId, failed!.id);
    expect(replay).toMatchObject({ kind: 'replay', status: 'succeeded' });
    const [event] = await h.repos.events.query(h.tenantId, { runId: replay.runId });
    expect(event).toMatchObject({ action: 'created', replayOf: failed!.id, attempt: 2 });
    expect(h.crm.store.all('Accounts')).toHaveLength(1);

    const writes = h.crm.store.writes.length;
    const again = await h.engine.replayEvent(h.tenantId, failed!.id);
    expect(again.status).toBe('succeeded');
    expect(h.crm.store.writes.length).toBe(writes);
    expect(h.crm.store.all('Accounts')).toHaveLength(1);
  });

  it('replays every failure of a run, and of a time range', async () => {
    for (const no of ['A', 'B', 'C']) {
      h.sage.seed('Accounts', {
        ARDivisionNo: '01',
        CustomerNo: no,
        CustomerName: `Customer ${no}`,
      });
    }
    h.crm.store.failNext('upsert', 'INTERNAL_ERROR', 'boom', true);
    h.crm.store.failNext('upsert', 'INTERNAL_ERROR', 'boom', true);
    const first = await h.engine.run(h.tenantId, 'Accounts');
    expect(first.counts.failed).toBe(2);
    const [report] = await h.engine.replayRun(h.tenantId, first.runId);
    expect(report?.counts.created).toBe(2);
    expect(h.crm.store.all('Accounts')).toHaveLength(3);

    const ranged = await h.engine.replayRange(h.tenantId, {
      from: '2000-01-01T00:00:00.000Z',
      to: '2999-01-01T00:00:00.000Z',
    });
    expect(ranged.flatMap((r) => r.records.map((e) => e.action))).toEqual([
      'unchanged',
      'unchanged',
    ]);
  });

  it('refuses to replay a dry run', async () => {
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'A', CustomerName: 'Customer A' });
    const dry = await h.engine.dryRun(h.tenantId, 'Accounts');
    await expect(h.engine.replayRun(h.tenantId, dry.runId)).rejects.toMatchObject({
      code: 'dry_run',
    });
    await expect(h.engine.replayEvent(h.tenantId, 999_999)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
