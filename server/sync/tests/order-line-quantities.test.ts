import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

describeEngines('Order lines whose quantity Sage cannot take (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
    await h.configure('Products', 'sage_to_zoho');
    await h.configure('Sales_Orders', 'both');
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'ABC', CustomerName: 'Abc Supply' });
    h.sage.seed('Products', { ItemCode: 'WIDGET-1', ItemCodeDesc: 'Blue widget' });
    h.sage.seed('Products', { ItemCode: 'GADGET-2', ItemCodeDesc: 'Red gadget' });
    await h.engine.run(h.tenantId, 'Accounts');
    await h.engine.run(h.tenantId, 'Products');
  });
  afterEach(() => h.close());

  const product = (key: string, name: string) => ({ id: h.crm.byKey('Products', key)!.id, name });

  it('holds a Zoho order with a negative or zero line before any Sage call, naming line, product and value', async () => {
    const order = h.crm.seed(
      'Sales_Orders',
      {
        Subject: 'Mixed order',
        Account_Name: { id: h.crm.byKey('Accounts', '01-ABC')!.id },
        Order_Date: '2026-11-20',
      },
      [
        { Product_Name: product('WIDGET-1', 'Blue widget'), Quantity: 2, List_Price: 9.5 },
        { Product_Name: product('GADGET-2', 'Red gadget'), Quantity: -3, List_Price: 20 },
        { Product_Name: product('WIDGET-1', 'Blue widget'), Quantity: 0, List_Price: 9.5 },
      ],
    );
    const report = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(report.status).toBe('partial');
    const [record] = report.records;
    expect(record).toMatchObject({ zohoId: order.id, action: 'skipped' });
    expect(record?.reason).toBe(
      'line 2 (product "Red gadget"): Quantity is -3, and Sage 100 refuses a negative quantity ' +
        "on an order line (a return is a credit memo in Sage); change line 2's Quantity to more " +
        'than 0 or remove the line in Zoho, then sync again; ' +
        'line 3 (product "Blue widget"): Quantity is 0, and a line of 0 orders nothing; change ' +
        "line 3's Quantity to more than 0 or remove the line in Zoho, then sync again",
    );
    // Not half of it: no order, no number taken, nothing of line 1 in Sage.
    expect(h.sage.store.all('Sales_Orders')).toEqual([]);
    expect(h.sage.store.count('nextKey')).toBe(0);

    // Kept, not lost: the rep fixes both lines and the whole order goes.
    h.crm.store.put('Sales_Orders', order.id, h.crm.store.read('Sales_Orders', order.id)!.fields, [
      { Product_Name: product('WIDGET-1', 'Blue widget'), Quantity: 2, List_Price: 9.5 },
      { Product_Name: product('GADGET-2', 'Red gadget'), Quantity: 3, List_Price: 20 },
    ]);
    const sent = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(sent.status, JSON.stringify(sent.records)).toBe('succeeded');
    expect(h.sage.store.all('Sales_Orders').map((o) => o.lines)).toEqual([
      [
        { ItemCode: 'WIDGET-1', QuantityOrdered: 2, UnitPrice: 9.5 },
        { ItemCode: 'GADGET-2', QuantityOrdered: 3, UnitPrice: 20 },
      ],
    ]);
  });

  it('keeps a zero line Sage already holds when the Zoho edit leaves the lines alone', async () => {
    h.sage.seed(
      'Sales_Orders',
      { SalesOrderNo: '0000100', ARDivisionNo: '01', CustomerNo: 'ABC', OrderDate: '20261119' },
      [{ ItemCode: 'WIDGET-1', QuantityOrdered: 0, UnitPrice: 9.5 }],
    );
    await h.engine.run(h.tenantId, 'Sales_Orders');
    const zoho = h.crm.byKey('Sales_Orders', '0000100')!;
    h.crm.edit('Sales_Orders', zoho.id, { Purchase_Order: 'PO-9' });
    const report = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(h.sage.store.read('Sales_Orders', '0000100')?.fields.CustomerPONo).toBe('PO-9');
  });
});
