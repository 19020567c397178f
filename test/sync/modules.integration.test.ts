import { afterEach, beforeEach, expect, it } from 'vitest';
import { CrashError } from '../../server/sync/testing/crash.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

describeEngines('module pairs over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  const zohoByKey = (module: string, key: string) =>
    rig.zohoRecords(module).find((r) => r.Sage_Key === key);
  /** A Sage order for customer 01-ABF, entered in Sage (its lines inserted after). */
  const sageOrderHeader = (salesOrderNo: string) =>
    rig.company.insert('SO_SalesOrderHeader', {
      SalesOrderNo: salesOrderNo,
      OrderDate: '20261121',
      OrderType: 'S',
      OrderStatus: 'O',
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
    });
  /** Sales orders both ways, their accounts and products synced first. */
  const syncOrderParents = async () => {
    await rig.configure('Accounts', 'both');
    await rig.configure('Products', 'sage_to_zoho');
    await rig.configure('Sales_Orders', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
    await rig.engine.run(rig.tenantId, 'Products');
  };

  it('Contacts both ways, under their linked accounts', async () => {
    await rig.configure('Accounts', 'both');
    await rig.configure('Contacts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
    const accountId = String(zohoByKey('Accounts', '01-ABF')?.id);
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Contacts', [
      {
        First_Name: 'Dana',
        Last_Name: 'Reyes',
        Email: 'dana@abf.example',
        Account_Name: { id: accountId },
      },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Contacts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');

    expect(zohoByKey('Contacts', '01-ABF-ART')).toMatchObject({
      First_Name: 'Artie',
      Last_Name: 'Johnson',
      Email: 'artie@abf.example',
      Account_Name: { id: accountId },
    });
    const dana = rig.company.get('AR_CustomerContact', {
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      ContactCode: 'DANAREYES',
    });
    expect(dana).toMatchObject({ ContactName: 'Dana Reyes', EmailAddress: 'dana@abf.example' });
    expect(rig.zohoRecords('Contacts').find((r) => r.Last_Name === 'Reyes')?.Sage_Key).toBe(
      '01-ABF-DANAREYES',
    );
    expect(rig.company.count('AR_CustomerContact')).toBe(2);
    expect(rig.zohoRecords('Contacts')).toHaveLength(2);
  });

  it('Contacts named alike under one account, in one run, each get their own code', async () => {
    await rig.configure('Accounts', 'both');
    await rig.configure('Contacts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
    const accountId = String(zohoByKey('Accounts', '01-ABF')?.id);
    rig.zoho.sim.admin.seedRecords(
      rig.tenant.orgId,
      'Contacts',
      [1, 2, 3].map((n) => ({
        First_Name: 'Ann',
        Last_Name: 'New',
        Email: `ann${n}@abf.example`,
        Account_Name: { id: accountId },
      })),
    );
    // Written at once, all three found ANNNEW free: two failed on the links' unique key.
    const report = await rig.engine.run(rig.tenantId, 'Contacts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    const codes = rig
      .zohoRecords('Contacts')
      .filter((c) => c.Last_Name === 'New')
      .map((c) => c.Sage_Key)
      .sort();
    expect(codes).toEqual(['01-ABF-ANNNEW', '01-ABF-ANNNEW1', '01-ABF-ANNNEW2']);
    const emails = rig.company
      .list('AR_CustomerContact', { ARDivisionNo: '01', CustomerNo: 'ABF' })
      .filter((c) => String(c.ContactCode).startsWith('ANNNEW'))
      .map((c) => c.EmailAddress)
      .sort();
    expect(emails).toEqual(['ann1@abf.example', 'ann2@abf.example', 'ann3@abf.example']);
  });

  it('a Sage contact whose email Zoho would refuse is skipped with the reason, not failed', async () => {
    await rig.configure('Accounts', 'both');
    await rig.configure('Contacts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
    rig.advanceSage(60);
    const contact = (ContactCode: string, EmailAddress: string) =>
      rig.company.insert('AR_CustomerContact', {
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        ContactCode,
        ContactName: `${ContactCode} Person`,
        EmailAddress,
      });
    contact('TWO', 'a@abf.example; b@abf.example');
    contact('GOOD', 'good@abf.example');
    rig.advanceSage(60);
    const report = await rig.engine.run(rig.tenantId, 'Contacts');
    // Sent, Zoho answered INVALID_DATA: a failure retried with the same value eight times.
    expect(report.records.map((r) => [r.sageKey, r.action, r.reason])).toEqual([
      [
        '01-ABF-TWO',
        'skipped',
        'Email "a@abf.example; b@abf.example" is not one email address Zoho accepts (like name@example.com)',
      ],
    ]);
    expect(report.counts.failed ?? 0).toBe(0);
    expect(zohoByKey('Contacts', '01-ABF-GOOD')).toMatchObject({ Email: 'good@abf.example' });
  });

  it('Products from Sage items, one way', async () => {
    await rig.configure('Products', 'sage_to_zoho');
    const report = await rig.engine.run(rig.tenantId, 'Products');
    expect(report.status).toBe('succeeded');
    expect(zohoByKey('Products', 'D1001')).toMatchObject({
      Product_Name: 'Desk',
      Product_Code: 'D1001',
      Unit_Price: 200,
    });
    expect(rig.zohoRecords('Products')).toHaveLength(2);
    // Zoho → Sage is not a direction Sage allows for items.
    await expect(rig.engine.enableModule(rig.tenantId, 'Products', 'both')).rejects.toMatchObject({
      code: 'direction_not_allowed',
    });
  });

  it('Sales orders both ways, with lines on linked products', async () => {
    await syncOrderParents();
    const accountId = String(zohoByKey('Accounts', '01-ABF')?.id);
    const deskId = String(zohoByKey('Products', 'D1001')?.id);
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Sales_Orders', [
      {
        Subject: 'Desks for the new office',
        Account_Name: { id: accountId },
        Status: 'Created',
        Due_Date: '2026-12-01',
        Ordered_Items: [{ Product_Name: { id: deskId }, Quantity: 4, List_Price: 200 }],
      },
    ]);
    const report = await rig.engine.run(rig.tenantId, 'Sales_Orders');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    const order = rig
      .zohoRecords('Sales_Orders')
      .find((r) => r.Subject === 'Desks for the new office');
    const salesOrderNo = String(order?.Sage_Key);
    expect(rig.company.get('SO_SalesOrderHeader', { SalesOrderNo: salesOrderNo })).toMatchObject({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      OrderStatus: 'N',
      ShipExpireDate: '20261201',
    });
    expect(rig.company.list('SO_SalesOrderDetail', { SalesOrderNo: salesOrderNo })).toEqual([
      expect.objectContaining({ ItemCode: 'D1001', QuantityOrdered: 4, UnitPrice: 200 }),
    ]);

    // A line change in Sage goes to Zoho once, and nothing comes back.
    rig.advanceSage(300);
    const [line] = rig.company.list('SO_SalesOrderDetail', { SalesOrderNo: salesOrderNo });
    rig.company.update(
      'SO_SalesOrderDetail',
      { SalesOrderNo: salesOrderNo, LineKey: line!.LineKey },
      { QuantityOrdered: 6 },
    );
    rig.company.update('SO_SalesOrderHeader', { SalesOrderNo: salesOrderNo }, { OrderStatus: 'O' });
    rig.writes.crm.length = 0;
    rig.writes.sage.length = 0;
    for (let i = 0; i < 3; i++) {
      rig.advanceSage(60);
      expect((await rig.engine.run(rig.tenantId, 'Sales_Orders')).status).toBe('succeeded');
    }
    expect(rig.writes).toEqual({ crm: [{ op: 'upsert', module: 'Sales_Orders' }], sage: [] });
    const zohoOrder = rig.zoho.sim.admin.record(
      rig.tenant.orgId,
      'Sales_Orders',
      String(order?.id),
    );
    expect(zohoOrder).toMatchObject({ Status: 'Approved' });
    expect(zohoOrder?.Ordered_Items).toEqual([
      expect.objectContaining({
        Product_Name: expect.objectContaining({ id: deskId }),
        Quantity: 6,
      }),
    ]);
  });

  it('a Zoho line edit keeps each Sage line its key and what only Sage holds (discount, warehouse, shipped)', async () => {
    await syncOrderParents();
    rig.advanceSage(60);
    sageOrderHeader('0000888');
    const line = (key: string, item: string, qty: number, extra: Record<string, unknown>) =>
      rig.company.insert('SO_SalesOrderDetail', {
        SalesOrderNo: '0000888',
        LineKey: key,
        LineSeqNo: `0000000000000${key.slice(-1)}`,
        ItemCode: item,
        QuantityOrdered: qty,
        UnitPrice: 200,
        ...extra,
      });
    line('000001', 'D1001', 5, {
      LineDiscountPercent: 10,
      WarehouseCode: '002',
      QuantityShipped: 2,
    });
    line('000002', '1001-HON-H252', 3, { PromiseDate: '20261215', CommentText: 'Gray only' });
    expect((await rig.engine.run(rig.tenantId, 'Sales_Orders')).status).toBe('succeeded');
    const order = zohoByKey('Sales_Orders', '0000888')!;
    expect(order.Ordered_Items).toHaveLength(2);

    // The rep orders one more of the second item in Zoho.
    const items = order.Ordered_Items as Array<Record<string, unknown>>;
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Sales_Orders', String(order.id), {
      Ordered_Items: [items[0], { ...items[1], Quantity: 4 }],
    });
    const run = await rig.engine.run(rig.tenantId, 'Sales_Orders');
    expect(run.status, JSON.stringify(run.records)).toBe('succeeded');
    const lines = rig.company.list('SO_SalesOrderDetail', { SalesOrderNo: '0000888' });
    expect(lines).toEqual([
      expect.objectContaining({
        LineKey: '000001',
        ItemCode: 'D1001',
        QuantityOrdered: 5,
        LineDiscountPercent: 10,
        WarehouseCode: '002',
        QuantityShipped: 2,
      }),
      expect.objectContaining({
        LineKey: '000002',
        ItemCode: '1001-HON-H252',
        QuantityOrdered: 4,
        PromiseDate: '20261215',
        CommentText: 'Gray only',
      }),
    ]);
    // The discounted line's total stays Sage's own, and nothing echoes either way.
    expect(lines[0]?.ExtensionAmt).toBe(900);
    rig.writes.crm.length = 0;
    rig.writes.sage.length = 0;
    for (let i = 0; i < 3; i++) {
      rig.advanceSage(60);
      expect((await rig.engine.run(rig.tenantId, 'Sales_Orders')).status).toBe('succeeded');
    }
    expect(rig.writes).toEqual({ crm: [], sage: [] });
  });

  it('a Sage order whose Zoho write lands just before a crash has its lines in Zoho once', async () => {
    await syncOrderParents();
    rig.advanceSage(60);
    sageOrderHeader('0000889');
    for (const [key, item] of [
      ['000001', 'D1001'],
      ['000002', '1001-HON-H252'],
    ] as const) {
      rig.company.insert('SO_SalesOrderDetail', {
        SalesOrderNo: '0000889',
        LineKey: key,
        ItemCode: item,
        QuantityOrdered: 2,
        UnitPrice: 50,
      });
    }
    let armed = true;
    rig.deps.onStep = (s) => {
      if (armed && s === 'zoho.written') {
        armed = false;
        throw new CrashError(`crash at ${s}`);
      }
    };
    await rig.engine.run(rig.tenantId, 'Sales_Orders').catch(() => undefined);
    expect(armed).toBe(false);
    for (let i = 0; i < 2; i++) {
      rig.advanceSage(60);
      const run = await rig.engine.run(rig.tenantId, 'Sales_Orders');
      expect(run.status, JSON.stringify(run.records)).toBe('succeeded');
    }
    const orders = rig.zohoRecords('Sales_Orders').filter((r) => r.Sage_Key === '0000889');
    expect(orders).toHaveLength(1);
    expect(orders[0]?.Ordered_Items).toHaveLength(2);
    expect(rig.company.list('SO_SalesOrderDetail', { SalesOrderNo: '0000889' })).toHaveLength(2);
  });
});
