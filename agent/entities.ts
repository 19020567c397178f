/**
 * The Sage 100 tables the agent serves, with their primary keys (Sage's file layouts, see
 * ../shared/reference/sage100-ebws.md §3.12–3.14 and §7.2). Every one of them carries Sage's audit
 * columns DateUpdated (date) and TimeUpdated (decimal hours as a string), which the change feed
 * orders by.
 */
export const ENTITY_KEYS = {
  AR_Customer: ['ARDivisionNo', 'CustomerNo'],
  AR_CustomerContact: ['ARDivisionNo', 'CustomerNo', 'ContactCode'],
  CI_Item: ['ItemCode'],
  AP_Vendor: ['APDivisionNo', 'VendorNo'],
  GL_Account: ['AccountKey'],
  SO_SalesOrderHeader: ['SalesOrderNo'],
  SO_SalesOrderDetail: ['SalesOrderNo', 'LineKey'],
  AR_InvoiceHistoryHeader: ['InvoiceNo', 'HeaderSeqNo'],
  AR_InvoiceHistoryDetail: ['InvoiceNo', 'HeaderSeqNo', 'DetailSeqNo'],
  AR_OpenInvoice: ['ARDivisionNo', 'CustomerNo', 'InvoiceNo', 'InvoiceType'],
} as const satisfies Record<string, readonly string[]>;

export type EntityName = keyof typeof ENTITY_KEYS;
export const ENTITY_NAMES = Object.keys(ENTITY_KEYS) as EntityName[];

export function isEntityName(value: string): value is EntityName {
  return Object.prototype.hasOwnProperty.call(ENTITY_KEYS, value);
}

/** Child rows of a parent, read with one single-table SELECT on the parent's key columns. */
export const RELATIONS = {
  CustomerContacts: { table: 'AR_CustomerContact', parentColumns: ['ARDivisionNo', 'CustomerNo'] },
  OpenInvoices: { table: 'AR_OpenInvoice', parentColumns: ['ARDivisionNo', 'CustomerNo'] },
  SalesOrderLines: { table: 'SO_SalesOrderDetail', parentColumns: ['SalesOrderNo'] },
  InvoiceLines: { table: 'AR_InvoiceHistoryDetail', parentColumns: ['InvoiceNo', 'HeaderSeqNo'] },
} as const satisfies Record<string, { table: EntityName; parentColumns: readonly string[] }>;

export type RelationName = keyof typeof RELATIONS;

export function isRelationName(value: string): value is RelationName {
  return Object.prototype.hasOwnProperty.call(RELATIONS, value);
}

export const DATE_UPDATED = 'DateUpdated';
export const TIME_UPDATED = 'TimeUpdated';
