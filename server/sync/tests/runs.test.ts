import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { READ_NOTHING_FLAG } from '../run/run-module.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (no: string, extra: Record<string, unknown> = {}) => ({
  ARDivisionNo: '01',
  CustomerNo: no,
  CustomerName: `Customer ${no}`,
  ...extra,
});

describeEngines('runs (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
  });
  afterEach(() => h.close());

  it('ends partial with counts when some records fail', async () => {
    h.sage.seed('Accounts', customer('A'));
    h.sage.seed('Accounts', customer('B'));
    h.crm.store.failNext('upsert', 'INVALID_DATA', 'invalid data', false);
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    expect(report.counts).toMatchObject({ created: 1, failed: 1 });
    expect(report.reason).toBe('1 failed, 0 in review, 0 skipped');
    const run = await h.repos.runs.get(h.tenantId, report.runId);
    expect(run).toMatchObject({ status: 'partial', counts: { created: 1, failed: 1 } });
    const [failed] = await h.repos.events.query(h.tenantId, {
      runId: report.runId,
      action: 'failed',
    });
    expect(failed?.attempts).toEqual([
      expect.objectContaining({ outcome: 'failed', error: 'INVALID_DATA: invalid data' }),
    ]);
  });

  it('ends failed, not partial, when the one record of a "Sync to Sage" fails', async () => {
    const z = h.crm.seed('Accounts', { Account_Name: 'Only One' });
    h.sage.store.failNext('create', 'SY_Locked', 'the record is in use', false);
    const report = await h.engine.syncRecord(h.tenantId, 'Accounts', { side: 'zoho', id: z.id });
    expect(report).toMatchObject({ status: 'failed', counts: { failed: 1 } });
    expect(report.reason).toMatch(/the record is in use/);
    const run = await h.repos.runs.get(h.tenantId, report.runId);
    expect(run).toMatchObject({ kind: 'record', status: 'failed', counts: { failed: 1 } });
  });

  it('ends failed with the reason when a system cannot be reached, and keeps the cursor', async () => {
    h.sage.seed('Accounts', customer('A'));
    h.sage.listChanges = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    };
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'failed', reason: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeUndefined();
  });

  it("moves the cursor only after the page's events are stored", async () => {
    h.sage.seed('Accounts', customer('A'));
    const append = h.repos.events.append.bind(h.repos.events);
    h.repos.events.append = async () => {
      throw new Error('disk full');
    };
    const failed = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(failed).toMatchObject({ status: 'failed', reason: 'disk full' });
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeUndefined();
    h.repos.events.append = append;
    const again = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(again.status).toBe('succeeded');
    // The page's link was rolled back with its events (one transaction): the rerun does the page
    // again, its upsert on the Sage key updating the record the first run made.
    expect(await h.repos.events.query(h.tenantId, { runId: again.runId })).toEqual([
      expect.objectContaining({ sageKey: '01-A', action: 'created' }),
    ]);
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeDefined();
    expect(h.crm.store.all('Accounts')).toHaveLength(1);
  });

  it('flags a run that read nothing while the source reports changes', async () => {
    h.sage.listChanges = async () => ({
      records: [],
      deleted: [],
      nextCursor: '0',
      hasMore: false,
      reportedChanges: 3,
    });
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.flags).toEqual([`${READ_NOTHING_FLAG}:sage:3`]);
    expect((await h.repos.runs.get(h.tenantId, report.runId))?.flags).toEqual([
      `${READ_NOTHING_FLAG}:sage:3`,
    ]);
  });

  it('flags a run that read nothing from Zoho after Zoho notified changes', async () => {
    await h.repos.moduleSettings.save({
      ...(await h.repos.moduleSettings.get(h.tenantId, 'Accounts'))!,
      direction: 'both',
    });
    const quiet = await h.engine.run(h.tenantId, 'Accounts', { reportedChanges: { zoho: 2 } });
    expect(quiet.flags).toEqual([`${READ_NOTHING_FLAG}:zoho:2`]);
    h.crm.seed('Accounts', { Account_Name: 'Notified' });
    const found = await h.engine.run(h.tenantId, 'Accounts', { reportedChanges: { zoho: 1 } });
    expect(found.flags).toEqual([]);
  });

  it('reads page by page and moves the cursor after each page', async () => {
    h.deps.pageSize = 2;
    for (const n of ['A', 'B', 'C', 'D', 'E']) h.sage.seed('Accounts', customer(n));
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.counts).toMatchObject({ created: 5, read_sage: 5 });
    expect(report.direction).toBe('sage_to_zoho');
    expect(h.crm.store.all('Accounts')).toHaveLength(5);
  });

  it("reads Sage at the feed's own page size when only Zoho's is set", async () => {
    h.deps.pageSize = { zoho: 2 };
    for (const n of ['A', 'B', 'C', 'D', 'E']) h.sage.seed('Accounts', customer(n));
    const limits: Array<number | undefined> = [];
    const list = h.sage.listChanges.bind(h.sage);
    h.sage.listChanges = async (module, cursor, options) => {
      limits.push(options?.limit);
      return list(module, cursor, options);
    };
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.counts).toMatchObject({ created: 5, read_sage: 5 });
    expect(limits).toEqual([undefined]);
  });

  it("shows a long run's progress page by page while it runs", async () => {
    h.deps.pageSize = 2;
    for (const n of ['A', 'B', 'C', 'D', 'E']) h.sage.seed('Accounts', customer(n));
    const seen: number[] = [];
    h.deps.onStep = async (step) => {
      if (step !== 'events.stored') return;
      const [run] = await h.repos.runs.listRecent(h.tenantId, { module: 'Accounts', limit: 1 });
      if (run?.status === 'running') seen.push(run.counts.created ?? 0);
    };
    await h.engine.run(h.tenantId, 'Accounts', {
      kind: 'backfill',
      since: '2000-01-01T00:00:00Z',
      direction: 'sage_to_zoho',
    });
    expect(seen).toEqual([0, 2, 4]);
  });

  it("keeps a run's counts with its pages: a worker killed right after a page leaves none behind for the one taking over", async () => {
    h.deps.pageSize = 2;
    for (const n of ['A', 'B', 'C', 'D', 'E']) h.sage.seed('Accounts', customer(n));
    const queued = await h.repos.runs.enqueue({
      tenantId: h.tenantId,
      module: 'Accounts',
      direction: 'sage_to_zoho',
      kind: 'backfill',
      dryRun: false,
    });
    const options = {
      runId: queued.id,
      kind: 'backfill' as const,
      since: '2000-01-01T00:00:00Z',
      direction: 'sage_to_zoho' as const,
    };
    // Killed once the second page has committed, before anything else the run does.
    h.crashAt('page.stored', 2);
    await expect(h.engine.run(h.tenantId, 'Accounts', options)).rejects.toThrow(
      'crash injected at page.stored',
    );
    expect(h.crashed()).toBe(true);
    const stopped = await h.repos.runs.get(h.tenantId, queued.id);
    expect(stopped).toMatchObject({ status: 'running', counts: { created: 4, read_sage: 4 } });
    expect(stopped?.progress).toMatchObject({ pages: 2, read: { sage: 4 } });

    // Taken over: the third page only, and the counts are the whole run's.
    const report = await h.engine.run(h.tenantId, 'Accounts', options);
    expect(report.counts).toMatchObject({ created: 5, read_sage: 5 });
    const run = await h.repos.runs.get(h.tenantId, queued.id);
    expect(run?.progress).toMatchObject({ pages: 3, read: { sage: 5 }, written: { zoho: 5 } });
    expect((await h.repos.runs.pages(h.tenantId, queued.id)).map((p) => p.records)).toEqual([
      2, 2, 1,
    ]);
    expect(h.crm.store.all('Accounts')).toHaveLength(5);
  });

  it("sends the Sage feed's first read while Zoho's field list is still on its way", async () => {
    h.sage.seed('Accounts', customer('A'));
    const order: string[] = [];
    let feedAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (feedAsked = resolve));
    const list = h.sage.listChanges.bind(h.sage);
    h.sage.listChanges = async (module, cursor, options) => {
      order.push('feed read');
      feedAsked();
      return list(module, cursor, options);
    };
    h.crm.fieldNames = async () => {
      order.push('field list asked');
      // Zoho's answer waits for the feed's read (or 2 s, when the read would only follow it).
      await Promise.race([asked, new Promise((r) => setTimeout(r, 2000))]);
      order.push('field list answered');
      return undefined;
    };
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.counts.created).toBe(1);
    // Sent first: the run's pace is the feed's chain of reads, not Zoho's field list before it.
    expect(order.slice(0, 3)).toEqual(['feed read', 'field list asked', 'field list answered']);
  });

  it('sends Zoho writes 100 records to a call', async () => {
    h.deps.pageSize = 250;
    for (let i = 0; i < 250; i++) h.sage.seed('Accounts', customer(`N${i}`));
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.counts.created).toBe(250);
    expect(h.crm.upsertCalls).toEqual([100, 100, 50]);
    expect(h.crm.store.all('Accounts')).toHaveLength(250);
  });

  it("sends a page's Zoho batches side by side and reads the next page while writing this one", async () => {
    h.deps.pageSize = 300;
    for (let i = 0; i < 600; i++)
      h.sage.seed('Accounts', customer(`P${String(i).padStart(3, '0')}`));
    const calls: string[] = [];
    let inFlight = 0;
    let most = 0;
    const upsert = h.crm.upsert.bind(h.crm);
    h.crm.upsert = async (module, records) => {
      calls.push('write');
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return upsert(module, records);
    };
    const list = h.sage.listChanges.bind(h.sage);
    h.sage.listChanges = async (module, cursor, options) => {
      calls.push('read');
      return list(module, cursor, options);
    };
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.counts).toMatchObject({ created: 600, read_sage: 600 });
    expect(most).toBe(3);
    // Page 2 is asked for before page 1's first write.
    expect(calls.slice(0, 3)).toEqual(['read', 'read', 'write']);
    expect(h.crm.upsertCalls).toEqual([100, 100, 100, 100, 100, 100]);
  });

  it('creates unlinked Sage records without searching Zoho: the upsert on the Sage key knows', async () => {
    let searched = 0;
    const find = h.crm.findBySageKeys.bind(h.crm);
    h.crm.findBySageKeys = async (module, keys) => {
      searched += keys.length;
      return find(module, keys);
    };
    // A Zoho record keyed 01-B but never linked (an upsert whose commit was lost).
    const keyed = h.crm.seed('Accounts', { Account_Name: 'Old B', Sage_Key: '01-B' });
    for (const n of ['A', 'B']) h.sage.seed('Accounts', customer(n));
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.status).toBe('succeeded');
    expect(searched).toBe(0);
    expect(h.crm.upsertCalls).toEqual([2]);
    // The upsert updated the keyed record instead of duplicating it, and the link says so.
    expect(
      h.crm.store
        .all('Accounts')
        .map((r) => r.fields.Sage_Key)
        .sort(),
    ).toEqual(['01-A', '01-B']);
    expect(h.crm.byKey('Accounts', '01-B')?.id).toBe(keyed.id);
    expect((await h.repos.links.findBySageKey(h.tenantId, 'Accounts', '01-B'))?.zohoId).toBe(
      keyed.id,
    );
  });

  it('backfills from a date without touching the incremental cursor', async () => {
    h.sage.seed('Accounts', customer('OLD'));
    h.clock.tick(86_400 * 30);
    const since = h.clock.now().toISOString();
    h.sage.seed('Accounts', customer('NEW'));
    const report = await h.engine.run(h.tenantId, 'Accounts', {
      kind: 'backfill',
      since,
      direction: 'sage_to_zoho',
    });
    expect(report.kind).toBe('backfill');
    expect(h.crm.byKey('Accounts', '01-NEW')).toBeDefined();
    expect(h.crm.byKey('Accounts', '01-OLD')).toBeUndefined();
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeUndefined();
  });

  it('plans without writing in a dry run: per-field diffs and what would be skipped', async () => {
    h.sage.seed('Accounts', customer('A', { City: 'Irvine' }));
    h.sage.seed('Accounts', customer('BAD', { CreditLimit: 'lots' }));
    const report = await h.engine.dryRun(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.dryRun).toBe(true);
    expect(h.crm.store.writes).toEqual([]);
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeUndefined();
    expect(await h.repos.links.list(h.tenantId, 'Accounts')).toEqual([]);
    const a = report.records.find((r) => r.sageKey === '01-A');
    expect(a?.action).toBe('created');
    expect(a?.changes).toContainEqual({
      field: 'zoho.Billing_City',
      before: null,
      after: 'Irvine',
    });
    expect(report.records.find((r) => r.sageKey === '01-BAD')).toMatchObject({
      action: 'skipped',
      reason: 'Credit_Limit ↔ CreditLimit: "lots" is not a number',
    });
    // The real run does what the preview said.
    const real = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(real.counts).toMatchObject({ created: 1, skipped: 1 });
  });

  it('prunes events older than the retention period', async () => {
    h.sage.seed('Accounts', customer('A'));
    await h.engine.run(h.tenantId, 'Accounts');
    expect(await h.engine.pruneEvents(h.tenantId, 90)).toBe(0);
    h.clock.tick(86_400 * 91);
    const wallClockLater = new Date(Date.now() + 91 * 86_400_000);
    h.deps.now = () => wallClockLater;
    expect(await h.engine.pruneEvents(h.tenantId, 90)).toBeGreaterThan(0);
    expect(await h.repos.events.query(h.tenantId)).toEqual([]);
  });

  it('leaves out mappings to Zoho fields the org lacks, and flags the run', async () => {
    h.crm.fieldNames = async () => ['Account_Name', 'Phone', 'Sage_Key'];
    h.sage.seed('Accounts', customer('A', { TelephoneNo: '(949) 555-0100', CreditLimit: 500 }));
    const report = await h.engine.run(h.tenantId, 'Accounts', { direction: 'sage_to_zoho' });
    expect(report.flags).toEqual([
      expect.stringMatching(/^zoho_fields_missing:Account_Number,Fax,Website,Email,/),
    ]);
    expect(report.flags[0]).toContain('Credit_Limit');
    const [write] = h.crm.store.writes;
    expect(write?.fields).toEqual({ Account_Name: 'Customer A', Phone: '(949) 555-0100' });
  });

  it('refuses a direction the module does not sync', async () => {
    await h.configure('Products', 'sage_to_zoho');
    await expect(
      h.engine.run(h.tenantId, 'Products', { direction: 'zoho_to_sage' }),
    ).rejects.toMatchObject({
      code: 'direction_not_allowed',
    });
    await expect(h.engine.run(h.tenantId, 'Vendors')).rejects.toMatchObject({
      code: 'module_disabled',
    });
  });
});
