import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (no: string) => ({
  ARDivisionNo: '01',
  CustomerNo: no,
  CustomerName: `Customer ${no}`,
  City: 'Irvine',
});

/**
 * Storage per page, not per record: a page's links are loaded in one query and stored in one
 * batch, and its links, events, held records and cursor land in one transaction.
 */
describeEngines('page storage of a run (%s)', (engine) => {
  let h: Harness;
  let statements: string[];
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'sage_to_zoho');
    statements = [];
    h.t.db.on('query', (q: { sql: string }) => statements.push(q.sql.toLowerCase()));
  });
  afterEach(() => h.close());

  it('makes the same few statements for a page of 100 new records as for one', async () => {
    h.deps.pageSize = 100;
    for (let i = 0; i < 250; i++)
      h.sage.seed('Accounts', customer(`N${String(i).padStart(3, '0')}`));
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.counts).toMatchObject({ created: 250 });
    expect((await h.repos.links.list(h.tenantId, 'Accounts')).length).toBe(250);
    const onLinks = (verb: string) =>
      statements.filter(
        (s) => s.startsWith(verb) && /\b(into|from|update) [`"]?links[`"]?\s/.test(s),
      );
    // Three pages: one insert of its new links each, and no update.
    expect(onLinks('insert')).toHaveLength(3);
    expect(onLinks('update')).toHaveLength(0);
    const events = statements.filter((s) => /^insert into [`"]?record_events/.test(s));
    expect(events).toHaveLength(3);
    // Each page's writes in one transaction.
    expect(statements.filter((s) => /^commit;?$/.test(s))).toHaveLength(3);
    // Whatever the page size, nothing is per record: 250 records take far fewer statements.
    expect(statements.length).toBeLessThan(100);
  });

  it("reads the module's settings once a run: the preflight's serve the context", async () => {
    h.sage.seed('Accounts', customer('A'));
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.counts).toMatchObject({ created: 1 });
    const settingsReads = statements.filter((s) =>
      /^select .* from [`"]?module_settings[`"]?/.test(s),
    );
    expect(settingsReads).toHaveLength(1);
  });

  it("stores a page's links, events and cursor together: a failed cursor write leaves none", async () => {
    h.sage.seed('Accounts', customer('A'));
    h.sage.seed('Accounts', customer('B'));
    const set = h.repos.cursors.set.bind(h.repos.cursors);
    h.repos.cursors.set = async () => {
      throw new Error('disk full');
    };
    const failed = await h.engine.run(h.tenantId, 'Accounts');
    expect(failed).toMatchObject({ status: 'failed', reason: 'disk full' });
    expect(await h.repos.links.list(h.tenantId, 'Accounts')).toEqual([]);
    expect(await h.repos.events.query(h.tenantId, { runId: failed.runId })).toEqual([]);
    expect(await h.repos.runs.pages(h.tenantId, failed.runId)).toEqual([]);
    // Zoho took the upserts: the rerun's upserts on the Sage key update them, nothing doubles.
    expect(h.crm.store.all('Accounts')).toHaveLength(2);

    h.repos.cursors.set = set;
    const again = await h.engine.run(h.tenantId, 'Accounts');
    expect(again.status).toBe('succeeded');
    expect(h.crm.store.all('Accounts')).toHaveLength(2);
    const links = await h.repos.links.list(h.tenantId, 'Accounts');
    expect(links.map((l) => [l.sageKey, l.state])).toEqual([
      ['01-A', 'linked'],
      ['01-B', 'linked'],
    ]);
    expect(links.map((l) => l.zohoId).sort()).toEqual(
      h.crm.store
        .all('Accounts')
        .map((r) => r.id)
        .sort(),
    );
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeDefined();
  });
});
