import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog/index.js';
import { map } from '../catalog/types.js';
import { compileMappings } from '../mapping/compile.js';
import { settleLines } from './shared-precision.js';

/** An order's line mappings as the catalog has them: the item, its quantity, its price (2 ↔ 6). */
const lineMappings = compileMappings('Sales_Orders', CATALOG.Sales_Orders.lines!.mappings);

describe('settling order lines at the decimals both sides hold (ADR 0085)', () => {
  it('compares a Sage line with Sage’s line of the same item, the nth with the nth', () => {
    const proposed = [
      { ItemCode: 'B', QuantityOrdered: 4, UnitPrice: 9.12 },
      { ItemCode: 'A', QuantityOrdered: 1, UnitPrice: 9.12 },
      { ItemCode: 'A', QuantityOrdered: 2, UnitPrice: 5 },
    ];
    settleLines(lineMappings, 'sage', proposed, [
      { ItemCode: 'A', QuantityOrdered: 1, UnitPrice: 9.12345 },
      { ItemCode: 'B', QuantityOrdered: 4, UnitPrice: 9.1249 },
      { ItemCode: 'A', QuantityOrdered: 2, UnitPrice: 4.99999 },
    ]);
    expect(proposed.map((l) => l.UnitPrice)).toEqual([9.1249, 9.12345, 4.99999]);
  });

  it('pairs Zoho lines by the product’s id: { id, name }, { id } or the bare id', () => {
    const proposed = [
      { Product_Name: { id: '22' }, Quantity: 4, List_Price: 9.12 },
      { Product_Name: { id: '33' }, Quantity: 1, List_Price: 7.1 },
    ];
    settleLines(lineMappings, 'zoho', proposed, [
      { Product_Name: { id: '11', name: 'A' }, Quantity: 1, List_Price: 9.1234 },
      { Product_Name: '33', Quantity: 1, List_Price: 7.1001 },
      { Product_Name: { id: '22', name: 'B' }, Quantity: 4, List_Price: 9.1249 },
    ]);
    expect(proposed.map((l) => l.List_Price)).toEqual([9.1249, 7.1001]);
  });

  it('leaves a line of an item the target does not hold, or holds fewer times, as proposed', () => {
    const proposed = [
      { ItemCode: 'A', UnitPrice: 9.12 },
      { ItemCode: 'C', UnitPrice: 9.12 },
    ];
    settleLines(lineMappings, 'sage', proposed, [
      { ItemCode: 'B', UnitPrice: 9.12345 },
      { ItemCode: 'C', UnitPrice: 9.13 },
    ]);
    expect(proposed.map((l) => l.UnitPrice)).toEqual([9.12, 9.12]);
  });

  it('compares in order when the line mappings have no lookup to name the item', () => {
    const noItem = compileMappings('Sales_Orders', [
      map('List_Price', 'UnitPrice', 'both', { kind: 'number', scale: 2, sageScale: 6 }),
    ]);
    const proposed = [{ UnitPrice: 9.12 }, { UnitPrice: 3.5 }];
    settleLines(noItem, 'sage', proposed, [{ UnitPrice: 9.12345 }, { UnitPrice: 3.50001 }]);
    expect(proposed.map((l) => l.UnitPrice)).toEqual([9.12345, 3.50001]);
  });
});
