import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { map } from '../catalog/types.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (no: string, extra: Record<string, unknown> = {}) => ({
  ARDivisionNo: '01',
  CustomerNo: no,
  CustomerName: `Customer ${no}`,
  AddressLine1: '12 Main Street',
  AddressLine2: 'Suite 4',
  City: 'Irvine',
  State: 'CA',
  ZipCode: '92618',
  TelephoneNo: '(949) 555-0100',
  EmailAddress: `ap@${no.toLowerCase()}.example`,
  CreditLimit: 15000,
  CreditHold: 'N',
  CurrentBalance: 1234.5,
  CustomerType: 'RET',
  SalespersonNo: '0100',
  TermsCode: '01',
  ...extra,
});

describeEngines('Accounts sync (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
  });
  afterEach(() => h.close());

  it('creates a Sage customer in Zoho with mapped values, keyed by the Sage key', async () => {
    h.sage.seed('Accounts', customer('ABC'));
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(report.counts.created).toBe(1);
    const zoho = h.crm.byKey('Accounts', '01-ABC');
    expect(zoho?.fields).toMatchObject({
      Account_Name: 'Customer ABC',
      Account_Number: 'ABC',
      Billing_Street: '12 Main Street\nSuite 4',
      Billing_State: 'CA',
      Phone: '(949) 555-0100',
      Email: 'ap@abc.example',
      Credit_Limit: 15000,
      Credit_Hold: false,
      Balance: 1234.5,
      Account_Type: 'Customer',
      Payment_Terms: 'Net 30',
      Sales_Person_Code: '0100',
      Sage_Key: '01-ABC',
    });
    const link = await h.repos.links.findBySageKey(h.tenantId, 'Accounts', '01-ABC');
    expect(link).toMatchObject({ state: 'linked', zohoId: zoho?.id });
    const [event] = await h.repos.events.query(h.tenantId, {
      runId: report.runId,
      action: 'created',
    });
    expect(event?.changes).toContainEqual({
      field: 'zoho.Account_Name',
      before: null,
      after: 'Customer ABC',
    });
    expect(await h.repos.cursors.get(h.tenantId, 'Accounts', 'sage')).toBeDefined();
  });

  it('creates a Zoho account in Sage under a reserved key and writes the key back to Zoho', async () => {
    const z = h.crm.seed('Accounts', {
      Account_Name: 'Zeta Labs',
      Billing_State: 'ca',
      Phone: '9495550199',
    });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    const created = h.sage.store.all('Accounts');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      id: '01-0000001',
      fields: {
        ARDivisionNo: '01',
        CustomerNo: '0000001',
        CustomerName: 'Zeta Labs',
        State: 'CA',
        TelephoneNo: '(949) 555-0199',
      },
    });
    expect(h.crm.store.read('Accounts', z.id)?.fields.Sage_Key).toBe('01-0000001');
    expect(h.crm.store.all('Accounts')).toHaveLength(1);
  });

  it('recognises its own writes coming back as echoes and writes nothing more', async () => {
    h.sage.seed('Accounts', customer('ABC'));
    const first = await h.engine.run(h.tenantId, 'Accounts');
    // The Zoho pass of the same run reads back the account the Sage pass just wrote.
    expect(first.counts).toMatchObject({ created: 1, echo: 1 });
    const second = await h.engine.run(h.tenantId, 'Accounts');
    expect(second.counts.created ?? 0).toBe(0);
    expect(h.sage.store.count('update') + h.crm.store.count('update')).toBe(0);
    expect(h.sage.store.count('create')).toBe(0);
  });

  it('leaves a two-way module quiet for 10 cycles after one edit on each side: one write each way', async () => {
    h.sage.seed('Accounts', customer('ABC'));
    h.crm.seed('Accounts', { Account_Name: 'Zeta Labs' });
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    const before = { sage: h.sage.store.writes.length, crm: h.crm.store.writes.length };
    h.sage.edit('Accounts', '01-ABC', { TelephoneNo: '(949) 555-0111' });
    h.crm.edit('Accounts', zohoId, { Website: 'https://abc.example' });
    for (let i = 0; i < 10; i++) await h.engine.run(h.tenantId, 'Accounts');
    const sageWrites = h.sage.store.writes.slice(before.sage);
    const crmWrites = h.crm.store.writes.slice(before.crm);
    expect(crmWrites).toEqual([
      expect.objectContaining({ op: 'update', fields: { Phone: '(949) 555-0111' } }),
    ]);
    expect(sageWrites).toEqual([
      expect.objectContaining({ op: 'update', fields: { URLAddress: 'https://abc.example' } }),
    ]);
  });

  it('merges edits of different fields made on both sides', async () => {
    h.sage.seed('Accounts', customer('ABC'));
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.sage.edit('Accounts', '01-ABC', { City: 'Tustin' });
    h.crm.edit('Accounts', zohoId, { Website: 'https://abc.example' });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields).toMatchObject({
      City: 'Tustin',
      URLAddress: 'https://abc.example',
    });
    expect(h.crm.store.read('Accounts', zohoId)?.fields).toMatchObject({
      Billing_City: 'Tustin',
      Website: 'https://abc.example',
    });
  });

  it("never reverts the other side's edit in a one-flow run of a two-way module", async () => {
    h.sage.seed('Accounts', customer('ABC', { URLAddress: 'https://old.example' }));
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.crm.edit('Accounts', zohoId, { Website: 'https://new.example' });
    h.sage.edit('Accounts', '01-ABC', { City: 'Tustin' });
    await h.engine.run(h.tenantId, 'Accounts', { kind: 'manual', direction: 'sage_to_zoho' });
    expect(h.crm.store.read('Accounts', zohoId)?.fields).toMatchObject({
      Billing_City: 'Tustin',
      Website: 'https://new.example',
    });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields.URLAddress).toBe('https://new.example');
  });

  it('sends a field both sides changed within the clock-skew tolerance to the review list', async () => {
    h.sage.seed('Accounts', customer('ABC'));
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.sage.edit('Accounts', '01-ABC', { City: 'Tustin' });
    h.crm.edit('Accounts', zohoId, { Billing_City: 'Anaheim' });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    expect(report.counts.conflict).toBeGreaterThanOrEqual(1);
    const [conflict] = await h.repos.conflicts.listOpen(h.tenantId, 'Accounts');
    expect(conflict?.fields).toEqual([
      { field: 'Billing_City ↔ City', zohoValue: 'Anaheim', sageValue: 'Tustin' },
    ]);
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields.City).toBe('Tustin');
    expect(h.crm.store.read('Accounts', zohoId)?.fields.Billing_City).toBe('Anaheim');
    // One review item, however many runs see it.
    await h.engine.run(h.tenantId, 'Accounts');
    expect(await h.repos.conflicts.listOpen(h.tenantId, 'Accounts')).toHaveLength(1);

    const resolved = await h.engine.resolveConflict(h.tenantId, conflict!.id, 'zoho');
    expect(resolved.status).toBe('succeeded');
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields.City).toBe('Anaheim');
    expect(await h.repos.conflicts.listOpen(h.tenantId, 'Accounts')).toEqual([]);
  });

  it('lets the most recent edit win when the two are further apart than the tolerance', async () => {
    h.sage.seed('Accounts', customer('ABC'));
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.sage.edit('Accounts', '01-ABC', { City: 'Tustin' });
    h.clock.tick(600);
    h.crm.edit('Accounts', zohoId, { Billing_City: 'Anaheim' });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields.City).toBe('Anaheim');
    expect(await h.repos.conflicts.listOpen(h.tenantId, 'Accounts')).toEqual([]);
  });

  it('applies a per-field owner over the module policy', async () => {
    await h.configure('Accounts', 'both', { conflictPolicy: 'zoho_wins' });
    const { CATALOG } = await import('../catalog/index.js');
    await h.repos.mappings.replaceMappings(
      h.tenantId,
      'Accounts',
      CATALOG.Accounts.defaultMappings.map((m) =>
        m.sageField === 'City' ? { ...m, owner: 'sage' as const } : m,
      ),
    );
    h.sage.seed('Accounts', customer('ABC'));
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.crm.edit('Accounts', zohoId, { Billing_City: 'Anaheim', Billing_Code: '92801' });
    h.clock.tick(600);
    h.sage.edit('Accounts', '01-ABC', { City: 'Tustin', ZipCode: '92780' });
    await h.engine.run(h.tenantId, 'Accounts');
    // City belongs to Sage; the zip follows the module policy (Zoho wins).
    expect(h.crm.store.read('Accounts', zohoId)?.fields).toMatchObject({
      Billing_City: 'Tustin',
      Billing_Code: '92801',
    });
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields).toMatchObject({
      City: 'Tustin',
      ZipCode: '92801',
    });
  });

  it('carries a value cleared since the last sync, on either side, to the other (ADR 0091)', async () => {
    h.sage.seed('Accounts', customer('ABC', { FaxNo: '(949) 555-0109', AddressLine3: 'Floor 2' }));
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    expect(h.crm.store.read('Accounts', zohoId)?.fields.Billing_Street).toBe(
      '12 Main Street\nSuite 4\nFloor 2',
    );
    h.sage.edit('Accounts', '01-ABC', { FaxNo: '' });
    h.clock.tick(600);
    // A Zoho user blanks the phone and deletes the address's middle line.
    h.crm.edit('Accounts', zohoId, { Phone: null, Billing_Street: '12 Main Street\nFloor 2' });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(h.crm.store.read('Accounts', zohoId)?.fields.Fax ?? null).toBeNull();
    const sage = h.sage.store.read('Accounts', '01-ABC')?.fields;
    expect(sage).toMatchObject({ AddressLine1: '12 Main Street', AddressLine2: 'Floor 2' });
    expect(sage?.TelephoneNo ?? '').toBe('');
    expect(sage?.AddressLine3 ?? '').toBe('');
    const [event] = await h.repos.events.query(h.tenantId, {
      runId: report.runId,
      action: 'updated',
    });
    expect(event?.changes).toEqual(
      expect.arrayContaining([
        { field: 'sage.TelephoneNo', before: '(949) 555-0100', after: null },
        { field: 'zoho.Fax', before: '(949) 555-0109', after: null },
      ]),
    );
    // Agreed now: the next run has nothing to write either way.
    const quiet = await h.engine.run(h.tenantId, 'Accounts');
    expect(quiet.counts.updated ?? 0).toBe(0);
    expect(quiet.counts.conflict ?? 0).toBe(0);
  });

  it('never lets an empty value with no history, or one in a conflict, overwrite a filled one', async () => {
    // An initial match: Zoho's account never had the fax or web site Sage holds.
    h.crm.seed('Accounts', { Account_Name: 'Customer ABC', Sage_Key: '01-ABC', Fax: null });
    h.sage.seed(
      'Accounts',
      customer('ABC', { FaxNo: '(949) 555-0109', URLAddress: 'https://abc.example' }),
    );
    await h.engine.run(h.tenantId, 'Accounts');
    const zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields.FaxNo).toBe('(949) 555-0109');
    expect(h.crm.store.read('Accounts', zohoId)?.fields.Fax).toBe('(949) 555-0109');
    // Both sides change the fax, Sage last and clearing it: the most recent edit would win, but
    // an empty one does not overwrite Zoho's new number.
    h.crm.edit('Accounts', zohoId, { Fax: '(949) 555-0110' });
    h.clock.tick(600);
    h.sage.edit('Accounts', '01-ABC', { FaxNo: '' });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.crm.store.read('Accounts', zohoId)?.fields.Fax).toBe('(949) 555-0110');
    // A mapping marked "empty overwrites" carries even an empty with no history.
    const { CATALOG } = await import('../catalog/index.js');
    await h.repos.mappings.replaceMappings(
      h.tenantId,
      'Accounts',
      CATALOG.Accounts.defaultMappings.map((m) =>
        m.sageField === 'URLAddress' ? { ...m, emptyOverwrites: true } : m,
      ),
    );
    h.crm.edit('Accounts', zohoId, { Website: 'https://zoho.example' });
    h.clock.tick(600);
    h.crm.edit('Accounts', zohoId, { Website: null });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields.URLAddress ?? '').toBe('');
  });

  it('syncs a customer whose type the code table lacks, leaving Account Type and saying why', async () => {
    h.sage.seed('Accounts', customer('WHL', { CustomerType: 'WHL' }));
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(report.counts).toMatchObject({ created: 1 });
    const [created] = await h.repos.events.query(h.tenantId, {
      runId: report.runId,
      action: 'created',
    });
    expect(created?.reason).toBe(
      'Account_Type ↔ CustomerType: no translation for "WHL", left as it is',
    );
    const zoho = h.crm.byKey('Accounts', '01-WHL');
    expect(zoho?.fields.Account_Name).toBe('Customer WHL');
    expect(zoho?.fields.Account_Type ?? null).toBeNull();
    // A Zoho type Sage has no code for leaves the Sage customer's type as it is.
    h.crm.edit('Accounts', zoho!.id, { Account_Type: 'Analyst', Phone: '(949) 555-0177' });
    const back = await h.engine.run(h.tenantId, 'Accounts');
    const [updated] = await h.repos.events.query(h.tenantId, {
      runId: back.runId,
      action: 'updated',
    });
    expect(updated?.reason).toBe(
      'Account_Type ↔ CustomerType: no Sage code for "Analyst", left as it is',
    );
    expect(h.sage.store.table('Accounts').get('01-WHL')?.fields).toMatchObject({
      CustomerType: 'WHL',
      TelephoneNo: '(949) 555-0177',
    });
  });

  it('skips, before any call, a record the target would reject, with the reason', async () => {
    h.sage.seed('Accounts', customer('BAD', { CreditLimit: 'lots' }));
    h.sage.seed('Accounts', customer('GOOD'));
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    expect(report.counts).toMatchObject({ created: 1, skipped: 1 });
    expect(report.records).toContainEqual(
      expect.objectContaining({
        sageKey: '01-BAD',
        action: 'skipped',
        reason: 'Credit_Limit ↔ CreditLimit: "lots" is not a number',
      }),
    );
    expect(h.crm.byKey('Accounts', '01-BAD')).toBeUndefined();
    expect(h.crm.store.count('create')).toBe(1);
  });

  it("skips a Zoho account Sage's own pre-check rejects, before reserving a key", async () => {
    h.sage.validate = (_m, fields) =>
      fields.CustomerType === 'RESL' ? ['The Customer Type failed validation on RET,DIST'] : [];
    h.crm.seed('Accounts', { Account_Name: 'Resellers Ltd', Account_Type: 'Reseller' });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('partial');
    expect(report.records[0]?.reason).toBe('The Customer Type failed validation on RET,DIST');
    expect(h.sage.store.count('nextKey')).toBe(0);
    expect(h.sage.store.all('Accounts')).toEqual([]);
  });

  it('trims a value longer than Sage allows at a word boundary and says so', async () => {
    await h.repos.sageConnections.save({
      tenantId: h.tenantId,
      endpointUrl: 'http://127.0.0.1:1/x',
      companyCode: 'ABC',
      username: 'u',
      password: 'p',
      timeZone: 'America/Los_Angeles',
      lengthProfile: '2018',
    });
    h.crm.seed('Accounts', {
      Account_Name: 'International Business Machines Corporation of America',
    });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(h.sage.store.all('Accounts')[0]?.fields.CustomerName).toBe('International Business');
    const [event] = await h.repos.events.query(h.tenantId, {
      runId: report.runId,
      action: 'created',
    });
    expect(event?.reason).toContain('CustomerName trimmed to 30 characters');
  });

  it('takes the length profile from the Sage gateway it was opened with, not a second read of the connection', async () => {
    Object.assign(h.sage, { lengthProfile: '2018' });
    let reads = 0;
    const get = h.repos.sageConnections.get.bind(h.repos.sageConnections);
    h.repos.sageConnections.get = async (tenantId) => (reads++, get(tenantId));
    h.crm.seed('Accounts', {
      Account_Name: 'International Business Machines Corporation of America',
    });
    await h.engine.run(h.tenantId, 'Accounts');
    expect(h.sage.store.all('Accounts')[0]?.fields.CustomerName).toBe('International Business');
    expect(reads).toBe(0);
  });

  it('refuses to run with a filter it cannot evaluate, as a failed run with the reason', async () => {
    await h.repos.mappings.replaceFilters(h.tenantId, 'Accounts', [
      { side: 'sage', field: 'CustomerType', operator: 'resembles', value: 'RET' },
    ]);
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'A', CustomerName: 'A' });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    const reason =
      'invalid mapping for Accounts: filter 1 (CustomerType): unknown operator "resembles"';
    expect(report).toMatchObject({ status: 'failed', reason });
    expect(await h.repos.runs.get(h.tenantId, report.runId)).toMatchObject({
      status: 'failed',
      reason,
    });
    expect(h.crm.store.writes).toEqual([]);
  });

  it('skips records outside the filters without counting them as work left', async () => {
    await h.repos.mappings.replaceFilters(h.tenantId, 'Accounts', [
      { side: 'sage', field: 'CustomerType', operator: 'in', value: ['RET'] },
    ]);
    h.sage.seed('Accounts', customer('RET1'));
    h.sage.seed('Accounts', customer('DST1', { CustomerType: 'DIST' }));
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(report.counts).toMatchObject({ created: 1, skipped: 1, filtered: 1 });
    expect(h.crm.byKey('Accounts', '01-DST1')).toBeUndefined();
  });

  it("reads the custom Zoho fields the tenant's mapping names (the fake returns only those)", async () => {
    await h.repos.mappings.replaceMappings(h.tenantId, 'Accounts', [
      map('Account_Name', 'CustomerName'),
      map('Billing_Email', 'EmailAddress'),
    ]);
    h.crm.seed('Accounts', { Account_Name: 'Fresh Start Co', Billing_Email: 'ap@fresh.example' });
    const report = await h.engine.run(h.tenantId, 'Accounts');
    expect(report.status).toBe('succeeded');
    expect(h.sage.store.writes.find((w) => w.op === 'create')?.fields).toMatchObject({
      CustomerName: 'Fresh Start Co',
      EmailAddress: 'ap@fresh.example',
    });
    expect(h.crm.selected.get('Accounts')).toEqual(
      expect.arrayContaining(['Sage_Key', 'Modified_Time', 'Account_Name', 'Billing_Email']),
    );
  });
});
