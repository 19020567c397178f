import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../sync/run/progress.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * Runs as jobs over HTTP on the sandbox company (25 Sage customers, 2 Zoho accounts), five
 * records a page: 202 at once, progress page by page, cancel between pages and a later run that
 * continues where it stopped, the event stream, and the tenant lock "Sync to Sage" shares.
 *
 * A test holds a run between pages by wrapping the runs repository's progress write (the engine
 * stores progress once per page): each page then waits for the test, so what the API shows after
 * every page is checked, and a cancel lands mid-run without racing the run.
 */

let fx: ApiFixture;
const SINCE = '2000-01-01T00:00:00Z';

type Gate = { pages: number; waiting?: () => void; reached?: (n: number) => void };
const gates = new Map<string, Gate>();

/** Resolves when the run has stored its `n`th page's progress (and is held there). */
const atPage = (runId: string, n: number) =>
  new Promise<void>((resolve) => {
    const gate = gates.get(runId) ?? { pages: 0 };
    gates.set(runId, gate);
    if (gate.pages >= n && gate.waiting) return resolve();
    gate.reached = (k) => k >= n && resolve();
  });
const release = (runId: string) => {
  const gate = gates.get(runId);
  const go = gate?.waiting;
  if (gate) gate.waiting = undefined;
  go?.();
};
const unhold = (runId: string) => {
  release(runId);
  gates.set(runId, { pages: Infinity });
};

/** Holds the tenant's lock (as a running sync does) until `free` is called. */
async function holdTenant(): Promise<{ free: () => void; held: Promise<void> }> {
  let free!: () => void;
  let started!: () => void;
  const holding = new Promise<void>((r) => (started = r));
  const held = fx.backend.lock.run(fx.tenantId, () => {
    started();
    return new Promise<void>((r) => (free = r));
  });
  await holding;
  return { free, held };
}

beforeAll(async () => {
  fx = await startApiFixture({
    SYNC_PAGE_SIZE: '5',
    SAGE_FEED_PAGE_SIZE: '5',
    RUNS_LOCK_WAIT_MS: '200',
  });
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
    direction: 'sage_to_zoho',
  });
  if (on.status !== 200) throw new Error(`enabling Accounts: ${on.status}`);
  const runs = fx.backend.repos.runs;
  const progress = runs.progress.bind(runs);
  runs.progress = async (tenantId: string, id: string, counts, p?: RunProgress) => {
    await progress(tenantId, id, counts, p);
    const gate = gates.get(id);
    if (!gate || gate.pages === Infinity) return;
    gate.pages += 1;
    await new Promise<void>((resolve) => {
      gate.waiting = resolve;
      gate.reached?.(gate.pages);
    });
  };
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('a historical run in the background', () => {
  let cancelled: string;
  let storedPages = 0;

  it('answers 202 at once; progress rises page by page; a cancel ends it cancelled with its cursor', async () => {
    // Held before it starts: the answer cannot have waited for the run.
    const lockHeld = fx.backend.lock.run(fx.tenantId, () => new Promise((r) => setTimeout(r, 300)));
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      since: SINCE,
    });
    expect(res.status).toBe(202);
    const id: string = res.body.runIds[0];
    gates.set(id, { pages: 0 });
    expect(res.body.runs[0]).toMatchObject({ id, kind: 'backfill', status: 'queued' });
    expect(res.body.runs[0].progress).toMatchObject({ phase: 'queued', pages: 0 });
    await lockHeld;

    for (const page of [1, 2, 3]) {
      await atPage(id, page);
      const now = await fx.call('GET', `/runs/${id}`, fx.repToken);
      expect(now.body.status).toBe('running');
      expect(now.body.progress).toMatchObject({
        phase: 'reading_sage',
        pages: page,
        read: { sage: 5 * page, zoho: 0 },
        written: { zoho: 5 * page, sage: 0 },
      });
      expect(now.body.counts.created).toBe(5 * page);
      expect(now.body.progress.ratePerSecond).toBeGreaterThan(0);
      if (page < 3) release(id);
    }
    // Held after its third page is stored. Sage → Zoho pages overlap (ADR 0075): page 4, and
    // perhaps 5 (at most two pages are between their start and their storage), were read,
    // planned and their upserts sent before the cancel. They finish and are stored with their
    // cursor; no page starts after the cancel.
    const cancel = await fx.call('POST', `/runs/${id}/cancel`, fx.adminToken, {});
    expect(cancel.status).toBe(202);
    expect(cancel.body).toMatchObject({ id, status: 'running', cancelRequested: true });
    unhold(id);
    const done = await fx.waitForRun(id);
    const stored: number = done.progress.pages;
    expect([4, 5]).toContain(stored);
    expect(done).toMatchObject({
      status: 'cancelled',
      reason: `cancelled on request after ${stored} pages`,
    });
    // Atlas Trading 1, on page 4, was linked by its Sage key before page 1: updated, not created.
    expect(done.counts.created).toBe(5 * stored - 1);
    expect(done.progress).toMatchObject({ phase: 'finished', read: { sage: 5 * stored } });
    const pages = await fx.call('GET', `/runs/${id}/pages`, fx.repToken);
    expect(
      pages.body.pages.map((p: { side: string; seq: number; hasMore: boolean }) => [
        p.side,
        p.seq,
        p.hasMore,
      ]),
    ).toEqual(Array.from({ length: stored }, (_, i) => ['sage', i + 1, true]));
    expect(pages.body.pages[stored - 1].cursor).toEqual(expect.any(String));
    expect(await fx.backend.repos.links.count(fx.tenantId, 'Accounts', 'linked')).toBe(5 * stored);
    storedPages = stored;
    cancelled = id;
  });

  it("a later run continues from the cancelled run's cursor without writing anything again", async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      since: SINCE,
      continueFrom: cancelled,
    });
    expect(res.status).toBe(202);
    const done = await fx.waitForRun(res.body.runIds[0]);
    expect(done.status).toBe('succeeded');
    // The 25 customers less those the cancelled run stored.
    expect(done.counts.created).toBe(25 - 5 * storedPages);
    expect(done.progress.read.sage).toBeLessThan(25);
    const first = await fx.backend.repos.events.query(fx.tenantId, { runId: cancelled });
    const second = await fx.backend.repos.events.query(fx.tenantId, { runId: done.id });
    const firstKeys = new Set(first.map((e) => e.sageKey));
    const rewritten = second.filter(
      (e) => firstKeys.has(e.sageKey) && (e.action === 'created' || e.action === 'updated'),
    );
    expect(rewritten).toEqual([]);
    expect(await fx.backend.repos.links.count(fx.tenantId, 'Accounts', 'linked')).toBe(25);
  });

  it('refuses to continue a run that succeeded, or to cancel a finished run', async () => {
    const [last] = (await fx.call('GET', '/runs?limit=1', fx.repToken)).body.runs;
    const again = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      continueFrom: last.id,
    });
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/problem\+json/);
    const cancel = await fx.call('POST', `/runs/${last.id}/cancel`, fx.adminToken, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.title).toBe('Run finished');
    expect((await fx.call('POST', `/runs/${last.id}/cancel`, fx.repToken, {})).status).toBe(403);
  });
});

describe('queued runs, the stream and the lock', () => {
  it('has no /metrics without a METRICS_TOKEN (never public)', async () => {
    expect((await fetch(`${fx.backend.url}/metrics`)).status).toBe(404);
  });

  it('a run cancelled while it waits for the tenant never starts', async () => {
    const { free, held } = await holdTenant();
    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    const id = res.body.runIds[0];
    const cancel = await fx.call('POST', `/runs/${id}/cancel`, fx.adminToken, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled before it started',
    });
    free();
    await held;
    await new Promise((r) => setTimeout(r, 100));
    const run = await fx.call('GET', `/runs/${id}`, fx.repToken);
    expect(run.body).toMatchObject({ status: 'cancelled', counts: {} });
    expect(await fx.backend.repos.events.query(fx.tenantId, { runId: id })).toEqual([]);
  });

  it('streams progress as Server-Sent Events and ends with the final run', async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      since: SINCE,
    });
    const id = res.body.runIds[0];
    const stream = await fetch(`${fx.backend.url}/api/v1/runs/${id}/stream`, {
      headers: { authorization: `Bearer ${fx.repToken}` },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await stream.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
      event: m[1],
      run: JSON.parse(m[2]!),
    }));
    expect(events.at(-1)).toMatchObject({ event: 'end', run: { id, status: 'succeeded' } });
    expect(events.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
    expect(events.at(-1)!.run.progress).toMatchObject({ phase: 'finished', pages: 5 });
  });

  it('"Sync to Sage" while a sync holds the tenant answers 409 "a sync is running"', async () => {
    await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const { free, held } = await holdTenant();
    try {
      const res = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
      expect(res.status).toBe(409);
      expect(res.type).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ title: 'A sync is running', code: 'sync_running' });
    } finally {
      free();
      await held;
    }
    const after = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
    expect(after.status).toBe(200);
  });
});
