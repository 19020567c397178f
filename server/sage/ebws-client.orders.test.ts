import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/sage/harness.js';
import { SageError } from './errors.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: () => new Date('2026-11-21T20:30:30Z') });
});
afterAll(() => h.close());
beforeEach(() => h.sim.faults.clear());

const caught = async (p: Promise<unknown>): Promise<SageError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof SageError) return err;
    throw err;
  }
  throw new Error('expected a SageError');
};

describe('customer contacts', () => {
  const ART = { ARDivisionNo: '01', CustomerNo: 'ABF', ContactCode: 'ART' };

  it('reads, creates, updates and deletes a contact', async () => {
    const c = h.client();
    expect((await c.getCustomerContact(ART)).value).toMatchObject({
      ContactName: 'Artie Johnson',
      EmailAddress: 'artie@abf.example',
    });
    const key = { ARDivisionNo: '01', CustomerNo: 'ABF', ContactCode: 'SUE' };
    expect(
      (
        await c.createCustomerContact({
          ...key,
          ContactName: 'Sue Park',
          TelephoneNo1: '(312) 555-0199',
        })
      ).value,
    ).toEqual(key);
    await c.updateCustomerContact(key, { ContactTitle: 'Buyer' });
    expect(h.store.company('ABC')?.get('AR_CustomerContact', key)).toMatchObject({
      ContactName: 'Sue Park',
      ContactTitle: 'Buyer',
      TelephoneNo1: '(312) 555-0199',
      UserUpdatedKey: '0000000007',
    });
    await c.deleteCustomerContact(key);
    expect((await caught(c.getCustomerContact(key))).kind).toBe('not_found');
  });

  it('rejects a contact for a customer that does not exist (CI_NOF) and an over-length email', async () => {
    const err = await caught(
      h.client().createCustomerContact({
        ARDivisionNo: '01',
        CustomerNo: 'GHOST',
        ContactCode: 'X',
        ContactName: 'Nobody',
      }),
    );
    expect(err.kind).toBe('validation');
    expect(err.code).toBe('CI_NOF');
    const long = await caught(
      h.client().updateCustomerContact(ART, { EmailAddress: `${'a'.repeat(45)}@x.com` }),
    );
    expect(long.message).toBe('The Email Address is greater than 50 character(s).');
  });

  it('a locked contact retries and recovers', async () => {
    h.sim.faults.lockRecord('AR_CustomerContact', ART, { attempts: 1 });
    const { attempts } = await h.client().updateCustomerContact(ART, { Salutation: 'Mr.' });
    expect(attempts.map((a) => a.error?.kind ?? a.outcome)).toEqual([
      'succeeded',
      'locked',
      'succeeded',
    ]);
  });
});

describe('sales orders', () => {
  it('creates an order with one GetNextSalesOrderNo, defaults from customer and items, and totals', async () => {
    const before = h.sim.calls.filter((c) => c === 'GetNextSalesOrderNo').length;
    const { value, attempts } = await h.client().createSalesOrder({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      OrderDate: '2026-11-20',
      CustomerPONo: 'PO-778',
      Lines: [
        { ItemCode: '1001-HON-H252', QuantityOrdered: 2 },
        { ItemCode: 'D1001', QuantityOrdered: 1, UnitPrice: 180 },
      ],
    });
    expect(value).toEqual({ SalesOrderNo: '0002000' });
    expect(h.sim.calls.filter((c) => c === 'GetNextSalesOrderNo').length - before).toBe(1);
    expect(attempts.map((a) => a.operation)).toEqual(['GetNextSalesOrderNo', 'CreateSalesOrder']);
    const order = (await h.client().getSalesOrder('0002000')).value;
    expect(order).toMatchObject({
      SalesOrderNo: '0002000',
      OrderDate: '2026-11-20',
      OrderType: 'S',
      OrderStatus: 'N',
      BillToName: 'American Business Futures',
      BillToZipCode: '60601',
      CustomerPONo: 'PO-778',
      TaxableAmt: 150,
      NonTaxableAmt: 180,
    });
    expect(order.Lines).toHaveLength(2);
    expect(order.Lines[0]).toMatchObject({
      LineKey: '000001',
      ItemCodeDesc: 'HON 2 DRAWER LETTER FLE W/O LK',
      UnitPrice: 75,
      ExtensionAmt: 150,
    });
    expect(order.Lines[1]).toMatchObject({ LineKey: '000002', UnitPrice: 180, ExtensionAmt: 180 });
  });

  it('returns a single line as an array (P9)', async () => {
    const { value } = await h.client().createSalesOrder({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      Lines: [{ ItemCode: 'D1001', QuantityOrdered: 3 }],
    });
    const order = (await h.client().getSalesOrder(value.SalesOrderNo)).value;
    expect(Array.isArray(order.Lines)).toBe(true);
    expect(order.Lines[0]?.ExtensionAmt).toBe(600);
  });

  it('is all-or-nothing: an unknown item on line 2 creates no header and no lines', async () => {
    const company = h.store.company('ABC');
    const headers = company?.count('SO_SalesOrderHeader');
    const lines = company?.count('SO_SalesOrderDetail');
    const err = await caught(
      h.client().createSalesOrder({
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        Lines: [
          { ItemCode: 'D1001', QuantityOrdered: 1 },
          { ItemCode: 'NO-SUCH-SKU', QuantityOrdered: 1 },
        ],
      }),
    );
    expect(err.kind).toBe('validation');
    expect(err.code).toBe('CI_NOF');
    expect(err.message).toBe(
      'Could not set SO_SalesOrderDetail_bus column ItemCode$: The Item Code NO-SUCH-SKU is not on file.',
    );
    expect(err.reservedKey?.SalesOrderNo).toMatch(/^\d{7}$/);
    expect(company?.count('SO_SalesOrderHeader')).toBe(headers);
    expect(company?.count('SO_SalesOrderDetail')).toBe(lines);
  });

  it('refuses a negative quantity on any line (CI_Invalid) and stores nothing; zero is taken', async () => {
    const company = h.store.company('ABC');
    const headers = company?.count('SO_SalesOrderHeader');
    const err = await caught(
      h.client().createSalesOrder({
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        Lines: [
          { ItemCode: 'D1001', QuantityOrdered: 1 },
          { ItemCode: 'D1001', QuantityOrdered: -2 },
        ],
      }),
    );
    expect(err.kind).toBe('validation');
    expect(err.code).toBe('CI_Invalid');
    expect(err.message).toBe(
      'Could not set SO_SalesOrderDetail_bus column QuantityOrdered: The Quantity Ordered cannot be negative.',
    );
    expect(company?.count('SO_SalesOrderHeader')).toBe(headers);
    const { value } = await h.client().createSalesOrder({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      Lines: [{ ItemCode: 'D1001', QuantityOrdered: 0 }],
    });
    expect(company?.list('SO_SalesOrderDetail', { SalesOrderNo: value.SalesOrderNo })).toEqual([
      expect.objectContaining({ QuantityOrdered: 0, ExtensionAmt: 0 }),
    ]);
  });

  it('updates by get-merge-update: changes the header and replaces lines when Lines is given', async () => {
    const c = h.client();
    const { value } = await c.createSalesOrder({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      Lines: [{ ItemCode: 'D1001', QuantityOrdered: 1 }],
    });
    const current = (await c.getSalesOrder(value.SalesOrderNo)).value;
    await c.updateSalesOrder(value.SalesOrderNo, { Comment: 'rush' });
    let order = (await c.getSalesOrder(value.SalesOrderNo)).value;
    expect(order.Comment).toBe('rush');
    expect(order.Lines).toHaveLength(1);
    await c.updateSalesOrder(value.SalesOrderNo, {
      Lines: [
        { ...current.Lines[0], QuantityOrdered: 4 },
        { ItemCode: '1001-HON-H252', QuantityOrdered: 1 },
      ],
    });
    order = (await c.getSalesOrder(value.SalesOrderNo)).value;
    expect(order.Lines.map((l) => [l.LineKey, l.QuantityOrdered])).toEqual([
      ['000001', 4],
      ['000002', 1],
    ]);
    expect(order.NonTaxableAmt).toBe(800);
    expect(order.TaxableAmt).toBe(75);
  });

  it('a locked order retries; the bill-to option fault and a missing order are typed', async () => {
    const c = h.client();
    const { value } = await c.createSalesOrder({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      Lines: [],
    });
    h.sim.faults.lockRecord('SO_SalesOrderHeader', value, { attempts: 2 });
    const { attempts } = await c.updateSalesOrder(value.SalesOrderNo, { ShipVia: 'UPS' });
    expect(attempts.map((a) => a.error?.kind ?? a.outcome)).toEqual([
      'succeeded',
      'locked',
      'locked',
      'succeeded',
    ]);
    const billTo = await caught(
      c.updateSalesOrder(value.SalesOrderNo, { BillToCustomerNo: 'ABF' }),
    );
    expect(billTo.message).toMatch(/Bill To Customer Reporting is No\.$/);
    await c.deleteSalesOrder(value.SalesOrderNo);
    expect((await caught(c.getSalesOrder(value.SalesOrderNo))).kind).toBe('not_found');
  });

  it('gives a template with the customer defaults and previews without writing', async () => {
    const c = h.client();
    const template = (await c.getSalesOrderTemplate({ ARDivisionNo: '01', CustomerNo: 'ABF' }))
      .value;
    expect(template).toMatchObject({
      CustomerNo: 'ABF',
      ShipToCity: 'Chicago',
      OrderDate: '2026-11-21',
      Lines: [],
    });
    const count = h.store.company('ABC')?.count('SO_SalesOrderHeader');
    const preview = (
      await c.previewSalesOrder({
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        Lines: [{ ItemCode: 'D1001', QuantityOrdered: 2 }],
      })
    ).value;
    expect(preview.NonTaxableAmt).toBe(400);
    expect(h.store.company('ABC')?.count('SO_SalesOrderHeader')).toBe(count);
  });

  it('a customer number that does not exist on the order is CI_NOF', async () => {
    const err = await caught(
      h.client().createSalesOrder({ ARDivisionNo: '01', CustomerNo: 'GHOST', Lines: [] }),
    );
    expect(err.code).toBe('CI_NOF');
    expect(err.message).toBe(
      'Could not set SO_SalesOrder_Bus column CustomerNo$: The Customer No GHOST is not on file.',
    );
  });
});
