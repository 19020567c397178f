import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

/**
 * Sage's UnitPrice holds 6 decimals, a Zoho price its currency's (2 by default): each side gets
 * the value rounded only to what it holds, and the two are compared at the 2 they share, so a
 * price neither changed is never written back (ADR 0085).
 */
describeEngines('Unit prices across 6 and 2 decimals (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
    await h.configure('Products', 'sage_to_zoho');
    await h.configure('Sales_Orders', 'both');
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'ABC', CustomerName: 'Abc Supply' });
    h.sage.seed('Products', { ItemCode: 'WIDGET-1', ItemCodeDesc: 'Blue widget' });
    await h.engine.run(h.tenantId, 'Accounts');
    await h.engine.run(h.tenantId, 'Products');
  });
  afterEach(() => h.close());

  const writesSince = (start: { crm: number; sage: number }) => ({
    crm: h.crm.store.writes.slice(start.crm),
    sage: h.sage.store.writes.slice(start.sage),
  });
  const mark = () => ({ crm: h.crm.store.writes.length, sage: h.sage.store.writes.length });

  it('a Sage price of 9.12345 shows as 9.12 in Zoho and stays 9.12345 in Sage through Zoho edits', async () => {
    h.sage.seed(
      'Sales_Orders',
      { SalesOrderNo: '0000100', ARDivisionNo: '01', CustomerNo: 'ABC', OrderDate: '20261119' },
      [{ ItemCode: 'WIDGET-1', QuantityOrdered: 2, UnitPrice: 9.12345 }],
    );
    await h.engine.run(h.tenantId, 'Sales_Orders');
    const zoho = h.crm.byKey('Sales_Orders', '0000100')!;
    expect(zoho.lines?.[0]).toMatchObject({ Quantity: 2, List_Price: 9.12 });

    // No echo: quiet runs write nothing either way.
    const quiet = mark();
    for (let i = 0; i < 3; i++) await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(writesSince(quiet)).toEqual({ crm: [], sage: [] });

    // A header edit in Zoho does not send Zoho's rounded price over Sage's.
    h.crm.edit('Sales_Orders', zoho.id, { Purchase_Order: 'PO-9' });
    const header = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(header.status, JSON.stringify(header.records)).toBe('succeeded');
    const afterHeader = h.sage.store.read('Sales_Orders', '0000100')!;
    expect(afterHeader.fields.CustomerPONo).toBe('PO-9');
    expect(afterHeader.lines).toEqual([
      expect.objectContaining({ QuantityOrdered: 2, UnitPrice: 9.12345 }),
    ]);

    // Nor does a quantity change on the line: the line goes with Sage's own price.
    const current = h.crm.store.read('Sales_Orders', zoho.id)!;
    h.crm.store.put('Sales_Orders', zoho.id, current.fields, [
      { ...current.lines![0], Quantity: 5 },
    ]);
    await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(h.sage.store.read('Sales_Orders', '0000100')!.lines).toEqual([
      expect.objectContaining({ QuantityOrdered: 5, UnitPrice: 9.12345 }),
    ]);

    // A price the rep changes in Zoho is a change at the decimals both hold, and goes.
    const edited = h.crm.store.read('Sales_Orders', zoho.id)!;
    h.crm.store.put('Sales_Orders', zoho.id, edited.fields, [
      { ...edited.lines![0], List_Price: 9.13 },
    ]);
    await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(h.sage.store.read('Sales_Orders', '0000100')!.lines).toEqual([
      expect.objectContaining({ QuantityOrdered: 5, UnitPrice: 9.13 }),
    ]);
  });

  it('a line removed in Zoho leaves the next line its own precise price, not the removed one', async () => {
    h.sage.seed('Products', { ItemCode: 'WIDGET-2', ItemCodeDesc: 'Red widget' });
    await h.engine.run(h.tenantId, 'Products');
    h.sage.seed(
      'Sales_Orders',
      { SalesOrderNo: '0000101', ARDivisionNo: '01', CustomerNo: 'ABC', OrderDate: '20261119' },
      [
        { ItemCode: 'WIDGET-1', QuantityOrdered: 2, UnitPrice: 9.12345 },
        { ItemCode: 'WIDGET-2', QuantityOrdered: 4, UnitPrice: 9.1249 },
      ],
    );
    await h.engine.run(h.tenantId, 'Sales_Orders');
    const zoho = h.crm.byKey('Sales_Orders', '0000101')!;
    const current = h.crm.store.read('Sales_Orders', zoho.id)!;
    expect(current.lines?.map((l) => l.List_Price)).toEqual([9.12, 9.12]);

    // The rep removes the first line: the second, now first, agrees at 2 decimals with the
    // removed line's 9.12345, and is still WIDGET-2 at Sage's own 9.1249.
    h.crm.store.put('Sales_Orders', zoho.id, current.fields, [current.lines![1]!]);
    const run = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(run.status, JSON.stringify(run.records)).toBe('succeeded');
    expect(h.sage.store.read('Sales_Orders', '0000101')!.lines).toEqual([
      expect.objectContaining({ ItemCode: 'WIDGET-2', QuantityOrdered: 4, UnitPrice: 9.1249 }),
    ]);
  });

  it('a Zoho price with more than 2 decimals reaches Sage whole, and nothing comes back', async () => {
    const order = h.crm.seed(
      'Sales_Orders',
      {
        Subject: 'Fine prices',
        Account_Name: { id: h.crm.byKey('Accounts', '01-ABC')!.id },
        Order_Date: '2026-11-20',
      },
      [
        {
          Product_Name: { id: h.crm.byKey('Products', 'WIDGET-1')!.id },
          Quantity: 3,
          List_Price: 12.3456,
        },
      ],
    );
    const sent = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(sent.status, JSON.stringify(sent.records)).toBe('succeeded');
    const [sage] = h.sage.store.all('Sales_Orders');
    expect(sage?.lines).toEqual([{ ItemCode: 'WIDGET-1', QuantityOrdered: 3, UnitPrice: 12.3456 }]);

    const quiet = mark();
    for (let i = 0; i < 3; i++) await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(writesSince(quiet)).toEqual({ crm: [], sage: [] });
    expect(h.crm.store.read('Sales_Orders', order.id)?.lines?.[0]).toMatchObject({
      List_Price: 12.3456,
    });
  });
});
