import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

const account = { ARDivisionNo: '01', CustomerNo: 'ABC', CustomerName: 'Abc Supply' };
const contact = {
  ARDivisionNo: '01',
  CustomerNo: 'ABC',
  ContactCode: 'JSMITH',
  ContactName: 'Jane Q Smith',
  ContactTitle: 'Buyer',
  EmailAddress: 'jane@abc.example',
  TelephoneNo1: '(949) 555-0101',
};

describeEngines('parents before children (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
    await h.configure('Contacts', 'both');
  });
  afterEach(() => h.close());

  it('holds a contact whose account is not linked, and syncs it after the account', async () => {
    h.sage.seed('Accounts', account);
    h.sage.seed('Contacts', contact);
    const early = await h.engine.run(h.tenantId, 'Contacts');
    expect(early.status).toBe('partial');
    expect(early.records).toContainEqual(
      expect.objectContaining({
        sageKey: '01-ABC-JSMITH',
        action: 'skipped',
        reason: 'Account_Name ↔ ARDivisionNo,CustomerNo: Accounts 01-ABC is not linked yet',
      }),
    );
    expect(h.crm.store.all('Contacts')).toEqual([]);

    await h.engine.run(h.tenantId, 'Accounts');
    const later = await h.engine.run(h.tenantId, 'Contacts');
    expect(later.status).toBe('succeeded');
    const accountId = h.crm.byKey('Accounts', '01-ABC')!.id;
    expect(h.crm.byKey('Contacts', '01-ABC-JSMITH')?.fields).toMatchObject({
      First_Name: 'Jane Q',
      Last_Name: 'Smith',
      Title: 'Buyer',
      Email: 'jane@abc.example',
      Account_Name: { id: accountId },
    });
  });

  it('skips a contact whose account was cleared in Zoho, saying to choose one, and keeps Sage as it was', async () => {
    h.sage.seed('Accounts', account);
    h.sage.seed('Contacts', contact);
    await h.engine.run(h.tenantId, 'Accounts');
    await h.engine.run(h.tenantId, 'Contacts');
    const zohoId = h.crm.byKey('Contacts', '01-ABC-JSMITH')!.id;
    h.clock.tick(600);
    h.crm.edit('Contacts', zohoId, { Account_Name: null, Title: 'Head Buyer' });
    const report = await h.engine.run(h.tenantId, 'Contacts');
    expect(report.records).toContainEqual(
      expect.objectContaining({
        zohoId,
        action: 'skipped',
        reason:
          'no account chosen (Account_Name is empty): Sage files it under its customer; choose the account in Zoho, then sync again',
      }),
    );
    expect(h.sage.store.read('Contacts', '01-ABC-JSMITH')?.fields).toMatchObject({
      CustomerNo: 'ABC',
      ContactTitle: 'Buyer',
    });
  });

  it('holds a Zoho contact whose account is not in Sage yet, and sends it after the account', async () => {
    const account = h.crm.seed('Accounts', { Account_Name: 'Zeta Labs' });
    h.crm.seed('Contacts', {
      First_Name: 'Raj',
      Last_Name: 'Patel',
      Account_Name: { id: account.id },
    });
    const early = await h.engine.run(h.tenantId, 'Contacts');
    expect(early.status).toBe('partial');
    expect(h.sage.store.all('Contacts')).toEqual([]);
    await h.engine.run(h.tenantId, 'Accounts');
    const later = await h.engine.run(h.tenantId, 'Contacts');
    expect(later.status).toBe('succeeded');
    expect(h.sage.store.all('Contacts')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ ContactName: 'Raj Patel', CustomerNo: '0000001' }),
      }),
    ]);
  });

  it('brings the parent along when one record is synced on demand', async () => {
    h.sage.seed('Accounts', account);
    h.sage.seed('Contacts', contact);
    const report = await h.engine.syncRecord(h.tenantId, 'Contacts', {
      side: 'sage',
      id: '01-ABC-JSMITH',
    });
    expect(report.status).toBe('succeeded');
    expect(report.records.map((r) => [r.action, r.sageKey])).toEqual([
      ['created', '01-ABC'],
      ['created', '01-ABC-JSMITH'],
    ]);
    const accountId = h.crm.byKey('Accounts', '01-ABC')!.id;
    expect(h.crm.byKey('Contacts', '01-ABC-JSMITH')?.fields.Account_Name).toEqual({
      id: accountId,
    });
  });

  it('creates a Zoho contact under its linked Sage customer, joining the name', async () => {
    h.sage.seed('Accounts', account);
    await h.engine.run(h.tenantId, 'Accounts');
    const accountId = h.crm.byKey('Accounts', '01-ABC')!.id;
    h.crm.seed('Contacts', {
      First_Name: 'Raj',
      Last_Name: 'Patel',
      Account_Name: { id: accountId, name: 'Abc Supply' },
    });
    const report = await h.engine.run(h.tenantId, 'Contacts');
    expect(report.status).toBe('succeeded');
    const [created] = h.sage.store.all('Contacts');
    expect(created?.fields).toMatchObject({
      ARDivisionNo: '01',
      CustomerNo: 'ABC',
      ContactName: 'Raj Patel',
    });
    expect(created?.id).toMatch(/^01-ABC-RAJPATE\d{3}$/);
  });

  it('orders modules so that parents come first', async () => {
    const { CATALOG, dependencyOrder } = await import('../catalog/index.js');
    const order = dependencyOrder(['Invoices', 'Contacts', 'Sales_Orders', 'Accounts', 'Products']);
    expect([...order].sort()).toEqual([
      'Accounts',
      'Contacts',
      'Invoices',
      'Products',
      'Sales_Orders',
    ]);
    expect(order[0]).toBe('Accounts');
    for (const [i, m] of order.entries()) {
      for (const need of CATALOG[m].needs) expect(order.indexOf(need)).toBeLessThan(i);
    }
  });
});
