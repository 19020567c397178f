import { describe, expect, it } from 'vitest';
import { CUSTOMER_MEMBERS, SALES_ORDER_MEMBERS } from './contracts.js';
import { SageError } from './errors.js';
import { mergeLines, parseCustomer, parseSalesOrder, toRequestRecord } from './records.js';

describe('client records', () => {
  it('reads DateTime members in the Sage zone, including the DST fall-back hour', () => {
    const c = parseCustomer(
      {
        ARDivisionNo: '01',
        CustomerNo: 'A',
        DateTimeUpdated: '2026-11-01T01:30:00',
        DateTimeCreated: '2026-07-01T09:00:00',
      },
      'America/Chicago',
    );
    expect((c.DateTimeUpdated as Date).toISOString()).toBe('2026-11-01T06:30:00.000Z');
    expect((c.DateTimeCreated as Date).toISOString()).toBe('2026-07-01T14:00:00.000Z');
    const ny = parseCustomer(
      { ARDivisionNo: '01', CustomerNo: 'A', DateTimeUpdated: '2026-11-01T01:30:00' },
      'America/New_York',
    );
    expect((ny.DateTimeUpdated as Date).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('normalises one line and one UDF to arrays, and parses decimals given as text', () => {
    const order = parseSalesOrder(
      {
        SalesOrderNo: '0000001',
        Lines: { SalesOrderLine: { ItemCode: 'A', QuantityOrdered: '2.5' } },
        OtherFields: { Field: { MasFieldName: 'UDF_X', Value: '1' } },
      },
      'UTC',
    );
    expect(order.Lines).toEqual([{ ItemCode: 'A', QuantityOrdered: 2.5 }]);
    expect(order.OtherFields).toEqual([{ MasFieldName: 'UDF_X', Value: '1' }]);
    expect(parseSalesOrder({ SalesOrderNo: '0000002' }, 'UTC').Lines).toEqual([]);
  });

  it('rejects an answer of the wrong shape as a protocol error', () => {
    expect(() => parseCustomer({ CreditLimit: { nested: true } }, 'UTC')).toThrow(SageError);
  });

  it('builds requests in WCF order, without server-owned members, blanking dates with NullDateTime', () => {
    const record = toRequestRecord(
      {
        CustomerNo: 'A',
        ZipCode: '60601',
        ARDivisionNo: '01',
        CurrentBalance: 10,
        DateTimeUpdated: new Date(),
        DateEstablished: null,
        DateLastActivity: '2026-02-03',
        CreditLimit: 100,
      },
      CUSTOMER_MEMBERS,
      'America/Chicago',
      'UpdateCustomer',
    );
    expect(Object.keys(record)).toEqual([
      'ARDivisionNo',
      'CreditLimit',
      'CustomerNo',
      'DateEstablished',
      'DateLastActivity',
      'ZipCode',
    ]);
    expect(record.DateEstablished).toBe('0001-01-01T00:00:00');
    expect(record.DateLastActivity).toBe('2026-02-03T00:00:00');
  });

  it('sends lines as SalesOrderLine items and refuses unknown members and wrong types', () => {
    const order = toRequestRecord(
      { SalesOrderNo: '1', Lines: [{ QuantityOrdered: 1, ItemCode: 'A' }] },
      SALES_ORDER_MEMBERS,
      'UTC',
      'CreateSalesOrder',
    );
    expect(order.Lines).toEqual({ SalesOrderLine: [{ ItemCode: 'A', QuantityOrdered: 1 }] });
    expect(() => toRequestRecord({ Colour: 'red' }, CUSTOMER_MEMBERS, 'UTC', 'op')).toThrow(
      'Colour is not a member of this eBWS record',
    );
    expect(() => toRequestRecord({ CreditLimit: '5' }, CUSTOMER_MEMBERS, 'UTC', 'op')).toThrow(
      'CreditLimit must be a number',
    );
    expect(() =>
      toRequestRecord({ DateEstablished: '03/02/2026' }, CUSTOMER_MEMBERS, 'UTC', 'op'),
    ).toThrow(/must be a date/);
  });
});

describe('the line list of an order update (mergeLines)', () => {
  const current = [
    { LineKey: '000001', ItemCode: 'D1001', QuantityOrdered: 5, LineDiscountPercent: 10 },
    { LineKey: '000002', ItemCode: 'H252', QuantityOrdered: 3, WarehouseCode: '002' },
    { LineKey: '000003', ItemCode: 'D1001', QuantityOrdered: 1, QuantityShipped: 1 },
  ];

  it('lays a line without LineKey over the order’s nth line of the same item, keeping its members', () => {
    const lines = mergeLines(current, [
      { ItemCode: 'H252', QuantityOrdered: 4 },
      { ItemCode: 'D1001', QuantityOrdered: 5 },
      { ItemCode: 'd1001', QuantityOrdered: 2 },
    ]);
    expect(lines).toEqual([
      { LineKey: '000002', ItemCode: 'H252', QuantityOrdered: 4, WarehouseCode: '002' },
      { LineKey: '000001', ItemCode: 'D1001', QuantityOrdered: 5, LineDiscountPercent: 10 },
      { LineKey: '000003', ItemCode: 'd1001', QuantityOrdered: 2, QuantityShipped: 1 },
    ]);
  });

  it('a LineKey claims its line first; an item the order lacks is a new line; unclaimed lines go', () => {
    const lines = mergeLines(current, [
      { ItemCode: 'D1001', QuantityOrdered: 7 },
      { LineKey: '000001', ItemCode: 'D1001', QuantityOrdered: 6 },
      { ItemCode: 'NEW-1', QuantityOrdered: 1 },
      { LineKey: '000099', ItemCode: 'H252', QuantityOrdered: 1 },
    ]);
    expect(lines).toEqual([
      { LineKey: '000003', ItemCode: 'D1001', QuantityOrdered: 7, QuantityShipped: 1 },
      { LineKey: '000001', ItemCode: 'D1001', QuantityOrdered: 6, LineDiscountPercent: 10 },
      { ItemCode: 'NEW-1', QuantityOrdered: 1 },
      { LineKey: '000099', ItemCode: 'H252', QuantityOrdered: 1 },
    ]);
  });
});
