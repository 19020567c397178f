import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/sage/harness.js';
import { SALES_ORDER_LINE_MEMBERS, SALES_ORDER_MEMBERS } from './contracts.js';

/**
 * Sales orders carry every member of the real WSDL, and get-merge-update sends each back: the
 * simulator blanks what an update omits (reference P4 leaves it open), so dropping one shows.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: () => new Date('2026-11-21T20:30:30Z') });
});
afterAll(() => h.close());

describe('sales order members', () => {
  it('knows the members public clients generated from the real WSDL list', () => {
    const line = SALES_ORDER_LINE_MEMBERS.map((m) => m.name);
    expect(line).toHaveLength(68);
    for (const name of [
      ...Array.from({ length: 9 }, (_, i) => `BillOption${i + 1}`),
      'Revision',
      'WarrantyCode',
      'ExtDescriptionText',
      'ExpirationDate',
      'SalesKitLineKey',
      'SkipPrintCompLine',
    ]) {
      expect(line).toContain(name);
    }
    const header = SALES_ORDER_MEMBERS.map((m) => m.name);
    for (const n of [2, 3, 4, 5]) {
      expect(header).toContain(`SalespersonDivisionNo${n}`);
      expect(header).toContain(`SalespersonNo${n}`);
      expect(header).toContain(`SplitCommRate${n}`);
    }
  });

  it('an update never blanks a member it did not change, on the header or on a line', async () => {
    const c = h.client();
    const { value } = await c.createSalesOrder({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      SalespersonDivisionNo2: '01',
      SalespersonNo2: '0200',
      SplitCommRate2: 40,
      Lines: [
        {
          ItemCode: 'D1001',
          QuantityOrdered: 1,
          BillOption1: 'AB',
          Revision: '002',
          WarrantyCode: '90D',
          ExtDescriptionText: 'Walnut top, cable tray',
          ExpirationDate: '2027-06-30',
        },
      ],
    });
    const no = value.SalesOrderNo;
    // What the engine sends: the line by its key with the one field it maps, and a header field.
    await c.updateSalesOrder(no, {
      Comment: 'rush',
      Lines: [{ LineKey: '000001', QuantityOrdered: 3 }],
    });
    const order = (await c.getSalesOrder(no)).value;
    expect(order).toMatchObject({
      Comment: 'rush',
      SalespersonDivisionNo2: '01',
      SalespersonNo2: '0200',
      SplitCommRate2: 40,
    });
    expect(order.Lines).toHaveLength(1);
    expect(order.Lines[0]).toMatchObject({
      LineKey: '000001',
      ItemCode: 'D1001',
      QuantityOrdered: 3,
      BillOption1: 'AB',
      Revision: '002',
      WarrantyCode: '90D',
      ExtDescriptionText: 'Walnut top, cable tray',
      ExpirationDate: '2027-06-30',
    });
    const stored = h.store.company('ABC')!.list('SO_SalesOrderDetail', { SalesOrderNo: no });
    expect(stored[0]).toMatchObject({
      BillOption1: 'AB',
      WarrantyCode: '90D',
      ExpirationDate: '20270630',
    });
  });
});
