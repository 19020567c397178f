import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../../../test/db.js';
import { openHarness, type Harness } from '../testing/harness.js';

const account = (n: number) => ({ Account_Name: `Zoho Account ${n}`, Billing_City: 'Tustin' });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Zoho-born records created in Sage, many at once: Sage writes `sageConcurrency` records at a
 * time, each under its own reserved number; the keys go back to Zoho 100 to a call and Sage is
 * read back once per page.
 */
describe.each(testEngines())('Zoho → Sage at the API’s pace (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'zoho_to_sage');
  });
  afterEach(() => h.close());

  /** Counts the Sage calls in flight; each call yields once, so concurrent ones overlap. */
  function watchSage() {
    const seen = { inFlight: 0, peak: 0 };
    for (const op of ['nextKey', 'create'] as const) {
      const original = h.sage[op].bind(h.sage) as (...a: unknown[]) => Promise<unknown>;
      vi.spyOn(h.sage, op).mockImplementation((async (...args: unknown[]) => {
        seen.inFlight++;
        seen.peak = Math.max(seen.peak, seen.inFlight);
        await tick();
        try {
          return await original(...args);
        } finally {
          seen.inFlight--;
        }
      }) as never);
    }
    return seen;
  }

  it('writes the Sage keys back 100 to a call and reads Sage back once per page', async () => {
    h.deps.pageSize = 250;
    h.deps.sageConcurrency = 4;
    const zoho = Array.from({ length: 250 }, (_, i) => h.crm.seed('Accounts', account(i)));
    const get = vi.spyOn(h.sage, 'get');
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report).toMatchObject({ status: 'succeeded', counts: { created: 250 } });
    expect(h.crm.setSageKeysCalls).toEqual([100, 100, 50]);
    expect(h.crm.upsertCalls).toEqual([]);
    // One read of the page's counterparts (none yet), one read-back of the 250 created.
    expect(get.mock.calls.map(([, keys]) => keys.length)).toEqual([0, 250]);
    const sage = h.sage.store.all('Accounts');
    expect(sage).toHaveLength(250);
    for (const z of zoho) {
      const key = h.crm.store.read('Accounts', z.id)?.fields.Sage_Key as string;
      expect(h.sage.store.read('Accounts', key)?.fields.CustomerName).toBe(z.fields.Account_Name);
    }
    const links = await h.repos.links.list(h.tenantId, 'Accounts');
    expect(links.filter((l) => l.state === 'linked')).toHaveLength(250);
  });

  it('has sageConcurrency records at Sage at once, each under its own number, none wasted', async () => {
    h.deps.sageConcurrency = 4;
    for (let i = 0; i < 20; i++) h.crm.seed('Accounts', account(i));
    const seen = watchSage();
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.counts.created).toBe(20);
    expect(seen.peak).toBe(4);
    const reserved = h.sage.store.writes.filter((w) => w.op === 'nextKey');
    expect(reserved).toHaveLength(20);
    const keys = h.sage.store.all('Accounts').map((r) => r.id);
    expect(new Set(keys).size).toBe(20);
    expect(keys.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `01-${String(i + 1).padStart(7, '0')}`),
    );
  });

  it('reads the next page while the current one is written', async () => {
    h.deps.pageSize = 2;
    for (let i = 0; i < 4; i++) h.crm.seed('Accounts', account(i));
    const order: string[] = [];
    const list = h.crm.listChanges.bind(h.crm);
    vi.spyOn(h.crm, 'listChanges').mockImplementation(async (...args) => {
      order.push('read');
      return list(...args);
    });
    const keys = h.crm.setSageKeys.bind(h.crm);
    vi.spyOn(h.crm, 'setSageKeys').mockImplementation(async (...args) => {
      order.push(`keys ${args[1].length}`);
      return keys(...args);
    });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.counts.created).toBe(4);
    // Page 2 is read before page 1's keys go back (one read after the other without read-ahead).
    expect(order.slice(0, 3)).toEqual(['read', 'read', 'keys 2']);
    expect(order.filter((o) => o.startsWith('keys'))).toEqual(['keys 2', 'keys 2']);
  });

  it('writes one record at a time when sageConcurrency is unset', async () => {
    for (let i = 0; i < 5; i++) h.crm.seed('Accounts', account(i));
    const seen = watchSage();
    await h.engine.run(h.tenantId, 'Accounts');
    expect(seen.peak).toBe(1);
    expect(h.sage.store.all('Accounts')).toHaveLength(5);
  });

  it('a failed create among concurrent ones keeps its number and reuses it on retry', async () => {
    h.deps.sageConcurrency = 4;
    for (let i = 0; i < 8; i++) h.crm.seed('Accounts', account(i));
    h.sage.store.failNext('create', 'SY_Locked', 'the record is in use', true);
    const first = await h.engine.run(h.tenantId, 'Accounts');
    expect(first).toMatchObject({ status: 'partial', counts: { created: 7, failed: 1 } });
    const intents = (await h.repos.links.list(h.tenantId, 'Accounts')).filter(
      (l) => l.state === 'intent',
    );
    expect(intents).toHaveLength(1);
    const held = intents[0]!.sageKey!;
    expect(h.sage.store.read('Accounts', held)).toBeUndefined();

    h.clock.tick(61);
    const retry = await h.engine.run(h.tenantId, 'Accounts');
    expect(retry).toMatchObject({ status: 'succeeded', counts: { retried: 1, created: 1 } });
    expect(h.sage.store.read('Accounts', held)).toBeDefined();
    expect(h.sage.store.writes.filter((w) => w.op === 'nextKey')).toHaveLength(8);
    expect(h.sage.store.all('Accounts')).toHaveLength(8);
    expect(h.crm.store.all('Accounts').filter((z) => z.fields.Sage_Key === held)).toHaveLength(1);
  });

  it('a key Zoho refuses fails only that record, which keeps its Sage key for the retry', async () => {
    h.deps.sageConcurrency = 2;
    for (let i = 0; i < 3; i++) h.crm.seed('Accounts', account(i));
    h.crm.store.failNext('setSageKey', 'RECORD_LOCKED', 'the record is locked', true);
    const first = await h.engine.run(h.tenantId, 'Accounts');
    expect(first).toMatchObject({ status: 'partial', counts: { created: 2, failed: 1 } });
    expect(h.sage.store.all('Accounts')).toHaveLength(3);
    h.clock.tick(61);
    const retry = await h.engine.run(h.tenantId, 'Accounts');
    expect(retry.status).toBe('succeeded');
    expect(h.sage.store.all('Accounts')).toHaveLength(3);
    expect(h.sage.store.writes.filter((w) => w.op === 'nextKey')).toHaveLength(3);
    const keys = h.crm.store.all('Accounts').map((z) => z.fields.Sage_Key);
    expect(new Set(keys).size).toBe(3);
    expect(keys.sort()).toEqual(
      h.sage.store
        .all('Accounts')
        .map((r) => r.id)
        .sort(),
    );
  });
});
