import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { openHarness, type Harness } from '../testing/harness.js';

describeEngines('Sales orders with lines (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both');
    await h.configure('Products', 'sage_to_zoho');
    await h.configure('Sales_Orders', 'both');
    h.sage.seed('Accounts', { ARDivisionNo: '01', CustomerNo: 'ABC', CustomerName: 'Abc Supply' });
    h.sage.seed('Products', {
      ItemCode: 'WIDGET-1',
      ItemCodeDesc: 'Blue widget',
      StandardUnitPrice: 9.5,
      InactiveItem: 'N',
    });
    h.sage.seed('Products', {
      ItemCode: 'GADGET-2',
      ItemCodeDesc: 'Red gadget',
      StandardUnitPrice: 20,
      InactiveItem: 'Y',
    });
    await h.engine.run(h.tenantId, 'Accounts');
    await h.engine.run(h.tenantId, 'Products');
  });
  afterEach(() => h.close());

  it('syncs items to Zoho products one way', async () => {
    expect(h.crm.byKey('Products', 'WIDGET-1')?.fields).toMatchObject({
      Product_Code: 'WIDGET-1',
      Product_Name: 'Blue widget',
      Unit_Price: 9.5,
      Product_Active: true,
    });
    expect(h.crm.byKey('Products', 'GADGET-2')?.fields.Product_Active).toBe(false);
  });

  it('creates a Sage order with lines from a Zoho sales order', async () => {
    const accountId = h.crm.byKey('Accounts', '01-ABC')!.id;
    const widget = h.crm.byKey('Products', 'WIDGET-1')!.id;
    h.crm.seed(
      'Sales_Orders',
      {
        Subject: 'Spring order',
        Account_Name: { id: accountId },
        Order_Date: '2026-11-20',
        Status: 'Created',
        Purchase_Order: 'PO-77',
      },
      [{ Product_Name: { id: widget }, Quantity: 3, List_Price: 9.5 }],
    );
    const report = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(report.status).toBe('succeeded');
    const [order] = h.sage.store.all('Sales_Orders');
    expect(order?.fields).toMatchObject({
      SalesOrderNo: order?.id,
      ARDivisionNo: '01',
      CustomerNo: 'ABC',
      OrderDate: '20261120',
      OrderStatus: 'N',
      CustomerPONo: 'PO-77',
    });
    expect(order?.lines).toEqual([{ ItemCode: 'WIDGET-1', QuantityOrdered: 3, UnitPrice: 9.5 }]);
  });

  it('skips an order naming an item Sage does not know, before any call', async () => {
    const accountId = h.crm.byKey('Accounts', '01-ABC')!.id;
    const stray = h.crm.seed('Products', { Product_Name: 'Made up in Zoho' });
    h.crm.seed(
      'Sales_Orders',
      { Subject: 'Bad order', Account_Name: { id: accountId }, Order_Date: '2026-11-20' },
      [{ Product_Name: { id: stray.id }, Quantity: 1 }],
    );
    const report = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(report.status).toBe('partial');
    expect(report.records[0]?.reason).toContain(
      `line 1: Product_Name ↔ ItemCode: Products ${stray.id} is not linked to Sage yet`,
    );
    expect(h.sage.store.all('Sales_Orders')).toEqual([]);
    expect(h.sage.store.count('nextKey')).toBe(0);
  });

  it('sends a Sage order with its lines to Zoho, and a line change only once', async () => {
    h.sage.seed(
      'Sales_Orders',
      {
        SalesOrderNo: '0000100',
        ARDivisionNo: '01',
        CustomerNo: 'ABC',
        OrderDate: '20261119',
        OrderStatus: 'O',
      },
      [{ ItemCode: 'WIDGET-1', QuantityOrdered: 2, UnitPrice: 9.5 }],
    );
    await h.engine.run(h.tenantId, 'Sales_Orders');
    const zoho = h.crm.byKey('Sales_Orders', '0000100');
    expect(zoho?.fields).toMatchObject({
      Subject: '0000100',
      Status: 'Approved',
      Order_Date: '2026-11-19',
    });
    expect(zoho?.lines).toEqual([
      {
        Product_Name: { id: h.crm.byKey('Products', 'WIDGET-1')!.id },
        Quantity: 2,
        List_Price: 9.5,
      },
    ]);

    const before = h.crm.store.writes.length;
    h.sage.store.put(
      'Sales_Orders',
      '0000100',
      h.sage.store.read('Sales_Orders', '0000100')!.fields,
      [{ ItemCode: 'WIDGET-1', QuantityOrdered: 5, UnitPrice: 9.5 }],
    );
    for (let i = 0; i < 3; i++) await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(h.crm.store.writes.slice(before)).toHaveLength(1);
    expect(h.crm.byKey('Sales_Orders', '0000100')?.lines?.[0]).toMatchObject({ Quantity: 5 });
  });
});
