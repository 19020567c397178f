import { map, OPT_IN_FIELD, type ModuleDefinition } from './types.js';
import { ZOHO_ADDRESS_LENGTHS } from './zoho-address.js';

/**
 * Zoho Sales_Orders ↔ Sage S/O sales orders (SO_SalesOrderHeader/Detail via eBWS `SalesOrder`).
 * Lines are Zoho's `Ordered_Items` subform and Sage's `Lines`; items must be linked Products.
 */
export const salesOrders: ModuleDefinition = {
  module: 'Sales_Orders',
  label: 'Sales orders ↔ S/O sales orders',
  sageEntity: 'SO_SalesOrderHeader',
  sageKey: [{ field: 'SalesOrderNo' }],
  zohoKeyField: 'Sage_Key',
  needs: ['Accounts', 'Products'],
  allowedDirections: ['sage_to_zoho', 'zoho_to_sage', 'both', 'disabled'],
  defaultDirection: 'both',
  defaultSchedule: { kind: 'interval', seconds: 900 },
  defaultMappings: [
    map('Subject', 'SalesOrderNo', 'sage_to_zoho'),
    map('Account_Name', 'ARDivisionNo,CustomerNo', 'both', { kind: 'lookup', module: 'Accounts' }),
    map('Order_Date', 'OrderDate', 'both', { kind: 'date' }),
    map('Due_Date', 'ShipExpireDate', 'both', { kind: 'date' }),
    map('Purchase_Order', 'CustomerPONo'),
    map('Status', 'OrderStatus', 'both', {
      kind: 'code',
      table: { N: 'Created', O: 'Approved', C: 'Delivered', H: 'On Hold' },
      // A code the table lacks never holds the record back: the field is left as it is and
      // the event names the code, so the admin can add it to the table.
      otherwise: 'leave',
    }),
    map('Billing_Street', 'BillToAddress1,BillToAddress2,BillToAddress3', 'both', {
      kind: 'lines',
    }),
    map('Billing_City', 'BillToCity'),
    map('Billing_State', 'BillToState'),
    map('Billing_Code', 'BillToZipCode'),
    map('Billing_Country', 'BillToCountryCode'),
    map('Shipping_Street', 'ShipToAddress1,ShipToAddress2,ShipToAddress3', 'both', {
      kind: 'lines',
    }),
    map('Shipping_City', 'ShipToCity'),
    map('Shipping_State', 'ShipToState'),
    map('Shipping_Code', 'ShipToZipCode'),
    map('Shipping_Country', 'ShipToCountryCode'),
    map('Description', 'Comment'),
    // The Deal behind the order (ADR 0066): its opportunity number in Sage's CRMOpportunityID.
    map('Deal_Name', 'CRMOpportunityID', 'both', { kind: 'deal', via: 'opportunity' }),
  ],
  lines: {
    zohoField: 'Ordered_Items',
    sageField: 'Lines',
    mappings: [
      map('Product_Name', 'ItemCode', 'both', { kind: 'lookup', module: 'Products' }),
      map('Quantity', 'QuantityOrdered', 'both', { kind: 'number', scale: 6 }),
      // Zoho's price holds its currency's decimals (2 unless the org says more), Sage's UnitPrice 6.
      map('List_Price', 'UnitPrice', 'both', { kind: 'number', scale: 2, sageScale: 6 }),
    ],
    zohoMandatory: ['Product_Name', 'Quantity'],
    sageMandatory: ['ItemCode', 'QuantityOrdered'],
    sagePositive: ['QuantityOrdered'],
  },
  zohoMandatory: ['Subject', 'Account_Name'],
  // OrderDate is required by Sage; the gateway gives a new order today's date, as Sage's UI does.
  sageMandatory: ['ARDivisionNo', 'CustomerNo'],
  zohoLengths: {
    Subject: 255,
    Purchase_Order: 100,
    ...ZOHO_ADDRESS_LENGTHS,
  },
  sageLengths: {
    '2018': {
      CustomerPONo: 15,
      BillToAddress1: 30,
      BillToAddress2: 30,
      BillToAddress3: 30,
      BillToCity: 20,
      BillToState: 2,
      BillToZipCode: 10,
      BillToCountryCode: 3,
      ShipToAddress1: 30,
      ShipToAddress2: 30,
      ShipToAddress3: 30,
      ShipToCity: 20,
      ShipToState: 2,
      ShipToZipCode: 10,
      ShipToCountryCode: 3,
      Comment: 30,
    },
    '2023': {
      CustomerPONo: 30,
      BillToAddress1: 40,
      BillToAddress2: 40,
      BillToAddress3: 40,
      BillToCity: 30,
      BillToState: 2,
      BillToZipCode: 10,
      BillToCountryCode: 3,
      ShipToAddress1: 40,
      ShipToAddress2: 40,
      ShipToAddress3: 40,
      ShipToCity: 30,
      ShipToState: 2,
      ShipToZipCode: 10,
      ShipToCountryCode: 3,
      Comment: 30,
    },
  },
  zohoPicklists: { Status: ['Created', 'Approved', 'Delivered', 'Cancelled', 'On Hold'] },
  inactive: {
    zoho: { field: 'Status', value: 'Cancelled' },
    sage: { field: 'OrderStatus', value: 'H' },
  },
  optIn: { zohoField: OPT_IN_FIELD },
  // Off until the admin turns it on: a closed or invoiced order marks its Deal won.
  dealStages: { enabled: false, stages: { C: 'Closed Won', invoiced: 'Closed Won' } },
  deal: { zohoField: 'Deal_Name', trigger: 'status', sageStatusField: 'OrderStatus' },
  match: {
    name: { zoho: ['Subject'], sage: ['SalesOrderNo'] },
  },
};
