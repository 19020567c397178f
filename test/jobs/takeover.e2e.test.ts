import { expect, it, vi } from 'vitest';
import { describeWith, postgres } from '../requirements.js';
import { startFleet, type Fleet, type FleetTenant, type Worker } from './fleet.js';

/**
 * Issue 12's scale-out promise with real processes: a worker carrying a historical run is killed
 * with SIGKILL mid-run, and another backend process takes the run over within the configured time
 * and finishes it from the dead worker's last page, every Sage customer in Zoho once.
 */
const CUSTOMERS = 640;
const PAGE = 20;
const PAGES = CUSTOMERS / PAGE;
const TAKEOVER_SECONDS = 2;
const TICK_SECONDS = 1;
const RETRY_SECONDS = 1;
/** A slot far in the past: nothing but the run under test syncs this tenant. */
const NEVER_DUE = { kind: 'interval' as const, seconds: 10 * 365 * 86_400 };

describeWith(
  [postgres],
  'a run whose worker dies is taken over by another process (Postgres)',
  () => {
    it('is resumed from its last page by the other process: every record once, no page redone', async () => {
      // 80 ms a Zoho call keeps the run going long enough to kill it mid-run.
      const fleet = await startFleet({ zohoLatencyMs: 80 });
      try {
        const tenant = await fleet.addTenant('Takeover Co', {
          customers: CUSTOMERS,
          schedule: NEVER_DUE,
        });
        // The agent's ~300 ms a page paces the run: long enough to start B and kill A mid-run.
        tenant.agent.setLatency(300);
        const env = {
          SYNC_PAGE_SIZE: String(PAGE),
          SAGE_FEED_PAGE_SIZE: String(PAGE),
          JOBS_TICK_SECONDS: String(TICK_SECONDS),
          JOBS_TAKEOVER_SECONDS: String(TAKEOVER_SECONDS),
          JOBS_BUSY_RETRY_SECONDS: String(RETRY_SECONDS),
        };
        // A takes the run at once (submit works the queue); it ticks too rarely to matter.
        const a = await fleet.startWorker({ ...env, JOBS_TICK_SECONDS: '300' });
        const queued = await fleet.call(a, 'POST', '/runs', tenant.adminToken, {
          modules: ['Accounts'],
          since: '2000-01-01T00:00:00Z',
        });
        expect(queued.status).toBe(202);
        const runId: string = queued.body.runIds[0];
        await pagesAtLeast(fleet, a, tenant, runId, 1);
        // B runs beside A from here on; the job is active in A, so B cannot fetch it.
        const b = await fleet.startWorker(env);
        const before = await pagesAtLeast(fleet, a, tenant, runId, 3);
        expect(before).toBeLessThan(PAGES - 2);

        await a.kill();
        const killedAt = Date.now();
        expect(await a.exited).toBe('SIGKILL');
        const atKill = await fleet.repos.runs.pages(tenant.tenantId, runId);
        expect(atKill.length).toBeLessThan(PAGES);
        expect((await fleet.repos.runs.get(tenant.tenantId, runId))?.status).toBe('running');

        // B hands the orphaned job on and carries the run on: its next page is A's last plus one.
        await vi.waitFor(
          async () => {
            const pages = await fleet.repos.runs.pages(tenant.tenantId, runId);
            expect(pages.length).toBeGreaterThan(atKill.length);
          },
          { timeout: 60_000, interval: 50 },
        );
        const takeoverMs = Date.now() - killedAt;
        const run = await waitFinished(fleet, b, tenant, runId);
        const pages = await fleet.repos.runs.pages(tenant.tenantId, runId);
        const keys = fleet.zohoRecords(tenant, 'Accounts').map((r) => String(r.Sage_Key));
        process.stdout.write(
          `takeover: killed after ${atKill.length} of ${PAGES} pages; the other process's first ` +
            `page ${takeoverMs} ms later (JOBS_TAKEOVER_SECONDS=${TAKEOVER_SECONDS}, ` +
            `tick ${TICK_SECONDS} s, retry ${RETRY_SECONDS} s)\n`,
        );
        // Within the configured time: the grace, a tick to notice, the retry delay and a tick to
        // fetch, plus room for a loaded machine; pg-boss's own expiry (7200 s) played no part.
        expect(takeoverMs).toBeLessThan(
          (TAKEOVER_SECONDS + 2 * TICK_SECONDS + RETRY_SECONDS + 10) * 1000,
        );
        expect(b.logs.some((l) => l.includes('handed on to the next worker'))).toBe(true);

        expect(run.status).toBe('succeeded');
        // Every page once: A's pages, then B's from where A stopped, numbered without a gap.
        expect(pages.map((p) => p.seq)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
        expect(pages.reduce((n, p) => n + p.records, 0)).toBe(CUSTOMERS);
        expect(new Set(pages.map((p) => p.cursor)).size).toBe(PAGES);
        expect(pages.slice(0, atKill.length)).toEqual(atKill);
        expect(run.progress.pages).toBe(PAGES);
        expect(run.progress.read.sage).toBe(CUSTOMERS);
        // Every customer once in Zoho: no duplicate, none missing.
        expect(keys).toHaveLength(CUSTOMERS);
        expect(new Set(keys).size).toBe(CUSTOMERS);
        expect(new Set(keys)).toEqual(new Set(tenant.customerKeys()));
        // One event per record in the run: the page A was writing when it died was done by B alone
        // (a record A had upserted already is an update of the same Zoho record, not a second one).
        const events = await fleet.repos.events.query(tenant.tenantId, { runId });
        expect(new Set(events.map((e) => e.sageKey)).size).toBe(CUSTOMERS);
        expect(events).toHaveLength(CUSTOMERS);
        const created = run.counts.created ?? 0;
        expect(created + (run.counts.updated ?? 0) + (run.counts.unchanged ?? 0)).toBe(CUSTOMERS);
        expect(created).toBeGreaterThanOrEqual(CUSTOMERS - PAGE);
      } finally {
        await fleet.close();
      }
    }, 180_000);
  },
);

/** Polls the run through the worker's API until it lists `n` pages; returns how many it has. */
async function pagesAtLeast(
  fleet: Fleet,
  worker: Worker,
  tenant: FleetTenant,
  runId: string,
  n: number,
): Promise<number> {
  let pages = 0;
  await vi.waitFor(
    async () => {
      const res = await fleet.call(worker, 'GET', `/runs/${runId}`, tenant.adminToken);
      expect(res.status).toBe(200);
      pages = res.body.progress.pages;
      expect(pages).toBeGreaterThanOrEqual(n);
    },
    { timeout: 60_000, interval: 20 },
  );
  return pages;
}

/** Polls the run through the worker's API until it has ended; returns it as the API shows it. */
async function waitFinished(fleet: Fleet, worker: Worker, tenant: FleetTenant, runId: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON
  let run: any;
  await vi.waitFor(
    async () => {
      run = (await fleet.call(worker, 'GET', `/runs/${runId}`, tenant.adminToken)).body;
      expect(['queued', 'running']).not.toContain(run.status);
    },
    { timeout: 120_000, interval: 100 },
  );
  return run;
}
