import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOdbc } from './odbc-driver.js';
import { createSqliteCompany, insertSageRows } from './sqlite-company.js';
import type { SageRow } from './sage-row.js';

/**
 * Test support: a fresh SQLite file with Sage's table shapes, reachable through unixODBC with a
 * DSN-less connection string, as the agent's ODBC tests and the feed's integration tests use it.
 */
export interface SqliteCompanyFile {
  connectionString: string;
  insert(table: string, rows: SageRow[]): Promise<void>;
  run(sql: string): Promise<void>;
  remove(): Promise<void>;
}

export async function openSqliteCompany(): Promise<SqliteCompanyFile> {
  const odbc = await loadOdbc();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-odbc-'));
  const connectionString = `Driver=SQLite3;Database=${path.join(dir, 'company.db')}`;
  const connection = await odbc.connect(connectionString);
  await createSqliteCompany(connection);
  return {
    connectionString,
    insert: (table, rows) => insertSageRows(connection, table, rows),
    run: async (sql) => {
      await connection.query(sql);
    },
    remove: async () => {
      await connection.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
