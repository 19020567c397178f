import type { SageRow } from './sage-row.js';
import { stringLiteral, identifier, dateEscape } from './odbc-sql.js';

/**
 * A SQLite file with Sage 100's table shapes (column names and types from Sage's file layouts),
 * created and filled through ODBC. It stands in for a Sage company behind the ProvideX driver in
 * the agent's tests and in `npm run agent -- --demo`. Dates are SQL DATE columns, as the ProvideX
 * driver presents them; times are Sage's decimal-hours strings.
 */
const AUDIT = [
  'DateCreated DATE',
  'TimeCreated VARCHAR(8)',
  'UserCreatedKey VARCHAR(10)',
  'DateUpdated DATE',
  'TimeUpdated VARCHAR(8)',
  'UserUpdatedKey VARCHAR(10)',
];
const money = (names: string[]) => names.map((n) => `${n} DECIMAL(13,2)`);

export const SQLITE_COMPANY_TABLES: Record<string, string[]> = {
  AR_Customer: [
    'ARDivisionNo VARCHAR(2)',
    'CustomerNo VARCHAR(20)',
    'CustomerName VARCHAR(50)',
    'AddressLine1 VARCHAR(30)',
    'City VARCHAR(20)',
    'State VARCHAR(2)',
    'ZipCode VARCHAR(10)',
    'TelephoneNo VARCHAR(17)',
    'EmailAddress VARCHAR(250)',
    'CreditHold VARCHAR(1)',
    ...money([
      'CreditLimit',
      'CurrentBalance',
      'AgingCategory1',
      'AgingCategory2',
      'AgingCategory3',
      'AgingCategory4',
      'OpenOrderAmt',
    ]),
  ],
  AR_CustomerContact: [
    'ARDivisionNo VARCHAR(2)',
    'CustomerNo VARCHAR(20)',
    'ContactCode VARCHAR(10)',
    'ContactName VARCHAR(30)',
    'TelephoneNo1 VARCHAR(17)',
    'EmailAddress VARCHAR(250)',
  ],
  CI_Item: [
    'ItemCode VARCHAR(30)',
    'ItemType VARCHAR(1)',
    'ItemCodeDesc VARCHAR(30)',
    'ProductLine VARCHAR(4)',
    'StandardUnitPrice DECIMAL(15,6)',
    'InactiveItem VARCHAR(1)',
  ],
  AP_Vendor: [
    'APDivisionNo VARCHAR(2)',
    'VendorNo VARCHAR(7)',
    'VendorName VARCHAR(30)',
    'TelephoneNo VARCHAR(17)',
    'EmailAddress VARCHAR(250)',
  ],
  GL_Account: [
    'AccountKey VARCHAR(9)',
    'Account VARCHAR(41)',
    'AccountDesc VARCHAR(50)',
    'MainAccountCode VARCHAR(15)',
    'AccountType VARCHAR(2)',
    'Status VARCHAR(1)',
  ],
  SO_SalesOrderHeader: [
    'SalesOrderNo VARCHAR(7)',
    'OrderDate DATE',
    'OrderType VARCHAR(1)',
    'OrderStatus VARCHAR(1)',
    'ARDivisionNo VARCHAR(2)',
    'CustomerNo VARCHAR(20)',
    'CustomerPONo VARCHAR(15)',
  ],
  SO_SalesOrderDetail: [
    'SalesOrderNo VARCHAR(7)',
    'LineKey VARCHAR(6)',
    'ItemCode VARCHAR(30)',
    'QuantityOrdered DECIMAL(15,6)',
    'UnitPrice DECIMAL(15,6)',
    'ExtensionAmt DECIMAL(11,2)',
  ],
  AR_InvoiceHistoryHeader: [
    'InvoiceNo VARCHAR(7)',
    'HeaderSeqNo VARCHAR(6)',
    'InvoiceType VARCHAR(2)',
    'InvoiceDate DATE',
    'ARDivisionNo VARCHAR(2)',
    'CustomerNo VARCHAR(20)',
    'SalesOrderNo VARCHAR(7)',
    ...money(['TaxableSalesAmt', 'NonTaxableSalesAmt', 'SalesTaxAmt']),
  ],
  AR_InvoiceHistoryDetail: [
    'InvoiceNo VARCHAR(7)',
    'HeaderSeqNo VARCHAR(6)',
    'DetailSeqNo VARCHAR(6)',
    'ItemCode VARCHAR(30)',
    'QuantityShipped DECIMAL(15,6)',
    'ExtensionAmt DECIMAL(11,2)',
  ],
  AR_OpenInvoice: [
    'ARDivisionNo VARCHAR(2)',
    'CustomerNo VARCHAR(20)',
    'InvoiceNo VARCHAR(7)',
    'InvoiceType VARCHAR(2)',
    'InvoiceDate DATE',
    'InvoiceDueDate DATE',
    ...money(['Balance', 'InvoiceAmt']),
  ],
};

export interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

const dateColumns = (table: string) =>
  new Set(
    (SQLITE_COMPANY_TABLES[table] ?? [])
      .concat(AUDIT)
      .filter((c) => / DATE$/.test(c))
      .map((c) => c.split(' ')[0]),
  );

export async function createSqliteCompany(sql: SqlRunner): Promise<void> {
  for (const [table, columns] of Object.entries(SQLITE_COMPANY_TABLES)) {
    await sql.query(
      `CREATE TABLE IF NOT EXISTS ${identifier(table)} (${[...columns, ...AUDIT].join(', ')})`,
    );
  }
}

/** Writes rows given in Sage's formats (dates YYYYMMDD) as plain INSERTs. */
export async function insertSageRows(
  sql: SqlRunner,
  table: string,
  rows: SageRow[],
): Promise<void> {
  const dates = dateColumns(table);
  for (const row of rows) {
    const names = Object.keys(row);
    const values = names.map((name) => {
      const value = row[name];
      if (value === null || value === undefined) return 'NULL';
      if (dates.has(name)) return value === '' ? 'NULL' : dateEscape(value);
      return stringLiteral(value);
    });
    await sql.query(
      `INSERT INTO ${identifier(table)} (${names.map(identifier).join(', ')}) VALUES (${values.join(', ')})`,
    );
  }
}
