import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from '../../../test/db.js';
import { RUN_TRANSITIONS } from '../model/index.js';
import { DEFAULT_STALE_AFTER_MS, RunStateError } from '../run/lifecycle.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (no: string) => ({ ARDivisionNo: '01', CustomerNo: no, CustomerName: `C ${no}` });

describe.each(testEngines())('one run lifecycle (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
  });
  afterEach(() => h.close());

  it('records a failed run when the module cannot even be loaded (Zoho field list, token limit)', async () => {
    h.crm.fieldNames = async () => {
      throw new Error('Zoho token limit: 10 access tokens in 10 minutes');
    };
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({
      status: 'failed',
      reason: 'Zoho token limit: 10 access tokens in 10 minutes',
      kind: 'incremental',
    });
    const [run] = await h.repos.runs.listRecent(h.tenantId);
    expect(run).toMatchObject({
      id: report.runId,
      status: 'failed',
      reason: 'Zoho token limit: 10 access tokens in 10 minutes',
    });
    expect(run?.finishedAt).toBe(h.clock.now().toISOString());
  });

  it('records the failure of a per-record run and of a reconciliation the same way', async () => {
    h.crm.fieldNames = async () => {
      throw new Error('Zoho is unavailable (503)');
    };
    const record = await h.engine.syncRecord(h.tenantId, 'Accounts', { side: 'sage', id: '01-A' });
    const reconcile = await h.engine.reconcile(h.tenantId, 'Accounts');
    for (const r of [record, reconcile]) {
      expect(r).toMatchObject({ status: 'failed', reason: 'Zoho is unavailable (503)' });
      expect((await h.repos.runs.get(h.tenantId, r.runId))?.status).toBe('failed');
    }
    expect([record.kind, reconcile.kind]).toEqual(['record', 'reconcile']);
  });

  it("keeps the other modules' reports when one module of a manual run fails", async () => {
    await h.configure('Products', 'sage_to_zoho');
    h.sage.seed('Accounts', customer('A'));
    h.sage.seed('Products', { ItemCode: 'W-1', ItemCodeDesc: 'Widget', ItemType: '1' });
    const fieldNames = async (module: string) => {
      if (module === 'Products') throw new Error('Zoho refused the Products field list');
      return undefined;
    };
    h.crm.fieldNames = fieldNames;
    const reports = await h.engine.runMany(h.tenantId, ['Products', 'Accounts'], {
      direction: 'sage_to_zoho',
    });
    expect(reports.map((r) => [r.module, r.status, r.reason])).toEqual([
      ['Products', 'failed', 'Zoho refused the Products field list'],
      ['Accounts', 'succeeded', undefined],
    ]);
    expect(reports[1]?.counts).toMatchObject({ created: 1 });
  });

  it('refuses a disabled module before any run starts, recording none', async () => {
    await expect(
      h.engine.runMany(h.tenantId, ['Accounts', 'Vendors'], { direction: 'sage_to_zoho' }),
    ).rejects.toMatchObject({ code: 'module_disabled' });
    expect(await h.repos.runs.listRecent(h.tenantId)).toEqual([]);
  });

  it('sweeps a run whose process died, marking it failed with the reason', async () => {
    h.sage.seed('Accounts', customer('A'));
    h.crashAt('sage.written');
    h.crashAt('zoho.written');
    await expect(h.engine.run(h.tenantId, 'Accounts')).rejects.toThrow('crash injected');
    const [killed] = await h.repos.runs.listRecent(h.tenantId);
    expect(killed?.status).toBe('running');
    // Still beating as far as anyone knows: a run started a minute later leaves it alone.
    h.clock.tick(60);
    await h.engine.run(h.tenantId, 'Accounts');
    expect((await h.repos.runs.get(h.tenantId, killed!.id))?.status).toBe('running');
    h.clock.tick(DEFAULT_STALE_AFTER_MS / 1000);
    const swept = await h.engine.sweepStaleRuns(h.tenantId);
    expect(swept.map((r) => r.id)).toEqual([killed!.id]);
    const after = await h.repos.runs.get(h.tenantId, killed!.id);
    expect(after).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^no heartbeat since .*: the process running it stopped/),
      finishedAt: h.clock.now().toISOString(),
    });
    expect(await h.engine.sweepStaleRuns(h.tenantId)).toEqual([]);
  });

  it('beats while it works: each page stores the counts so far and a heartbeat', async () => {
    for (const no of ['A', 'B', 'C', 'D', 'E']) h.sage.seed('Accounts', customer(no));
    h.deps.pageSize = 2;
    const beats: Array<{ at: string; counts: Record<string, number> }> = [];
    const progress = h.repos.runs.progress.bind(h.repos.runs);
    h.repos.runs.progress = async (tenantId, id, counts, p, at) => {
      beats.push({ at: at ?? '', counts: { ...counts } });
      return progress(tenantId, id, counts, p, at);
    };
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.status).toBe('succeeded');
    expect(beats.map((b) => b.counts.created ?? 0)).toEqual([2, 4, 5]);
    const run = await h.repos.runs.get(h.tenantId, report.runId);
    expect(run?.heartbeatAt).toBe(beats.at(-1)?.at);
    expect(run!.heartbeatAt! > run!.startedAt).toBe(true);
  });

  it('checks every transition: a finished run never changes again', async () => {
    expect(RUN_TRANSITIONS.running).toEqual(['succeeded', 'partial', 'failed', 'cancelled']);
    expect(RUN_TRANSITIONS.failed).toEqual([]);
    const report = await h.engine.run(h.tenantId, 'Accounts');
    const again = await h.repos.runs.finish(
      h.tenantId,
      report.runId,
      { status: 'failed', counts: {}, flags: [], reason: 'late' },
      h.clock.now().toISOString(),
    );
    expect(again).toBe(false);
    expect(await h.repos.runs.get(h.tenantId, report.runId)).toMatchObject({
      status: 'succeeded',
    });
    // A run swept while its process was merely stalled cannot be resurrected by it.
    h.sage.seed('Accounts', customer('A'));
    h.deps.runTiming = { staleAfterMs: 1 };
    const sweepDuringRun = h.repos.events.append.bind(h.repos.events);
    h.repos.events.append = async (events, at) => {
      h.clock.tick(5);
      await h.engine.sweepStaleRuns(h.tenantId);
      return sweepDuringRun(events, at);
    };
    await expect(h.engine.run(h.tenantId, 'Accounts')).rejects.toBeInstanceOf(RunStateError);
  });

  it('stamps runs and audit events with the engine clock, not the wall clock', async () => {
    h.clock.tick(3600 * 24 * 400);
    h.sage.seed('Accounts', customer('A'));
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    const run = await h.repos.runs.get(h.tenantId, report.runId);
    const [event] = await h.repos.events.query(h.tenantId, { runId: report.runId });
    const year = h.clock.now().toISOString().slice(0, 4);
    expect(year).toBe('2027');
    expect([run?.startedAt, run?.finishedAt, event?.createdAt].map((t) => t?.slice(0, 4))).toEqual([
      year,
      year,
      year,
    ]);
    expect(event?.attempts[0]?.at.slice(0, 4)).toBe(year);
  });
});
