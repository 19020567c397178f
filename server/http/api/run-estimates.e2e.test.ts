import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * A run's estimated total and time left, through the API, where a side can tell: the agent's
 * feed counts the changes left (GetChanges with CountRemaining) for Sage → Zoho, Zoho's record
 * count (`GET /{module}/actions/count`) for Zoho → Sage. Dry runs, so only the reading counts.
 * The run's view is read through the API at every page, while the engine waits for it, so each
 * page's figures are checked as the widget would see them.
 */
let fx: ApiFixture;
const SINCE = '2000-01-01T00:00:00Z';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON
const seen = new Map<string, any[]>();

beforeAll(async () => {
  fx = await startApiFixture({ SYNC_PAGE_SIZE: '5', SAGE_FEED_PAGE_SIZE: '5' });
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  if (on.status !== 200) throw new Error(`enabling Accounts: ${on.status}`);
  // The engine stores progress once a page: take the API's view of the run right then.
  const runs = fx.backend.repos.runs;
  const progress = runs.progress.bind(runs);
  runs.progress = async (...args: Parameters<typeof progress>) => {
    await progress(...args);
    const id = args[1];
    const view = (await fx.call('GET', `/runs/${id}`, fx.adminToken)).body;
    seen.set(id, [...(seen.get(id) ?? []), view]);
  };
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

/** Time left as the API derives it: what is left at records read per second so far. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON
const expectedSecondsLeft = (run: any, total: number, read: number) => {
  const seconds = (Date.parse(run.progress.updatedAt) - Date.parse(run.startedAt)) / 1000;
  return Math.ceil((total - read) / (read / seconds));
};

describe('estimated total and time left', () => {
  it("Sage → Zoho: the feed's count of the 25 customers from the first page, time left from the rate", async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      direction: 'sage_to_zoho',
      since: SINCE,
      dryRun: true,
    });
    expect(res.status).toBe(202);
    const id: string = res.body.runIds[0];
    expect(res.body.runs[0].progress).toMatchObject({ estimatedTotal: null, secondsLeft: null });
    const done = await fx.waitForRun(id);
    // (Its status depends on the sandbox's records, which the mapping may skip; the reading is
    // what is counted.)
    expect(done.progress.phase).toBe('finished');
    const pages = (seen.get(id) ?? []).filter((v) => v.progress.pages > 0);
    expect(pages.map((v) => v.progress.read.sage)).toEqual([5, 10, 15, 20, 25]);
    for (const view of pages) {
      const read = view.progress.read.sage;
      expect(view.progress.estimatedTotal).toBe(25);
      expect(view.progress.secondsLeft).toBe(expectedSecondsLeft(view, 25, read));
    }
    expect(pages[0].progress.secondsLeft).toBeGreaterThan(0);
    expect(done.progress).toMatchObject({
      read: { sage: 25, zoho: 0 },
      estimatedTotal: 25,
      secondsLeft: 0,
    });
  });

  it("Zoho → Sage: Zoho's record count of the accounts modified since", async () => {
    const { sandbox } = fx.backend;
    const inZoho = sandbox!.zohoSim.records(sandbox!.orgId, 'Accounts').length;
    expect(inZoho).toBeGreaterThan(0);
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      direction: 'zoho_to_sage',
      since: SINCE,
      dryRun: true,
    });
    const id: string = res.body.runIds[0];
    const done = await fx.waitForRun(id);
    expect(done.status).toBe('succeeded');
    const first = (seen.get(id) ?? []).find((v) => v.progress.pages === 1);
    expect(first.progress.estimatedTotal).toBe(inZoho);
    expect(done.progress).toMatchObject({
      read: { zoho: inZoho, sage: 0 },
      estimatedTotal: inZoho,
      secondsLeft: 0,
    });
  });

  it("two-way: each pass has its own progress; Zoho's count is unknown until its pass, never 0", async () => {
    const { sandbox } = fx.backend;
    const inZoho = sandbox!.zohoSim.records(sandbox!.orgId, 'Accounts').length;
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      since: SINCE,
      dryRun: true,
    });
    expect(res.status).toBe(202);
    const id: string = res.body.runIds[0];
    expect(res.body.runs[0].progress.passes).toEqual([
      { pass: 'sage_to_zoho', done: 0, estimatedTotal: null, finished: false },
      { pass: 'zoho_to_sage', done: 0, estimatedTotal: null, finished: false },
    ]);
    const done = await fx.waitForRun(id);
    expect(done.progress.phase).toBe('finished');
    const pages = (seen.get(id) ?? []).filter((v) => v.progress.pages > 0);
    const passes = pages.map((v) => v.progress.passes);
    // The Sage pass page by page, Zoho's still uncounted; then Zoho's pass with Sage's ended.
    expect(passes.slice(0, 5)).toEqual(
      [5, 10, 15, 20, 25].map((n) => [
        { pass: 'sage_to_zoho', done: n, estimatedTotal: 25, finished: false },
        { pass: 'zoho_to_sage', done: 0, estimatedTotal: null, finished: false },
      ]),
    );
    // Nor is the time left known while Zoho's pass is uncounted: not "finishing" at Sage's end.
    expect(pages.slice(0, 5).map((v) => v.progress.secondsLeft)).toEqual(Array(5).fill(null));
    expect(passes.slice(5).length).toBeGreaterThan(0);
    for (const [sage, zoho] of passes.slice(5)) {
      expect(sage).toEqual({ pass: 'sage_to_zoho', done: 25, estimatedTotal: 25, finished: true });
      expect(zoho).toMatchObject({ pass: 'zoho_to_sage', estimatedTotal: inZoho, finished: false });
    }
    expect(done.progress.passes).toEqual([
      { pass: 'sage_to_zoho', done: 25, estimatedTotal: 25, finished: true },
      { pass: 'zoho_to_sage', done: inZoho, estimatedTotal: inZoho, finished: true },
    ]);
  });

  it('nothing changed since: Zoho counts 0, and the run reads none', async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      direction: 'zoho_to_sage',
      since: new Date(Date.now() + 60_000).toISOString(),
      dryRun: true,
    });
    const done = await fx.waitForRun(res.body.runIds[0]);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ read: { zoho: 0 }, estimatedTotal: 0, secondsLeft: 0 });
  });
});
