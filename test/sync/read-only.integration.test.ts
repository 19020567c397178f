import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/** The modules only the agent can read: Sage → Zoho, the one direction Sage allows for them. */
describeEngines('read-only Sage modules over the real clients (%s)', (engine) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(engine);
  });
  afterEach(() => rig.close());

  const zohoByKey = (module: string, key: string) =>
    rig.zohoRecords(module).find((r) => r.Sage_Key === key);

  it('Vendors', async () => {
    rig.company.insert('AP_Vendor', {
      APDivisionNo: '00',
      VendorNo: 'OFFICE',
      VendorName: 'Office Supply Wholesale',
      AddressLine1: '400 W Lake St',
      City: 'Chicago',
      State: 'IL',
      ZipCode: '60601',
      TelephoneNo: '(312) 555-0300',
      EmailAddress: 'orders@osw.example',
    });
    await rig.configure('Vendors', 'sage_to_zoho');
    const report = await rig.engine.run(rig.tenantId, 'Vendors');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(zohoByKey('Vendors', '00-OFFICE')).toMatchObject({
      Vendor_Name: 'Office Supply Wholesale',
      Street: '400 W Lake St',
      City: 'Chicago',
      Zip_Code: '60601',
      Email: 'orders@osw.example',
    });
  });

  it('Invoices with lines, under linked accounts and products', async () => {
    await rig.configure('Accounts', 'sage_to_zoho');
    await rig.configure('Products', 'sage_to_zoho');
    await rig.configure('Invoices', 'sage_to_zoho');
    rig.company.insert('AR_InvoiceHistoryHeader', {
      InvoiceNo: '0100001',
      HeaderSeqNo: '000000',
      InvoiceType: 'IN',
      InvoiceDate: '20261115',
      InvoiceDueDate: '20261215',
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      CustomerPONo: 'PO-9',
      SalesTaxAmt: 16.5,
    });
    rig.company.insert('AR_InvoiceHistoryDetail', {
      InvoiceNo: '0100001',
      HeaderSeqNo: '000000',
      DetailSeqNo: '000001',
      ItemCode: 'D1001',
      QuantityShipped: 1,
      UnitPrice: 200,
    });
    // The account and products are not linked yet: the invoice waits, then follows them.
    const early = await rig.engine.run(rig.tenantId, 'Invoices');
    expect(early.status).toBe('partial');
    expect(early.records[0]?.reason).toContain('Accounts 01-ABF is not linked yet');
    await rig.engine.run(rig.tenantId, 'Accounts');
    await rig.engine.run(rig.tenantId, 'Products');
    const later = await rig.engine.run(rig.tenantId, 'Invoices');
    expect(later.status, JSON.stringify(later.records)).toBe('succeeded');
    const invoice = zohoByKey('Invoices', '0100001-000000');
    expect(invoice).toMatchObject({
      Subject: '0100001',
      Account_Name: expect.objectContaining({ id: String(zohoByKey('Accounts', '01-ABF')?.id) }),
      Invoice_Date: '2026-11-15',
      Due_Date: '2026-12-15',
    });
    expect(invoice?.Invoiced_Items).toEqual([
      expect.objectContaining({
        Product_Name: expect.objectContaining({ id: String(zohoByKey('Products', 'D1001')?.id) }),
        Quantity: 1,
        List_Price: 200,
      }),
    ]);
  });

  it('GL accounts into the custom module', async () => {
    rig.company.insert('GL_Account', {
      AccountKey: '000000010',
      Account: '4000-00-00',
      AccountDesc: 'Sales - Furniture',
      AccountType: '11',
      MainAccountCode: '4000',
      Status: 'A',
    });
    await rig.configure('GL_Accounts', 'sage_to_zoho');
    const report = await rig.engine.run(rig.tenantId, 'GL_Accounts');
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(zohoByKey('GL_Accounts', '000000010')).toMatchObject({ Name: '4000-00-00' });
  });
});
