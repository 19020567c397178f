import { describe, expect, it } from 'vitest';
import { CATALOG } from '../sync/catalog/index.js';
import { subformRows } from './crm-line-rows.js';

const orderLines = CATALOG.Sales_Orders.lines!;
const line = (product: string, quantity: number) => ({
  Product_Name: { id: product },
  Quantity: quantity,
  List_Price: 10,
});

describe('order lines as Zoho subform rows (Zoho appends rows sent without an id)', () => {
  it('gives each line the id of the row for its product, nth with nth, and deletes rows no line took', () => {
    const current = [
      { id: 'r1', Product_Name: { id: 'A', name: 'Bolt' }, Quantity: 1 },
      { id: 'r2', Product_Name: { id: 'B', name: 'Nut' }, Quantity: 2 },
      { id: 'r3', Product_Name: { id: 'A', name: 'Bolt' }, Quantity: 3 },
      { id: 'r4', Product_Name: { id: 'C', name: 'Washer' }, Quantity: 4 },
    ];
    expect(
      subformRows(orderLines, [line('B', 2), line('A', 5), line('A', 6), line('D', 1)], current),
    ).toEqual([
      { ...line('B', 2), id: 'r2' },
      { ...line('A', 5), id: 'r1' },
      { ...line('A', 6), id: 'r3' },
      line('D', 1),
      { id: 'r4', _delete: null },
    ]);
  });

  it('an emptied order deletes every row; a create (no rows yet) sends the lines as they are', () => {
    expect(subformRows(orderLines, [], [{ id: 'r1', Product_Name: { id: 'A' } }])).toEqual([
      { id: 'r1', _delete: null },
    ]);
    expect(subformRows(orderLines, [line('A', 1)], undefined)).toEqual([line('A', 1)]);
  });

  it('never sends a row id the line brought along that is not the record’s', () => {
    expect(
      subformRows(
        orderLines,
        [{ ...line('A', 1), id: 'stale' }],
        [{ id: 'r9', Product_Name: 'B' }],
      ),
    ).toEqual([line('A', 1), { id: 'r9', _delete: null }]);
  });
});
