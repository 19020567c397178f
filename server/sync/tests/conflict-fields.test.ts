import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from '../../../test/db.js';
import { SyncError } from '../errors.js';
import { openHarness, type Harness } from '../testing/harness.js';

/** A review-list conflict settled field by field: each contested field keeps the side chosen. */
describe.each(testEngines())('conflict resolved per field (%s)', (engine) => {
  let h: Harness;
  let zohoId: string;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
    h.sage.seed('Accounts', {
      ARDivisionNo: '01',
      CustomerNo: 'ABC',
      CustomerName: 'Customer ABC',
      City: 'Irvine',
      TelephoneNo: '(949) 555-0100',
    });
    await h.engine.run(h.tenantId, 'Accounts');
    zohoId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.sage.edit('Accounts', '01-ABC', { City: 'Tustin', TelephoneNo: '(949) 555-0111' });
    h.crm.edit('Accounts', zohoId, { Billing_City: 'Anaheim', Phone: '(949) 555-0122' });
    await h.engine.run(h.tenantId, 'Accounts');
  });
  afterEach(() => h.close());

  it('writes Zoho’s city to Sage and Sage’s phone to Zoho', async () => {
    const [conflict] = await h.repos.conflicts.listOpen(h.tenantId, 'Accounts');
    expect(conflict!.fields.map((f) => f.field).sort()).toEqual([
      'Billing_City ↔ City',
      'Phone ↔ TelephoneNo',
    ]);
    const report = await h.engine.resolveConflict(h.tenantId, conflict!.id, {
      'Billing_City ↔ City': 'zoho',
      'Phone ↔ TelephoneNo': 'sage',
    });
    expect(report.status).toBe('succeeded');
    expect(h.sage.store.read('Accounts', '01-ABC')?.fields).toMatchObject({
      City: 'Anaheim',
      TelephoneNo: '(949) 555-0111',
    });
    expect(h.crm.store.read('Accounts', zohoId)?.fields).toMatchObject({
      Billing_City: 'Anaheim',
      Phone: '(949) 555-0111',
    });
    expect(await h.repos.conflicts.listOpen(h.tenantId, 'Accounts')).toEqual([]);
    const settled = await h.repos.conflicts.get(h.tenantId, conflict!.id);
    expect(settled?.resolution).toMatch(/Billing_City ↔ City: zoho/);
  });

  it('refuses a choice that leaves a field out or names one not contested', async () => {
    const [conflict] = await h.repos.conflicts.listOpen(h.tenantId, 'Accounts');
    const partial = h.engine.resolveConflict(h.tenantId, conflict!.id, {
      'Billing_City ↔ City': 'zoho',
    });
    await expect(partial).rejects.toThrow(SyncError);
    await expect(partial).rejects.toThrow(/choose a side for Phone ↔ TelephoneNo/);
    await expect(
      h.engine.resolveConflict(h.tenantId, conflict!.id, {
        'Billing_City ↔ City': 'zoho',
        'Phone ↔ TelephoneNo': 'sage',
        'Email ↔ EmailAddress': 'sage',
      }),
    ).rejects.toThrow(/not contested: Email ↔ EmailAddress/);
    expect(await h.repos.conflicts.listOpen(h.tenantId, 'Accounts')).toHaveLength(1);
  });
});
