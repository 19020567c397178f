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

  it('holds an order whose product exists only in Zoho, says so, and sends it once Sage has it', async () => {
    const accountId = h.crm.byKey('Accounts', '01-ABC')!.id;
    const stray = h.crm.seed('Products', { Product_Name: 'Made up in Zoho' });
    const order = h.crm.seed(
      'Sales_Orders',
      { Subject: 'Bad order', Account_Name: { id: accountId }, Order_Date: '2026-11-20' },
      [{ Product_Name: { id: stray.id, name: 'Made up in Zoho' }, Quantity: 1 }],
    );
    const reason =
      `line 1: Product_Name ↔ ItemCode: product "Made up in Zoho" (Zoho id ${stray.id}) exists ` +
      'only in Zoho: Products sync from Sage 100 to Zoho only, so it must exist in Sage first ' +
      "(create it in Sage 100, or put its Sage code in the Zoho record's Sage Key); held, and " +
      'sent once Products links it';
    const report = await h.engine.run(h.tenantId, 'Sales_Orders');
    // Visible: the run is partial and says why, before any Sage call.
    expect(report.status).toBe('partial');
    expect(report.records).toEqual([
      expect.objectContaining({ zohoId: order.id, action: 'skipped', reason }),
    ]);
    expect(h.sage.store.all('Sales_Orders')).toEqual([]);
    expect(h.sage.store.count('nextKey')).toBe(0);
    // Held, not dropped: every run tries it again and says the same.
    const held = await h.repos.pendingRecords.list(h.tenantId, 'Sales_Orders', 'zoho');
    expect(held).toEqual([expect.objectContaining({ id: order.id, kind: 'parent', reason })]);
    const again = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(again.records).toEqual([expect.objectContaining({ zohoId: order.id, reason })]);

    // The accountant adds the item in Sage; the rep puts its code in the product's Sage Key.
    h.sage.seed('Products', { ItemCode: 'MADE-1', ItemCodeDesc: 'Made up in Zoho' });
    h.crm.edit('Products', stray.id, { Sage_Key: 'MADE-1' });
    await h.engine.run(h.tenantId, 'Products');
    expect(h.crm.byKey('Products', 'MADE-1')?.id).toBe(stray.id);
    const sent = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(sent.status, JSON.stringify(sent.records)).toBe('succeeded');
    expect(h.sage.store.all('Sales_Orders').map((o) => o.lines)).toEqual([
      [expect.objectContaining({ ItemCode: 'MADE-1', QuantityOrdered: 1 })],
    ]);
    expect(await h.repos.pendingRecords.list(h.tenantId, 'Sales_Orders', 'zoho')).toEqual([]);
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

  it('an order Zoho got just before a crash is read whole when found, even if search leaves lines out', async () => {
    h.sage.seed(
      'Sales_Orders',
      { SalesOrderNo: '0000300', ARDivisionNo: '01', CustomerNo: 'ABC', OrderDate: '20261119' },
      [{ ItemCode: 'WIDGET-1', QuantityOrdered: 2, UnitPrice: 9.5 }],
    );
    // Zoho's search may answer without subforms: the engine must not take that for "no lines".
    const find = h.crm.findBySageKeys.bind(h.crm);
    h.crm.findBySageKeys = async (module, keys) =>
      new Map([...(await find(module, keys))].map(([k, r]) => [k, { ...r, lines: undefined }]));
    h.crashAt('zoho.written');
    await h.engine.run(h.tenantId, 'Sales_Orders').catch(() => undefined);
    expect(h.crashed()).toBe(true);
    const writes = h.crm.store.writes.length;
    const run = await h.engine.run(h.tenantId, 'Sales_Orders');
    expect(run.status, JSON.stringify(run.records)).toBe('succeeded');
    // Found with its lines, which are Sage's: linked as it is, no conflict and no write.
    expect(run.counts).toMatchObject({ unchanged: 2 });
    expect(run.counts.conflict).toBeUndefined();
    expect(h.crm.store.writes.length).toBe(writes);
    expect(await h.repos.links.count(h.tenantId, 'Sales_Orders', 'linked')).toBe(1);
    expect(h.crm.byKey('Sales_Orders', '0000300')?.lines).toEqual([
      expect.objectContaining({ Quantity: 2, List_Price: 9.5 }),
    ]);
  });
});
