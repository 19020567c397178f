import fs from 'node:fs';
import path from 'node:path';
import { loadOdbc } from './odbc-driver.js';
import { createSqliteCompany, insertSageRows } from './sqlite-company.js';

/**
 * Seeds a small SQLite company for `npm run agent -- --demo` (a machine without Sage 100 can
 * still run the real agent over real ODBC). Only for DSN-less SQLite3 connection strings; returns
 * the file it created, or undefined when it already existed.
 */
export async function seedDemoCompany(connectionString: string): Promise<string | undefined> {
  const m = /(?:^|;)\s*Database=([^;]+)/i.exec(connectionString);
  if (!/Driver=\{?SQLite3\}?/i.test(connectionString) || !m?.[1]) {
    throw new Error(
      '--demo needs a connection string like Driver=SQLite3;Database=./data/agent-demo.db',
    );
  }
  const file = m[1].trim();
  if (fs.existsSync(file)) return undefined;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const odbc = await loadOdbc();
  const connection = await odbc.connect(connectionString);
  try {
    await createSqliteCompany(connection);
    const stamp = {
      DateCreated: '20261120',
      TimeCreated: '9.00000',
      UserCreatedKey: '0000000001',
      DateUpdated: '20261120',
      TimeUpdated: '9.00000',
      UserUpdatedKey: '0000000001',
    };
    await insertSageRows(connection, 'AR_Customer', [
      {
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        CustomerName: 'American Business Futures',
        City: 'Milwaukee',
        State: 'WI',
        CreditHold: 'N',
        CreditLimit: '5000.00',
        CurrentBalance: '1200.50',
        OpenOrderAmt: '300.00',
        ...stamp,
      },
      {
        ARDivisionNo: '01',
        CustomerNo: 'AVNET',
        CustomerName: 'Avnet Processing Corp',
        City: 'Chicago',
        State: 'IL',
        CreditHold: 'N',
        CreditLimit: '0',
        CurrentBalance: '0',
        OpenOrderAmt: '0',
        ...stamp,
        TimeUpdated: '10.25000',
      },
    ]);
    await insertSageRows(connection, 'AR_CustomerContact', [
      {
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        ContactCode: 'ARTIE',
        ContactName: 'Artie Johnson',
        ...stamp,
      },
    ]);
    await insertSageRows(connection, 'CI_Item', [
      {
        ItemCode: '1001-HON-H252',
        ItemType: '1',
        ItemCodeDesc: 'HON 2 DRAWER LETTER FLE W/O LK',
        StandardUnitPrice: '129.95',
        InactiveItem: 'N',
        ...stamp,
      },
    ]);
    await insertSageRows(connection, 'AR_OpenInvoice', [
      {
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        InvoiceNo: '0100001',
        InvoiceType: 'IN',
        InvoiceDate: '20261015',
        Balance: '1200.50',
        InvoiceAmt: '1200.50',
        ...stamp,
      },
    ]);
  } finally {
    await connection.close();
  }
  return file;
}
