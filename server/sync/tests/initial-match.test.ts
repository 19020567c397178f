import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

const TOTAL = 1000;
const OVERLAP = 600;

/** 1,000 customers in Sage, 1,000 accounts in Zoho, 600 of them the same company typed twice. */
function seed(h: Harness): Map<string, string> {
  const truth = new Map<string, string>();
  for (let i = 0; i < TOTAL; i++) {
    const no = `C${String(i).padStart(4, '0')}`;
    h.sage.seed('Accounts', {
      ARDivisionNo: '01',
      CustomerNo: no,
      CustomerName: `Harbor Supply ${i} Inc.`,
      EmailAddress: `ap${i}@harbor${i}.example`,
      TelephoneNo: `(949) 555-${String(1000 + i)}`,
      ZipCode: '92618',
    });
  }
  for (let i = 0; i < TOTAL; i++) {
    if (i < OVERLAP) {
      // Same company, small differences: case, suffix, phone format, zip+4, email case.
      const z = h.crm.seed('Accounts', {
        Account_Name: i % 2 ? `HARBOR SUPPLY ${i}` : `Harbor Supply ${i}, LLC`,
        Email: i % 3 ? `AP${i}@Harbor${i}.example` : undefined,
        Phone: `949.555.${String(1000 + i)}`,
        Billing_Code: '92618-1234',
      });
      truth.set(z.id, `01-C${String(i).padStart(4, '0')}`);
    } else {
      h.crm.seed('Accounts', {
        Account_Name: `Harbor Supply ${5000 + i}`,
        Email: `sales${i}@elsewhere.example`,
        Phone: `(714) 555-${String(1000 + i)}`,
        Billing_Code: '92618',
      });
    }
  }
  return truth;
}

describeEngines('initial match (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both', { initialMatchDone: false });
  });
  afterEach(() => h.close());

  it('links exact keys, proposes the rest with scores, and the first sync makes no duplicates', async () => {
    const truth = seed(h);
    const gated = await h.engine.run(h.tenantId, 'Accounts');
    expect(gated.status).toBe('failed');
    expect(gated.reason).toBe(
      `initial match: ${OVERLAP} proposed matches await review before the first sync`,
    );
    expect(h.crm.store.writes).toEqual([]);
    expect(h.sage.store.writes).toEqual([]);

    const proposals = await h.repos.matchProposals.list(h.tenantId, 'Accounts', 'open');
    expect(proposals).toHaveLength(OVERLAP);
    for (const p of proposals) expect(p.sageKey).toBe(truth.get(p.zohoId));
    expect(Math.min(...proposals.map((p) => p.score))).toBeGreaterThanOrEqual(70);
    expect(proposals.find((p) => p.zohoId === [...truth.keys()][0])?.reasons).toEqual(
      expect.arrayContaining(['name', 'phone', 'zip']),
    );

    for (const p of proposals) await h.engine.confirmMatch(h.tenantId, p.id);
    const first = await h.engine.run(h.tenantId, 'Accounts');
    expect(first.status).toBe('succeeded');
    const sage = h.sage.store.all('Accounts');
    const zoho = h.crm.store.all('Accounts');
    expect(sage).toHaveLength(TOTAL + (TOTAL - OVERLAP));
    expect(zoho).toHaveLength(TOTAL + (TOTAL - OVERLAP));
    expect(new Set(zoho.map((r) => r.fields.Sage_Key)).size).toBe(zoho.length);
    expect((await h.repos.links.list(h.tenantId, 'Accounts', { state: 'linked' })).length).toBe(
      1400,
    );
  }, 120_000);

  it('links records that already carry the Sage key without asking', async () => {
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'ABC', CustomerName: 'Abc Supply' });
    h.crm.seed('Accounts', { Account_Name: 'ABC Supply Company', Sage_Key: '01-ABC' });
    const summary = await h.engine.proposeMatches(h.tenantId, 'Accounts');
    expect(summary).toEqual({ linkedByKey: 1, proposed: 0, open: 0 });
    // Both names were typed apart, so with no last sync to compare against they conflict.
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    expect(report.counts.conflict).toBe(1);
    const [conflict] = await h.repos.conflicts.listOpen(h.tenantId, 'Accounts');
    expect((await h.engine.resolveConflict(h.tenantId, conflict!.id, 'sage')).status).toBe(
      'succeeded',
    );
    expect(h.crm.store.all('Accounts')[0]?.fields.Account_Name).toBe('Abc Supply');
    expect(h.crm.store.all('Accounts')).toHaveLength(1);
    expect(h.sage.store.all('Accounts')).toHaveLength(1);
  });

  it('holds a per-record sync of a record with an open proposal, and flags a dry run before matching', async () => {
    h.sage.seed('Accounts', {
      ARDivisionNo: '01',
      CustomerNo: 'ABC',
      CustomerName: 'Abc Supply',
      ZipCode: '92618',
    });
    const z = h.crm.seed('Accounts', { Account_Name: 'Abc Supply', Billing_Code: '92618' });
    const dry = await h.engine.dryRun(h.tenantId, 'Accounts');
    expect(dry.flags).toEqual(['initial_match_pending']);
    await h.engine.proposeMatches(h.tenantId, 'Accounts');
    const report = await h.engine.syncRecord(h.tenantId, 'Accounts', { side: 'zoho', id: z.id });
    expect(report.status).toBe('partial');
    expect(report.records[0]?.reason).toMatch(/^a proposed match \(#\d+, score 55\) awaits review/);
    expect(h.sage.store.all('Accounts')).toHaveLength(1);
  });

  it('never proposes a rejected pair again', async () => {
    h.sage.seed('Accounts', {
      ARDivisionNo: '01',
      CustomerNo: 'ABC',
      CustomerName: 'Abc Supply',
      ZipCode: '92618',
    });
    h.crm.seed('Accounts', { Account_Name: 'Abc Supply', Billing_Code: '92618' });
    await h.engine.proposeMatches(h.tenantId, 'Accounts');
    const [p] = await h.repos.matchProposals.list(h.tenantId, 'Accounts', 'open');
    expect(p).toMatchObject({ score: 55, reasons: ['name', 'zip'] });
    await h.engine.rejectMatch(h.tenantId, p!.id);
    const again = await h.engine.proposeMatches(h.tenantId, 'Accounts');
    expect(again.proposed).toBe(0);
    // Rejected: the first sync treats them as two companies.
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.crm.store.all('Accounts')).toHaveLength(2);
  });
});
