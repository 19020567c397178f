import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoApiError, ZohoRequestError } from './errors.js';
import { ZohoRecordsApi } from './records-api.js';
import type { ZohoCall } from './transport-types.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../../test/zoho/fixture.js';

/** The records API against the Zoho simulator, over HTTP. */
describe('Zoho records API', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme');
    fx.sim.admin.createCustomModule(tenant.orgId, 'GL_Accounts', 'GL Account', 'GL Accounts');
  });
  afterEach(async () => fx.close());

  const crm = () => fx.client.forTenant(tenant.tenantId).records;

  it('gets one record with the fields asked for, and nothing for an unknown id', async () => {
    const [id] = fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      { Account_Name: 'Bolt Supply', Phone: '555-0100', Billing_City: 'Austin' },
    ]);
    const rec = await crm().getRecord('Accounts', id!, ['Account_Name', 'Phone']);
    expect(rec).toEqual({ id, Account_Name: 'Bolt Supply', Phone: '555-0100' });
    expect(await crm().getRecord('Accounts', '5725767000999999999', ['Account_Name'])).toBe(
      undefined,
    );
    await expect(crm().getRecord('Accounts', '12; drop', ['Account_Name'])).rejects.toBeInstanceOf(
      ZohoRequestError,
    );
    await expect(crm().getRecord('Accounts', id!, [])).rejects.toBeInstanceOf(ZohoRequestError);
  });

  it('pages over 5,000 modified records past the 2,000 cap, each exactly once, oldest first', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const seeded = fx.sim.admin.seedRecords(
      tenant.orgId,
      'Contacts',
      Array.from({ length: 5000 }, (_, i) => ({
        Last_Name: `Contact ${i}`,
        // Several records share each second, as in a bulk import.
        Modified_Time: new Date(start + Math.floor(i / 3) * 1000).toISOString(),
      })),
    );
    const seen: string[] = [];
    let pages = 0;
    let lastTime = '';
    for await (const page of crm().listModified('Contacts', {
      fields: ['Last_Name', 'Modified_Time'],
    })) {
      pages++;
      for (const r of page.records) {
        expect(String(r.Modified_Time) >= lastTime).toBe(true);
        lastTime = String(r.Modified_Time);
        seen.push(r.id);
      }
    }
    expect(pages).toBe(25);
    expect(seen).toHaveLength(5000);
    expect(new Set(seen).size).toBe(5000);
    expect([...seen].sort()).toEqual([...seeded].sort());
  });

  it('resumes paging from a stored cursor, across the 2,000 boundary', async () => {
    fx.sim.admin.seedRecords(
      tenant.orgId,
      'Vendors',
      Array.from({ length: 2100 }, (_, i) => ({
        Vendor_Name: `V${i}`,
        Modified_Time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      })),
    );
    const seen = new Set<string>();
    let next;
    let calls = 0;
    do {
      // A fresh call each time, as the engine makes from its saved cursor.
      const page = await crm().listPage('Vendors', { fields: ['Vendor_Name'], perPage: 200, next });
      page.records.forEach((r) => seen.add(r.id));
      next = page.next;
      calls++;
    } while (next);
    expect([calls, seen.size]).toEqual([11, 2100]);
  });

  it('gets several records by id and deletes by id with per-id outcomes', async () => {
    const ids = fx.sim.admin.seedRecords(tenant.orgId, 'Products', [
      { Product_Name: 'A' },
      { Product_Name: 'B' },
      { Product_Name: 'C' },
    ]);
    const got = await crm().getRecords(
      'Products',
      [ids[2]!, ids[0]!, '5725767000999999999'],
      ['Product_Name'],
    );
    expect(got.map((r) => r.Product_Name).sort()).toEqual(['A', 'C']);
    const outcomes = await crm().deleteRecords('Products', [ids[1]!, '5725767000999999999']);
    expect(outcomes[0]).toMatchObject({ ok: true, id: ids[1], action: 'delete' });
    expect(outcomes[1]).toMatchObject({ ok: false, code: 'INVALID_DATA' });
    expect(fx.sim.admin.records(tenant.orgId, 'Products').map((r) => r.Product_Name)).toEqual([
      'A',
      'C',
    ]);
    const deleted = [];
    for await (const page of crm().listDeleted('Products')) deleted.push(...page);
    expect(deleted.map((d) => d.id)).toEqual([ids[1]]);
    await expect(crm().deleteRecords('Products', ['x'])).rejects.toBeInstanceOf(ZohoRequestError);
  });

  it('lists only records modified since a time, and nothing (304) when none changed', async () => {
    fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      { Account_Name: 'Old', Modified_Time: '2026-01-01T00:00:00Z' },
      { Account_Name: 'New', Modified_Time: '2026-03-01T00:00:00Z' },
    ]);
    const names: unknown[] = [];
    for await (const page of crm().listModified('Accounts', {
      since: '2026-02-01T00:00:00Z',
      fields: ['Account_Name'],
    })) {
      names.push(...page.records.map((r) => r.Account_Name));
    }
    expect(names).toEqual(['New']);
    const later: unknown[] = [];
    for await (const page of crm().listModified('Accounts', {
      since: '2026-04-01T00:00:00Z',
      fields: ['Account_Name'],
    })) {
      later.push(page);
    }
    expect(later).toEqual([]);
  });

  it('reports a 207 batch of 100 with 3 bad records as 97 successes and 3 failures naming their fields', async () => {
    await fx.client
      .forTenant(tenant.tenantId)
      .metadata.createFields('Contacts', [
        { field_label: 'Sage Key', data_type: 'text', length: 64, unique: true },
      ]);
    fx.sim.admin.seedRecords(tenant.orgId, 'Contacts', [
      { Last_Name: 'Taken', Email: 'taken@example.com' },
    ]);
    const records: Array<Record<string, unknown>> = Array.from({ length: 100 }, (_, i) => ({
      Last_Name: `Buyer ${i}`,
      Sage_Key: `01-ABC-${i}`,
    }));
    records[10] = { Sage_Key: '01-ABC-10', First_Name: 'No last name' };
    records[42] = { Last_Name: 'Bad Email', Email: 'not-an-email', Sage_Key: '01-ABC-42' };
    records[77] = { Last_Name: 'Dup', Sage_Key: '01-ABC-5' };
    const outcomes = await crm().upsert('Contacts', records, {
      duplicateCheckFields: ['Email'],
      trigger: [],
    });
    expect(outcomes).toHaveLength(100);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(97);
    const failures = outcomes.filter((o) => !o.ok);
    expect(failures.map((f) => (f.ok ? null : [f.index, f.code, f.field]))).toEqual([
      [10, 'MANDATORY_NOT_FOUND', 'Last_Name'],
      [42, 'INVALID_DATA', 'Email'],
      [77, 'DUPLICATE_DATA', 'Sage_Key'],
    ]);
    const first = outcomes[0]!;
    expect(first.ok && first.action).toBe('insert');
    expect(first.ok && /^\d{19}$/.test(first.id)).toBe(true);
    expect(fx.sim.admin.records(tenant.orgId, 'Contacts')).toHaveLength(98);
  });

  it('upserts in batches of at most 100, matching existing records on the duplicate check field', async () => {
    fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [{ Account_Name: 'Existing', Phone: '1' }]);
    const records = Array.from({ length: 250 }, (_, i) => ({
      Account_Name: i === 0 ? 'Existing' : `Acct ${i}`,
      Phone: '2',
    }));
    const outcomes = await crm().upsert('Accounts', records, {
      duplicateCheckFields: ['Account_Name'],
    });
    expect(outcomes.map((o) => o.index)).toEqual(records.map((_, i) => i));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const first = outcomes[0]!;
    expect(first.ok && [first.action, first.duplicateField]).toEqual(['update', 'Account_Name']);
    expect(fx.sim.admin.records(tenant.orgId, 'Accounts')).toHaveLength(250);
    // No trigger option: Zoho's default runs workflows for each of the 250 writes.
    expect(fx.sim.admin.stats(tenant.orgId).workflowRuns).toBe(250);
  });

  it('suppresses workflows with trigger: [] and runs them when asked', async () => {
    await crm().upsert('Accounts', [{ Account_Name: 'Quiet' }], { trigger: [] });
    expect(fx.sim.admin.stats(tenant.orgId).workflowRuns).toBe(0);
    await crm().upsert('Accounts', [{ Account_Name: 'Loud' }], { trigger: ['workflow'] });
    expect(fx.sim.admin.stats(tenant.orgId).workflowRuns).toBe(1);
  });

  it('updates by id and reports an unknown id as INVALID_DATA on id', async () => {
    const [id] = fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [{ Account_Name: 'Before' }]);
    const outcomes = await crm().update('Accounts', [
      { id, Account_Name: 'After' },
      { id: '5725767000999999999', Account_Name: 'Ghost' },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, id, action: 'update' });
    expect(outcomes[1]).toMatchObject({ ok: false, code: 'INVALID_DATA', field: 'id' });
    expect(fx.sim.admin.record(tenant.orgId, 'Accounts', id!)?.Account_Name).toBe('After');
    await expect(crm().update('Accounts', [{ Account_Name: 'no id' }])).rejects.toBeInstanceOf(
      ZohoRequestError,
    );
  });

  it('searches with values escaped, so commas and parentheses match literally', async () => {
    fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      { Account_Name: 'Smith, J (UK)', Billing_City: 'Leeds' },
      { Account_Name: 'Smith', Billing_City: 'Leeds' },
      { Account_Name: 'Jones', Billing_City: 'York' },
    ]);
    const exact = await crm().search(
      'Accounts',
      { field: 'Account_Name', op: 'equals', value: 'Smith, J (UK)' },
      { fields: ['Account_Name'] },
    );
    expect(exact.map((r) => r.Account_Name)).toEqual(['Smith, J (UK)']);
    const both = await crm().search('Accounts', {
      and: [
        { field: 'Billing_City', op: 'equals', value: 'Leeds' },
        { field: 'Account_Name', op: 'starts_with', value: 'Smith' },
      ],
    });
    expect(both).toHaveLength(2);
    expect(
      await crm().search('Accounts', { field: 'Account_Name', op: 'equals', value: 'Nobody' }),
    ).toEqual([]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      field: 'Account_Name',
      op: 'equals' as const,
      value: `n${i}`,
    }));
    await expect(crm().search('Accounts', { or: eleven })).rejects.toBeInstanceOf(ZohoRequestError);
  });

  it('runs COQL and types a syntax error', async () => {
    fx.sim.admin.seedRecords(tenant.orgId, 'Accounts', [
      { Account_Name: 'Alpha', Billing_City: 'Austin' },
      { Account_Name: 'Beta', Billing_City: 'Boston' },
    ]);
    const result = await crm().coql(
      "select Account_Name, Billing_City from Accounts where Billing_City = 'Boston' limit 0, 200",
    );
    expect(result.records.map((r) => r.Account_Name)).toEqual(['Beta']);
    expect(result.more).toBe(false);
    const empty = await crm().coql("select Account_Name from Accounts where Account_Name = 'Nope'");
    expect(empty).toEqual({ records: [], more: false });
    const err = await crm()
      .coql('selekt everything where 1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoApiError);
    expect((err as ZohoApiError).code).toBe('SYNTAX_ERROR');
    expect((err as ZohoApiError).status).toBe(400);
    // Zoho refuses COQL without WHERE; the client says so without spending a call.
    await expect(crm().coql('select Account_Name from Accounts limit 10')).rejects.toThrow(
      /needs a WHERE clause/,
    );
  });

  it('lists records deleted since a time', async () => {
    const [a, b] = fx.sim.admin.seedRecords(tenant.orgId, 'Products', [
      { Product_Name: 'Bolt' },
      { Product_Name: 'Nut' },
    ]);
    fx.sim.admin.deleteRecord(tenant.orgId, 'Products', a!);
    fx.sim.admin.advanceClock(120_000);
    fx.sim.admin.deleteRecord(tenant.orgId, 'Products', b!);
    const all = [];
    for await (const page of crm().listDeleted('Products')) all.push(...page);
    expect(all.map((d) => [d.id, d.displayName])).toEqual([
      [b, 'Nut'],
      [a, 'Bolt'],
    ]);
    const recent = [];
    for await (const page of crm().listDeleted('Products', {
      since: new Date(Date.now() + 60_000),
    })) {
      recent.push(...page);
    }
    expect(recent.map((d) => d.id)).toEqual([b]);
    const none = [];
    for await (const page of crm().listDeleted('Vendors')) none.push(...page);
    expect(none).toEqual([]);
  });

  it('types a call on a module the org does not have', async () => {
    const err = await crm()
      .getRecord('Nonexistent_Module', '1', ['Name'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoApiError);
    expect((err as ZohoApiError).code).toBe('INVALID_MODULE');
  });

  it('records the credits each call spent in the tenant ledger', async () => {
    await crm().coql(
      'select Account_Name from Accounts where Account_Name is not null limit 0, 2000',
    );
    await crm().getRecord('Accounts', '5725767000999999999', ['Account_Name']);
    // One refresh does not cost CRM credits; COQL with LIMIT 2000 costs 3, a get 1.
    expect(await fx.client.creditsUsed(tenant.tenantId)).toBe(4);
    expect(fx.sim.admin.stats(tenant.orgId).creditsUsed).toBe(4);
  });
});

describe('Zoho records API writes that add subform rows', () => {
  const calls: ZohoCall[] = [];
  const api = new ZohoRecordsApi(async (call) => {
    calls.push(call);
    const data = (call.body as { data: unknown[] }).data.map(() => ({
      code: 'SUCCESS',
      status: 'success',
      message: 'record updated',
      details: { id: '5725767000000000001' },
    }));
    return { status: 200, body: { data }, headers: new Headers() };
  });

  it('are not retried blindly: a lost answer may hide rows Zoho appended', async () => {
    const row = (id?: string) => ({
      ...(id ? { id } : {}),
      Product_Name: { id: '9' },
      Quantity: 1,
    });
    await api.update('Sales_Orders', [{ id: '1', Ordered_Items: [row('r1'), row()] }]);
    await api.upsert('Sales_Orders', [{ Subject: 'New', Ordered_Items: [row()] }]);
    await api.update('Sales_Orders', [
      { id: '1', Ordered_Items: [row('r1'), { id: 'r2', _delete: null }] },
    ]);
    await api.update('Accounts', [{ id: '2', Account_Name: 'Bolt', Tag: ['a'] }]);
    expect(calls.map((c) => c.idempotent)).toEqual([false, false, undefined, undefined]);
  });
});
