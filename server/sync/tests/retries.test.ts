import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from '../../../test/db.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (no: string) => ({ ARDivisionNo: '01', CustomerNo: no, CustomerName: `C ${no}` });

describe.each(testEngines())('failed records are retried (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'sage_to_zoho');
  });
  afterEach(() => h.close());

  it('retries a failed record with backoff until it lands; no run says succeeded meanwhile', async () => {
    h.sage.seed('Accounts', customer('A'));
    h.sage.seed('Accounts', customer('B'));
    h.crm.store.failNext('upsert', 'RECORD_LOCKED', 'the record is locked', true);
    const first = await h.engine.run(h.tenantId, 'Accounts');
    expect(first).toMatchObject({ status: 'partial', counts: { created: 1, failed: 1 } });
    const [held] = await h.repos.pendingRecords.list(h.tenantId, 'Accounts', 'sage');
    expect(held).toMatchObject({ id: '01-A', kind: 'retry', attempts: 1 });

    // The cursor moved past A; before its retry is due a run reads nothing, and says so.
    const early = await h.engine.run(h.tenantId, 'Accounts');
    expect(early).toMatchObject({
      status: 'partial',
      reason: '1 failed records not synced yet: 1 will be retried',
      flags: ['failed_records_outstanding:1'],
    });
    expect(early.counts.retried).toBeUndefined();
    expect(h.crm.byKey('Accounts', '01-A')).toBeUndefined();

    h.clock.tick(61);
    const later = await h.engine.run(h.tenantId, 'Accounts');
    expect(later).toMatchObject({ status: 'succeeded', counts: { retried: 1, created: 1 } });
    expect(h.crm.byKey('Accounts', '01-A')?.fields.Account_Name).toBe('C A');
    expect(await h.repos.pendingRecords.list(h.tenantId, 'Accounts', 'sage')).toEqual([]);
  });

  it('a record owed a retry that also changed since is planned and written once per run', async () => {
    h.sage.seed('Accounts', customer('A'));
    h.crm.store.failNext('upsert', 'RECORD_LOCKED', 'the record is locked', true);
    await h.engine.run(h.tenantId, 'Accounts');
    h.clock.tick(61);
    // Edited after its failure: the feed lists it as well as the retry list.
    h.sage.edit('Accounts', '01-A', { CustomerName: 'C A edited' });
    h.crm.store.failNext('upsert', 'RECORD_LOCKED', 'the record is locked', true);
    const calls = h.crm.upsertCalls.length;
    const again = await h.engine.run(h.tenantId, 'Accounts');
    // One write for the record, which failed: not a second one from its feed entry.
    expect(h.crm.upsertCalls.length - calls).toBe(1);
    expect(again.counts.created).toBeUndefined();
    expect(again).toMatchObject({
      status: 'partial',
      counts: { retried: 1, failed: 1 },
      reason: '1 failed, 0 in review, 0 skipped',
    });
    expect(again.records.map((r) => `${r.sageKey} ${r.action}`)).toEqual(['01-A failed']);
    h.clock.tick(130);
    h.sage.edit('Accounts', '01-A', { CustomerName: 'C A again' });
    const landed = await h.engine.run(h.tenantId, 'Accounts');
    expect(landed).toMatchObject({ status: 'succeeded', counts: { retried: 1, created: 1 } });
    expect(landed.counts.unchanged ?? 0).toBe(0);
    expect(h.crm.byKey('Accounts', '01-A')?.fields.Account_Name).toBe('C A again');
  });

  it('doubles the wait per failed try and stops at the attempt limit, still outstanding', async () => {
    h.deps.retry = { attemptLimit: 3, firstDelaySeconds: 60 };
    h.sage.seed('Accounts', customer('A'));
    const refuse = () => h.crm.store.failNext('upsert', 'INVALID_DATA', 'invalid data', false);
    refuse();
    await h.engine.run(h.tenantId, 'Accounts');
    const waits: number[] = [];
    for (let i = 0; i < 2; i++) {
      const [held] = await h.repos.pendingRecords.list(h.tenantId, 'Accounts', 'sage');
      waits.push((Date.parse(held!.nextAttemptAt!) - h.clock.now().getTime()) / 1000);
      h.clock.tick(Math.ceil(waits.at(-1)!) + 1);
      refuse();
      await h.engine.run(h.tenantId, 'Accounts');
    }
    // 60 s after the first failure, 120 s after the second (each measured just after the run).
    expect(waits.map((w) => Math.round(w / 10) * 10)).toEqual([60, 120]);
    const [held] = await h.repos.pendingRecords.list(h.tenantId, 'Accounts', 'sage');
    expect(held).toMatchObject({
      kind: 'retry',
      attempts: 3,
      reason: 'INVALID_DATA: invalid data',
    });
    h.clock.tick(86_400);
    const quiet = await h.engine.run(h.tenantId, 'Accounts');
    expect(quiet).toMatchObject({
      status: 'partial',
      reason: '1 failed records not synced yet: 1 reached the attempt limit (replay them)',
    });
    expect(quiet.counts.retried).toBeUndefined();
    expect(await h.repos.pendingRecords.countRetries(h.tenantId, 'Accounts', 3)).toEqual({
      waiting: 0,
      exhausted: 1,
    });
    // A replay that lands clears it, and the module is caught up again.
    const [failed] = await h.repos.events.query(h.tenantId, {
      action: 'failed',
      newestFirst: true,
    });
    const replay = await h.engine.replayEvent(h.tenantId, failed!.id);
    expect(replay.status).toBe('succeeded');
    expect((await h.engine.run(h.tenantId, 'Accounts')).status).toBe('succeeded');
  });
});

describe.each(testEngines())("a run's options never change saved settings (%s)", (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
  });
  afterEach(() => h.close());

  it('a first run narrowed to Sage → Zoho leaves the module two-way (initial match included)', async () => {
    await h.configure('Accounts', 'both', { initialMatchDone: false });
    h.sage.seed('Accounts', customer('A'));
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report).toMatchObject({ status: 'succeeded', direction: 'sage_to_zoho' });
    expect(await h.repos.moduleSettings.get(h.tenantId, 'Accounts')).toMatchObject({
      direction: 'both',
      initialMatchDone: true,
    });
    // And Zoho's edits still reach Sage on the next regular run.
    const zohoId = h.crm.byKey('Accounts', '01-A')!.id;
    h.crm.edit('Accounts', zohoId, { Account_Name: 'C A renamed' });
    const next = await h.engine.run(h.tenantId, 'Accounts');
    expect(next.direction).toBe('both');
    expect(h.sage.store.read('Accounts', '01-A')?.fields.CustomerName).toBe('C A renamed');
  });

  it('a manual run narrowed from both does not change the module for good', async () => {
    await h.configure('Accounts', 'both');
    await h.engine.runMany(h.tenantId, ['Accounts'], { direction: 'zoho_to_sage' });
    expect((await h.repos.moduleSettings.get(h.tenantId, 'Accounts'))?.direction).toBe('both');
  });
});
