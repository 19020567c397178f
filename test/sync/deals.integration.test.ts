import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * Deals tied to Sage (ADR 0066) through eBWS, the agent and the Zoho simulator over HTTP: a Zoho
 * order's Deal reaches Sage as CRMOpportunityID, a Sage order's CRMOpportunityID finds its Deal,
 * each invoice records the Deal of its order, and the optional stage rule moves the Deal.
 */
describeEngines('Deals tied to Sage orders and invoices (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  const zohoByKey = (module: string, key: string) =>
    rig.zohoRecords(module).find((r) => r.Sage_Key === key);

  async function linkedParents() {
    await rig.configure('Accounts', 'both');
    await rig.configure('Products', 'sage_to_zoho');
    await rig.configure('Sales_Orders', 'both');
    await rig.configure('Invoices', 'sage_to_zoho');
    await rig.engine.run(rig.tenantId, 'Accounts');
    await rig.engine.run(rig.tenantId, 'Products');
    return {
      accountId: String(zohoByKey('Accounts', '01-ABF')?.id),
      deskId: String(zohoByKey('Products', 'D1001')?.id),
    };
  }

  const seedDeal = (name: string, accountId: string) => {
    const [id] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Deals', [
      { Deal_Name: name, Stage: 'Qualification', Account_Name: { id: accountId }, Amount: 800 },
    ]);
    const deal = rig.zoho.sim.admin.record(rig.tenant.orgId, 'Deals', id!)!;
    return { id: id!, number: String(deal.Sage_Opportunity_ID) };
  };

  it('a Zoho order made from a Deal carries it to Sage, and its invoice records the Deal', async () => {
    const { accountId, deskId } = await linkedParents();
    const deal = seedDeal('Office refit', accountId);
    expect(deal.number).toMatch(/^D\d{4}$/);
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Sales_Orders', [
      {
        Subject: 'Refit desks',
        Account_Name: { id: accountId },
        Deal_Name: { id: deal.id },
        Status: 'Created',
        Ordered_Items: [{ Product_Name: { id: deskId }, Quantity: 4, List_Price: 200 }],
      },
    ]);
    const orders = await rig.engine.run(rig.tenantId, 'Sales_Orders');
    expect(orders.status, JSON.stringify(orders.records)).toBe('succeeded');
    const order = rig.zohoRecords('Sales_Orders').find((r) => r.Subject === 'Refit desks')!;
    const salesOrderNo = String(order.Sage_Key);
    expect(rig.company.get('SO_SalesOrderHeader', { SalesOrderNo: salesOrderNo })).toMatchObject({
      CRMOpportunityID: deal.number,
    });

    // Sage invoices the order: the invoice in Zoho names its order and its Deal.
    rig.advanceSage(120);
    rig.company.insert('AR_InvoiceHistoryHeader', {
      InvoiceNo: '0100001',
      HeaderSeqNo: '000000',
      ModuleCode: 'S/O',
      InvoiceType: 'IN',
      InvoiceDate: '20261121',
      InvoiceDueDate: '20261221',
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      SalesOrderNo: salesOrderNo,
      CustomerPONo: '',
      SalesTaxAmt: 0,
      FreightAmt: 0,
    });
    rig.company.insert('AR_InvoiceHistoryDetail', {
      InvoiceNo: '0100001',
      HeaderSeqNo: '000000',
      DetailSeqNo: '000001',
      ItemCode: 'D1001',
      QuantityShipped: 4,
      UnitPrice: 200,
      ExtensionAmt: 800,
    });
    const invoices = await rig.engine.run(rig.tenantId, 'Invoices');
    expect(invoices.status, JSON.stringify(invoices.records)).toBe('succeeded');
    expect(zohoByKey('Invoices', '0100001-000000')).toMatchObject({
      Sales_Order: { id: String(order.id) },
      Deal: { id: deal.id, name: 'Office refit' },
    });
    // The stage rule is off by default: the Deal stays where sales left it.
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Deals', deal.id)?.Stage).toBe(
      'Qualification',
    );
  });

  it('a Sage order entered with a CRMOpportunityID finds its Deal, and the stage rule moves it', async () => {
    const { accountId } = await linkedParents();
    const deal = seedDeal('Warehouse shelving', accountId);
    await rig.configure('Sales_Orders', 'both', {
      dealStages: { enabled: true, stages: { O: 'Negotiation/Review', invoiced: 'Closed Won' } },
    });
    rig.advanceSage(60);
    rig.company.insert('SO_SalesOrderHeader', {
      SalesOrderNo: '0000777',
      OrderDate: '20261121',
      OrderType: 'S',
      OrderStatus: 'O',
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      // Typed by the Sage clerk in lower case: the number is matched whatever its case.
      CRMOpportunityID: deal.number.toLowerCase(),
    });
    rig.company.insert('SO_SalesOrderDetail', {
      SalesOrderNo: '0000777',
      LineKey: '000001',
      ItemCode: 'D1001',
      QuantityOrdered: 2,
      UnitPrice: 200,
    });
    const report = await rig.engine.run(rig.tenantId, 'Sales_Orders');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(zohoByKey('Sales_Orders', '0000777')).toMatchObject({
      Deal_Name: { id: deal.id, name: 'Warehouse shelving' },
    });
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Deals', deal.id)?.Stage).toBe(
      'Negotiation/Review',
    );
    // The order's event says so, for whoever reads the log.
    const [event] = await rig.zoho.repos.events.query(rig.tenantId, {
      module: 'Sales_Orders',
      sageKey: '0000777',
    });
    expect(event?.reason).toContain(`Deal ${deal.id} moved to "Negotiation/Review"`);
  });

  it('an order whose Deal number matches no Deal still syncs, without a Deal', async () => {
    await linkedParents();
    rig.advanceSage(60);
    rig.company.insert('SO_SalesOrderHeader', {
      SalesOrderNo: '0000778',
      OrderDate: '20261121',
      OrderType: 'S',
      OrderStatus: 'N',
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      CRMOpportunityID: 'D9999',
    });
    rig.company.insert('SO_SalesOrderDetail', {
      SalesOrderNo: '0000778',
      LineKey: '000001',
      ItemCode: 'D1001',
      QuantityOrdered: 1,
      UnitPrice: 200,
    });
    const report = await rig.engine.run(rig.tenantId, 'Sales_Orders');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(zohoByKey('Sales_Orders', '0000778')?.Deal_Name ?? null).toBeNull();
  });

  it('the stage rule moves a Deal when its first invoice reaches Zoho, and only then', async () => {
    const { accountId, deskId } = await linkedParents();
    const deal = seedDeal('Showroom chairs', accountId);
    await rig.configure('Sales_Orders', 'both', {
      dealStages: { enabled: true, stages: { invoiced: 'Closed Won' } },
    });
    rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Sales_Orders', [
      {
        Subject: 'Showroom chairs',
        Account_Name: { id: accountId },
        Deal_Name: { id: deal.id },
        Status: 'Created',
        Ordered_Items: [{ Product_Name: { id: deskId }, Quantity: 2, List_Price: 200 }],
      },
    ]);
    await rig.engine.run(rig.tenantId, 'Sales_Orders');
    const order = rig.zohoRecords('Sales_Orders').find((r) => r.Subject === 'Showroom chairs')!;
    // No rule for the order's own status: the order alone moves nothing.
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Deals', deal.id)?.Stage).toBe(
      'Qualification',
    );

    rig.advanceSage(120);
    const invoice = {
      InvoiceNo: '0100002',
      HeaderSeqNo: '000000',
      ModuleCode: 'S/O',
      InvoiceType: 'IN',
      InvoiceDate: '20261122',
      InvoiceDueDate: '20261222',
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      SalesOrderNo: String(order.Sage_Key),
      CustomerPONo: '',
      SalesTaxAmt: 0,
      FreightAmt: 0,
    };
    rig.company.insert('AR_InvoiceHistoryHeader', invoice);
    rig.company.insert('AR_InvoiceHistoryDetail', {
      InvoiceNo: '0100002',
      HeaderSeqNo: '000000',
      DetailSeqNo: '000001',
      ItemCode: 'D1001',
      QuantityShipped: 2,
      UnitPrice: 200,
      ExtensionAmt: 400,
    });
    const first = await rig.engine.run(rig.tenantId, 'Invoices');
    expect(first.status, JSON.stringify(first.records)).toBe('succeeded');
    expect(zohoByKey('Invoices', '0100002-000000')).toMatchObject({ Deal: { id: deal.id } });
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Deals', deal.id)?.Stage).toBe('Closed Won');
    const [event] = await rig.zoho.repos.events.query(rig.tenantId, {
      module: 'Invoices',
      sageKey: '0100002-000000',
      action: 'created',
    });
    expect(event?.reason).toContain(`Deal ${deal.id} moved to "Closed Won"`);

    // Sales reopen the Deal by hand; a rerun, and a later change to the invoice, leave it be:
    // only the invoice's first arrival is a transition.
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Deals', deal.id, {
      Stage: 'Negotiation/Review',
    });
    const rerun = await rig.engine.run(rig.tenantId, 'Invoices');
    expect(rerun.status).toBe('succeeded');
    rig.advanceSage(120);
    rig.company.update(
      'AR_InvoiceHistoryHeader',
      { InvoiceNo: '0100002', HeaderSeqNo: '000000' },
      { InvoiceDueDate: '20261231' },
    );
    const changed = await rig.engine.run(rig.tenantId, 'Invoices');
    expect(changed.status).toBe('succeeded');
    expect(zohoByKey('Invoices', '0100002-000000')).toMatchObject({ Due_Date: '2026-12-31' });
    expect(rig.zoho.sim.admin.record(rig.tenant.orgId, 'Deals', deal.id)?.Stage).toBe(
      'Negotiation/Review',
    );
    const moves = (await rig.zoho.repos.events.query(rig.tenantId, { module: 'Invoices' })).filter(
      (e) => e.reason?.includes('moved to'),
    );
    expect(moves).toHaveLength(1);
  });
});
