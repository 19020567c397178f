import { map, type ModuleDefinition } from './types.js';

/** Zoho Products ← Sage CI items (CI_Item, read through the agent: eBWS has no item operation). */
export const products: ModuleDefinition = {
  module: 'Products',
  label: 'Products ← CI items',
  sageEntity: 'CI_Item',
  sageKey: [{ field: 'ItemCode' }],
  zohoKeyField: 'Sage_Key',
  needs: [],
  allowedDirections: ['sage_to_zoho', 'disabled'],
  defaultDirection: 'sage_to_zoho',
  defaultSchedule: { kind: 'interval', seconds: 3600 },
  defaultMappings: [
    map('Product_Code', 'ItemCode', 'sage_to_zoho'),
    map('Product_Name', 'ItemCodeDesc', 'sage_to_zoho'),
    map('Unit_Price', 'StandardUnitPrice', 'sage_to_zoho', { kind: 'number', scale: 2 }),
    map('Qty_in_Stock', 'TotalQuantityOnHand', 'sage_to_zoho', { kind: 'number', scale: 2 }),
    map('Usage_Unit', 'SalesUnitOfMeasure', 'sage_to_zoho'),
    map('Product_Active', 'InactiveItem', 'sage_to_zoho', { kind: 'yesno', invert: true }),
    map('Product_Line', 'ProductLine', 'sage_to_zoho'),
    map('Sage_Item_Type', 'ItemType', 'sage_to_zoho', {
      kind: 'code',
      table: { '1': 'Regular', '3': 'Charge', '4': 'Comment', '5': 'Miscellaneous' },
      otherwise: 'pass',
    }),
  ],
  zohoMandatory: ['Product_Name'],
  sageMandatory: [],
  zohoLengths: { Product_Code: 40, Product_Name: 120, Usage_Unit: 30, Product_Line: 30 },
  sageLengths: { '2018': {}, '2023': {} },
  zohoPicklists: {},
  inactive: { zoho: { field: 'Product_Active', value: false } },
  match: { name: { zoho: ['Product_Name'], sage: ['ItemCodeDesc'] } },
};
