import { describe, expect, it } from 'vitest';
import { SageStore, SageStoreError, type SageChange } from './store.js';

function storeAt(iso: string) {
  let now = new Date(iso);
  const store = new SageStore({ clock: () => now });
  const abc = store.addCompany({
    CompanyCode: 'ABC',
    CompanyName: 'ABC Distribution',
    WebServicesEnabled: 'Y',
    timeZone: 'America/Chicago',
    NextCustomerNo: 100,
    NextSalesOrderNo: 500,
  });
  return { store, abc, setNow: (t: string) => (now = new Date(t)) };
}

describe('SageStore', () => {
  it('stamps created and updated date, decimal-hour time and user in the company time zone', () => {
    const { abc, setNow } = storeAt('2026-11-21T20:30:30Z'); // 14:30:30 CST
    const row = abc.insert(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF', CustomerName: 'American Business Futures' },
      { userKey: '0000000007' },
    );
    expect(row).toMatchObject({
      DateCreated: '20261121',
      TimeCreated: '14.50833',
      UserCreatedKey: '0000000007',
      DateUpdated: '20261121',
      TimeUpdated: '14.50833',
      UserUpdatedKey: '0000000007',
    });
    setNow('2026-11-22T05:15:00Z'); // 23:15 CST the day before in UTC terms
    abc.update('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' }, { CreditHold: 'Y' });
    expect(abc.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })).toMatchObject({
      CustomerName: 'American Business Futures',
      CreditHold: 'Y',
      DateCreated: '20261121',
      DateUpdated: '20261121',
      TimeUpdated: '23.25000',
      UserUpdatedKey: '0000000000',
    });
  });

  it('rejects a duplicate key and an update of a missing row with typed errors', () => {
    const { abc } = storeAt('2026-01-01T00:00:00Z');
    abc.insert('CI_Item', { ItemCode: 'A-100', ItemCodeDesc: 'Widget' });
    expect(() => abc.insert('CI_Item', { ItemCode: 'A-100' })).toThrow(SageStoreError);
    try {
      abc.update('CI_Item', { ItemCode: 'NOPE' }, { ItemCodeDesc: 'x' });
      expect.unreachable();
    } catch (err) {
      expect((err as SageStoreError).reason).toBe('not_found');
    }
    expect(() => abc.insert('CI_Item', { ItemCodeDesc: 'no key' })).toThrow(/key column ItemCode/);
  });

  it('bulkImport changes rows without moving DateUpdated/TimeUpdated', () => {
    const { abc, setNow } = storeAt('2026-03-01T12:00:00Z');
    abc.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C1', CustomerName: 'Old' });
    setNow('2026-03-05T12:00:00Z');
    abc.bulkImport('AR_Customer', [{ ARDivisionNo: '01', CustomerNo: 'C1', CustomerName: 'New' }]);
    const row = abc.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C1' });
    expect(row?.CustomerName).toBe('New');
    expect(row?.DateUpdated).toBe('20260301');
    expect(row?.TimeUpdated).toBe('6.00000');
  });

  it('lists rows in key order with an optional filter and notifies subscribers', () => {
    const { store, abc } = storeAt('2026-01-01T00:00:00Z');
    const seen: SageChange[] = [];
    const off = store.subscribe((c) => seen.push(c));
    abc.insert('AR_CustomerContact', { ARDivisionNo: '01', CustomerNo: 'B', ContactCode: 'X' });
    abc.insert('AR_CustomerContact', { ARDivisionNo: '01', CustomerNo: 'A', ContactCode: 'Y' });
    abc.insert('AR_CustomerContact', { ARDivisionNo: '01', CustomerNo: 'A', ContactCode: 'X' });
    expect(abc.list('AR_CustomerContact').map((r) => `${r.CustomerNo}${r.ContactCode}`)).toEqual([
      'AX',
      'AY',
      'BX',
    ]);
    expect(abc.list('AR_CustomerContact', { CustomerNo: 'A' })).toHaveLength(2);
    abc.delete('AR_CustomerContact', { ARDivisionNo: '01', CustomerNo: 'B', ContactCode: 'X' });
    off();
    abc.insert('CI_Item', { ItemCode: 'Z' });
    expect(seen.map((c) => c.kind)).toEqual(['insert', 'insert', 'insert', 'delete']);
    expect(seen[3]?.key).toEqual({ ARDivisionNo: '01', CustomerNo: 'B', ContactCode: 'X' });
  });

  it('undoes every write of a failed transaction and publishes none of its events', () => {
    const { abc } = storeAt('2026-01-01T00:00:00Z');
    abc.insert('SO_SalesOrderHeader', { SalesOrderNo: '0000001', CustomerNo: 'A' });
    const seen: SageChange[] = [];
    abc.subscribe((c) => seen.push(c));
    expect(() =>
      abc.transaction(() => {
        abc.update('SO_SalesOrderHeader', { SalesOrderNo: '0000001' }, { CustomerNo: 'B' });
        abc.insert('SO_SalesOrderDetail', { SalesOrderNo: '0000001', LineKey: '000001' });
        throw new Error('line 2 invalid');
      }),
    ).toThrow('line 2 invalid');
    expect(abc.get('SO_SalesOrderHeader', { SalesOrderNo: '0000001' })?.CustomerNo).toBe('A');
    expect(abc.count('SO_SalesOrderDetail')).toBe(0);
    expect(seen).toEqual([]);
  });

  it('advances next-number counters on every call and finds companies case-insensitively', () => {
    const { store, abc } = storeAt('2026-01-01T00:00:00Z');
    expect(abc.nextNumber('CustomerNo')).toBe('0000100');
    expect(abc.nextNumber('CustomerNo')).toBe('0000101');
    expect(abc.nextNumber('SalesOrderNo')).toBe('0000500');
    expect(store.company('abc')).toBe(abc);
    expect(store.company('XYZ')).toBeUndefined();
  });
});
