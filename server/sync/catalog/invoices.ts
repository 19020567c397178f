import { map, type ModuleDefinition } from './types.js';

/** Zoho Invoices ← Sage AR invoice history (AR_InvoiceHistoryHeader/Detail, via the agent). */
export const invoices: ModuleDefinition = {
  module: 'Invoices',
  label: 'Invoices ← AR invoice history',
  sageEntity: 'AR_InvoiceHistoryHeader',
  sageKey: [{ field: 'InvoiceNo' }, { field: 'HeaderSeqNo' }],
  zohoKeyField: 'Sage_Key',
  needs: ['Accounts', 'Products'],
  allowedDirections: ['sage_to_zoho', 'disabled'],
  defaultDirection: 'sage_to_zoho',
  defaultSchedule: { kind: 'interval', seconds: 900 },
  defaultMappings: [
    map('Subject', 'InvoiceNo', 'sage_to_zoho'),
    map('Account_Name', 'ARDivisionNo,CustomerNo', 'sage_to_zoho', {
      kind: 'lookup',
      module: 'Accounts',
    }),
    map('Invoice_Date', 'InvoiceDate', 'sage_to_zoho', { kind: 'date' }),
    map('Due_Date', 'InvoiceDueDate', 'sage_to_zoho', { kind: 'date' }),
    map('Purchase_Order', 'CustomerPONo', 'sage_to_zoho'),
    map('Sage_Sales_Order_No', 'SalesOrderNo', 'sage_to_zoho'),
    // The order and the Deal the invoice bills (ADR 0066), through the order's link.
    map('Sales_Order', 'SalesOrderNo', 'sage_to_zoho', {
      kind: 'lookup',
      module: 'Sales_Orders',
      optional: true,
    }),
    map('Deal', 'SalesOrderNo', 'sage_to_zoho', { kind: 'deal', via: 'order' }),
    map('Invoice_Type', 'InvoiceType', 'sage_to_zoho', {
      kind: 'code',
      table: {
        IN: 'Invoice',
        CM: 'Credit Memo',
        DM: 'Debit Memo',
        AD: 'Adjustment',
        FC: 'Finance Charge',
        CA: 'Cash',
      },
      otherwise: 'pass',
    }),
    map('Sales_Tax', 'SalesTaxAmt', 'sage_to_zoho', { kind: 'number', scale: 2 }),
    map('Freight', 'FreightAmt', 'sage_to_zoho', { kind: 'number', scale: 2 }),
  ],
  lines: {
    zohoField: 'Invoiced_Items',
    sageField: 'Lines',
    mappings: [
      map('Product_Name', 'ItemCode', 'sage_to_zoho', { kind: 'lookup', module: 'Products' }),
      map('Quantity', 'QuantityShipped', 'sage_to_zoho', { kind: 'number', scale: 6 }),
      map('List_Price', 'UnitPrice', 'sage_to_zoho', { kind: 'number', scale: 2 }),
    ],
    zohoMandatory: ['Product_Name', 'Quantity'],
    sageMandatory: [],
  },
  zohoMandatory: ['Subject', 'Account_Name'],
  sageMandatory: [],
  zohoLengths: { Subject: 255, Purchase_Order: 100 },
  sageLengths: { '2018': {}, '2023': {} },
  zohoPicklists: {},
  inactive: {},
  match: { name: { zoho: ['Subject'], sage: ['InvoiceNo'] } },
  deal: { zohoField: 'Deal', trigger: 'invoiced' },
};
