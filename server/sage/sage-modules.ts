import type { EntityName, RelationName } from '../../agent/entities.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { SageEntity } from './validate-record.js';

/**
 * Where each engine module lives in Sage 100: the agent's table (reads and the change feed), the
 * child relation its lines come from, and the eBWS contract it is written as. One table, so the
 * gateway's reads and writes cannot disagree about a module.
 */

/** The agent entity (Sage table) each module is read from. */
export const ENTITY: Record<ModuleName, EntityName> = {
  Accounts: 'AR_Customer',
  Contacts: 'AR_CustomerContact',
  Products: 'CI_Item',
  Vendors: 'AP_Vendor',
  Sales_Orders: 'SO_SalesOrderHeader',
  Invoices: 'AR_InvoiceHistoryHeader',
  GL_Accounts: 'GL_Account',
};

/** Modules with lines: the agent relation they are read from, and the column that orders them. */
export const LINES: Partial<Record<ModuleName, { relation: RelationName; order: string }>> = {
  Sales_Orders: { relation: 'SalesOrderLines', order: 'LineKey' },
  Invoices: { relation: 'InvoiceLines', order: 'DetailSeqNo' },
};

/** The eBWS contract each writable module is sent as. */
export const CONTRACT: Partial<Record<ModuleName, SageEntity>> = {
  Accounts: 'Customer',
  Contacts: 'CustomerContact',
  Sales_Orders: 'SalesOrder',
};

/** eBWS has no operation for these: Sage → Zoho only (the catalog allows nothing else). */
export const READ_ONLY = new Set<ModuleName>(['Products', 'Vendors', 'Invoices', 'GL_Accounts']);
