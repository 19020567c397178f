import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../../../test/db.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (n: number) => ({
  ARDivisionNo: '01',
  CustomerNo: `C${String(n).padStart(3, '0')}`,
  CustomerName: `Sage Customer ${n}`,
  City: 'Chicago',
});
/** How long a held upsert waits at most for what the test expects to happen meanwhile. */
const HOLD_MS = 5000;

/**
 * Sage → Zoho pages overlap too (ADR 0075): each page's read is sent as the page before it is
 * answered, and a page is planned and its upserts sent while the page before still waits for
 * Zoho; the pages are still stored in order, each with its cursor.
 */
describe.each(testEngines())('Sage → Zoho pages overlap (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'sage_to_zoho');
  });
  afterEach(() => h.close());

  it("reads pages 2 and 3 and sends page 2's upsert while page 1's upsert is unanswered", async () => {
    h.deps.pageSize = 4;
    for (let i = 0; i < 12; i++) h.sage.seed('Accounts', customer(i));
    const order: string[] = [];
    let reads = 0;
    const list = h.sage.listChanges.bind(h.sage);
    vi.spyOn(h.sage, 'listChanges').mockImplementation(async (...args) => {
      const n = ++reads;
      order.push(`read ${n}`);
      const page = await list(...args);
      order.push(`read ${n} answered`);
      return page;
    });
    let upserts = 0;
    let secondSent: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondSent = resolve));
    const upsert = h.crm.upsert.bind(h.crm);
    vi.spyOn(h.crm, 'upsert').mockImplementation(async (module, records) => {
      const n = ++upserts;
      order.push(`upsert ${n}`);
      if (n === 2) secondSent();
      // Page 1's upsert is slow: it answers once page 2's has been sent (or after HOLD_MS).
      if (n === 1) await Promise.race([second, new Promise((r) => setTimeout(r, HOLD_MS))]);
      const results = await upsert(module, records);
      order.push(`upsert ${n} answered`);
      return results;
    });

    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'succeeded', counts: { created: 12 } });
    expect(order.indexOf('upsert 2')).toBeLessThan(order.indexOf('upsert 1 answered'));
    // The feed does not wait for the writes: page 3 is read before page 1's upsert answers.
    expect(order.indexOf('read 3')).toBeLessThan(order.indexOf('upsert 1 answered'));
    expect(reads).toBe(3);
    const pages = await h.repos.runs.pages(h.tenantId, report.runId);
    const sagePages = pages.filter((p) => p.side === 'sage');
    expect(sagePages.map((p) => [p.seq, p.records, p.hasMore])).toEqual([
      [1, 4, true],
      [2, 4, true],
      [3, 4, false],
    ]);
    const links = await h.repos.links.list(h.tenantId, 'Accounts');
    expect(links.filter((l) => l.state === 'linked')).toHaveLength(12);
    expect(h.crm.store.all('Accounts')).toHaveLength(12);
  });

  it('a page holding a record of the page still in flight waits until that page is stored', async () => {
    h.deps.pageSize = 4;
    const seeded = Array.from({ length: 6 }, (_, i) => h.sage.seed('Accounts', customer(i)));
    const list = h.sage.listChanges.bind(h.sage);
    let reads = 0;
    vi.spyOn(h.sage, 'listChanges').mockImplementation(async (...args) => {
      // Edited in Sage after page 1 was read: it comes again on page 2, behind records 4 and 5.
      if (++reads === 2) h.sage.edit('Accounts', seeded[0]!.id, { City: 'Evanston' });
      return list(...args);
    });
    const order: string[] = [];
    const upsert = h.crm.upsert.bind(h.crm);
    vi.spyOn(h.crm, 'upsert').mockImplementation(async (module, records) => {
      order.push(`upsert ${records.map((r) => r.zohoId ?? 'new').join(',')}`);
      return upsert(module, records);
    });

    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'succeeded', counts: { created: 6, updated: 1 } });
    const zoho = h.crm.store.all('Accounts');
    expect(zoho).toHaveLength(6);
    const edited = zoho.find((r) => r.fields.Sage_Key === seeded[0]!.id);
    expect(edited?.fields.Billing_City).toBe('Evanston');
    // Record 0's second write was planned against its stored link: an update by its Zoho id.
    expect(order).toHaveLength(2);
    expect(order[1]).toContain(edited!.id);
  });
});
