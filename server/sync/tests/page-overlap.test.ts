import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../../../test/db.js';
import { openHarness, type Harness } from '../testing/harness.js';

const account = (n: number) => ({ Account_Name: `Zoho Account ${n}`, Billing_City: 'Tustin' });
/** How long a held Sage create waits at most for what the test expects to happen meanwhile. */
const HOLD_MS = 5000;

/**
 * Zoho → Sage pages overlap on the tenant's Sage seats (ADR 0071): the next page's records take
 * the seats the page before gives back while that page's tail (its slowest record, the key
 * write-back, its storage) runs, and the pages are still stored in order.
 */
describe.each(testEngines())('Zoho → Sage pages overlap (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'zoho_to_sage');
  });
  afterEach(() => h.close());

  it("gives the seats page 1's records free to page 2 while page 1's last record is written", async () => {
    h.deps.pageSize = 4;
    h.deps.sageConcurrency = 2;
    for (let i = 0; i < 8; i++) h.crm.seed('Accounts', account(i));
    const order: string[] = [];
    let page2Started: () => void = () => undefined;
    const page2 = new Promise<void>((resolve) => (page2Started = resolve));
    const create = h.sage.create.bind(h.sage);
    vi.spyOn(h.sage, 'create').mockImplementation(async (module, key, fields, lines) => {
      const n = Number(String(fields.CustomerName).replace('Zoho Account ', ''));
      order.push(`create ${n}`);
      if (n >= 4) page2Started();
      // Page 1's last record is slow: its page cannot end until a record of page 2 has a seat.
      if (n === 3) await Promise.race([page2, new Promise((r) => setTimeout(r, HOLD_MS))]);
      const result = await create(module, key, fields, lines);
      order.push(`created ${n}`);
      return result;
    });
    const keys = h.crm.setSageKeys.bind(h.crm);
    vi.spyOn(h.crm, 'setSageKeys').mockImplementation(async (module, list) => {
      order.push(`keys ${list.length}`);
      return keys(module, list);
    });

    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'succeeded', counts: { created: 8 } });
    // Page 2's first create starts before page 1's slowest record is done, so before its keys.
    expect(order.indexOf('create 4')).toBeLessThan(order.indexOf('created 3'));
    expect(order.indexOf('create 4')).toBeLessThan(order.indexOf('keys 4'));
    expect(h.sage.store.writes.filter((w) => w.op === 'nextKey')).toHaveLength(8);
    // Stored in order, each page with its cursor: a crash re-reads from the last one stored.
    const pages = await h.repos.runs.pages(h.tenantId, report.runId);
    const zohoPages = pages.filter((p) => p.side === 'zoho');
    expect(zohoPages.map((p) => [p.seq, p.records, p.hasMore])).toEqual([
      [1, 4, true],
      [2, 4, false],
    ]);
    expect(Number(zohoPages[0]!.cursor)).toBeLessThan(Number(zohoPages[1]!.cursor));
    const links = await h.repos.links.list(h.tenantId, 'Accounts');
    expect(links.filter((l) => l.state === 'linked')).toHaveLength(8);
  });

  it('a page holding a record of the page still in flight waits until that page is stored', async () => {
    h.deps.pageSize = 4;
    h.deps.sageConcurrency = 2;
    const zoho = Array.from({ length: 6 }, (_, i) => h.crm.seed('Accounts', account(i)));
    const list = h.crm.listChanges.bind(h.crm);
    let reads = 0;
    vi.spyOn(h.crm, 'listChanges').mockImplementation(async (...args) => {
      // Edited in Zoho after page 1 was read: it comes again on page 2, behind records 4 and 5.
      if (++reads === 2) h.crm.edit('Accounts', zoho[0]!.id, { Billing_City: 'Irvine' });
      return list(...args);
    });
    const order: string[] = [];
    for (const op of ['create', 'update'] as const) {
      const original = h.sage[op].bind(h.sage) as (...a: unknown[]) => Promise<unknown>;
      vi.spyOn(h.sage, op).mockImplementation((async (...args: unknown[]) => {
        order.push(`${op} ${String(args[1])}`);
        return original(...args);
      }) as never);
    }
    const keys = h.crm.setSageKeys.bind(h.crm);
    vi.spyOn(h.crm, 'setSageKeys').mockImplementation(async (module, list) => {
      order.push(`keys ${list.length}`);
      return keys(module, list);
    });

    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'succeeded', counts: { created: 6, updated: 1 } });
    const sage = h.sage.store.all('Accounts');
    expect(sage).toHaveLength(6);
    expect(h.sage.store.writes.filter((w) => w.op === 'nextKey')).toHaveLength(6);
    const key = h.crm.store.read('Accounts', zoho[0]!.id)?.fields.Sage_Key as string;
    expect(h.sage.store.read('Accounts', key)?.fields.City).toBe('Irvine');
    // Record 0's second sync was planned against its stored link: an update after page 1's keys.
    const updates = order.filter((o) => o.startsWith('update'));
    expect(updates).toEqual([`update ${key}`]);
    expect(order.indexOf(`update ${key}`)).toBeGreaterThan(order.indexOf('keys 4'));
  });

  it('a cancel during a page starts no write of the page queued behind it; a continue-from finishes without duplicates', async () => {
    h.deps.pageSize = 4;
    h.deps.sageConcurrency = 2;
    for (let i = 0; i < 12; i++) h.crm.seed('Accounts', account(i));
    const writes: number[] = [];
    const create = h.sage.create.bind(h.sage);
    vi.spyOn(h.sage, 'create').mockImplementation(async (module, key, fields, lines) => {
      const n = Number(String(fields.CustomerName).replace('Zoho Account ', ''));
      writes.push(n);
      // The admin cancels while page 1's last two records hold the seats, page 2 queued behind.
      if (n === 2 || n === 3) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const [running] = await h.repos.runs.listRecent(h.tenantId, { module: 'Accounts' });
        await h.repos.runs.requestCancel(h.tenantId, running!.id);
      }
      return create(module, key, fields, lines);
    });

    const cancelled = await h.engine.run(h.tenantId, 'Accounts');
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled on request after 1 pages',
      counts: { created: 4 },
    });
    // Page 1 was under way, so it finished and was stored; no record of page 2 began a write.
    expect(writes.sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(h.sage.store.all('Accounts')).toHaveLength(4);
    expect(h.sage.store.writes.filter((w) => w.op === 'nextKey')).toHaveLength(4);
    const pages = await h.repos.runs.pages(h.tenantId, cancelled.runId);
    expect(pages.filter((p) => p.side === 'zoho').map((p) => p.records)).toEqual([4]);

    const rest = await h.engine.run(h.tenantId, 'Accounts', { continueFrom: cancelled.runId });
    expect(rest).toMatchObject({ status: 'succeeded', counts: { created: 8 } });
    expect(h.sage.store.all('Accounts')).toHaveLength(12);
    expect(h.sage.store.writes.filter((w) => w.op === 'nextKey')).toHaveLength(12);
    const names = h.sage.store.all('Accounts').map((r) => String(r.fields.CustomerName));
    expect(new Set(names).size).toBe(12);
    const linked = (await h.repos.links.list(h.tenantId, 'Accounts')).filter(
      (l) => l.state === 'linked',
    );
    expect(linked).toHaveLength(12);
  });
});
