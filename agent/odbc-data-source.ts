import type { AgentDataSource } from './data-source.js';
import {
  loadOdbc,
  type OdbcColumn,
  type OdbcConnection,
  type OdbcPool,
  type OdbcResult,
} from './odbc-driver.js';
export { OdbcUnavailableError } from './odbc-driver.js';
import { hoursOf, NEVER_STAMPED, type SageRow } from './sage-row.js';
import {
  selectAllStamped,
  selectInKeyOrder,
  selectNeverUpdated,
  selectUpdatedAfter,
  countUpdatedAfter,
  selectUpdatedFrom,
  selectUpdatedOn,
  selectWhere,
} from './odbc-sql.js';

export interface OdbcDataSourceOptions {
  /** A DSN ("DSN=SOTAMAS90_SILENT") or a DSN-less string ("Driver={...};Directory=...;..."). */
  connectionString: string;
  /** Connections kept open to the driver. ProvideX is slow to connect, so reuse matters. */
  poolSize: number;
  /** Rows fetched from the driver per round trip while streaming. */
  fetchSize: number;
  /** Seconds before a connection attempt gives up. */
  connectTimeoutSeconds: number;
}

// ODBC SQL type codes for dates and timestamps (SQL_DATE, SQL_TYPE_DATE, SQL_TIMESTAMP, ...).
const DATE_TYPES = new Set([9, 91]);
const TIMESTAMP_TYPES = new Set([11, 93]);

/** Turns a driver row into Sage's formats: dates YYYYMMDD, numbers as decimal strings. */
export function toSageRow(row: Record<string, unknown>, columns: OdbcColumn[]): SageRow {
  const out: SageRow = {};
  for (const { name, dataType } of columns) {
    const value = row[name];
    if (value === null || value === undefined) {
      out[name] = null;
    } else if (DATE_TYPES.has(dataType) || TIMESTAMP_TYPES.has(dataType)) {
      out[name] = String(value).slice(0, 10).replace(/-/g, '');
    } else {
      out[name] = typeof value === 'string' ? value : String(value);
    }
  }
  return out;
}

function rowsOf(result: OdbcResult): SageRow[] {
  return Array.from(result, (row) => toSageRow(row, result.columns));
}

/** Reads Sage 100's tables through the `odbc` package and the ProvideX (or any) ODBC driver. */
export class OdbcDataSource implements AgentDataSource {
  readonly kind = 'odbc';

  private constructor(
    private readonly pool: OdbcPool,
    private readonly options: OdbcDataSourceOptions,
  ) {}

  static async open(options: OdbcDataSourceOptions): Promise<OdbcDataSource> {
    const odbc = await loadOdbc();
    const pool = await odbc.pool({
      connectionString: options.connectionString,
      initialSize: 1,
      maxSize: options.poolSize,
      connectionTimeout: options.connectTimeoutSeconds,
      loginTimeout: options.connectTimeoutSeconds,
    });
    return new OdbcDataSource(pool, options);
  }

  private async withConnection<T>(work: (c: OdbcConnection) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  }

  rowsUpdatedOn(table: string, date: string): Promise<SageRow[]> {
    const sql = date === NEVER_STAMPED ? selectNeverUpdated(table) : selectUpdatedOn(table, date);
    return this.withConnection(async (c) => rowsOf(await c.query(sql)));
  }

  rowsUpdatedFrom(table: string, date: string, time: string): Promise<SageRow[]> {
    const sql = selectUpdatedFrom(table, date, hoursOf(time));
    return this.withConnection(async (c) => rowsOf(await c.query(sql)));
  }

  rowsUpdatedAfter(table: string, date: string): AsyncIterable<SageRow> {
    return this.stream(
      date === NEVER_STAMPED ? selectAllStamped(table) : selectUpdatedAfter(table, date),
    );
  }

  countUpdatedAfter(table: string, date: string): Promise<number> {
    const sql = countUpdatedAfter(table, date === NEVER_STAMPED ? undefined : date);
    return this.withConnection(async (c) => {
      const [row] = rowsOf(await c.query(sql));
      // Drivers name the column as asked or upper-case it; the value may come as a string.
      const value = row ? (row.N ?? row.n ?? Object.values(row)[0]) : 0;
      return Number(value ?? 0);
    });
  }

  rowsInKeyOrder(
    table: string,
    keyColumns: readonly string[],
    afterKey: readonly string[] | undefined,
  ): AsyncIterable<SageRow> {
    return this.stream(selectInKeyOrder(table, keyColumns, afterKey));
  }

  /** Streams a SELECT through an ODBC cursor, fetchSize rows per round trip. */
  private async *stream(sql: string): AsyncIterable<SageRow> {
    const connection = await this.pool.connect();
    try {
      const cursor = await connection.query(sql, {
        cursor: true,
        fetchSize: this.options.fetchSize,
      });
      try {
        while (!cursor.noData) {
          const batch = await cursor.fetch();
          for (const row of rowsOf(batch)) yield row;
        }
      } finally {
        await cursor.close();
      }
    } finally {
      await connection.close();
    }
  }

  rowsWhere(table: string, equals: Readonly<Record<string, string>>): Promise<SageRow[]> {
    const sql = selectWhere(table, equals);
    return this.withConnection(async (c) => rowsOf(await c.query(sql)));
  }

  async ping(): Promise<void> {
    // A key lookup on the customer file proves the DSN, the driver and the company's data
    // folder are all reachable; ProvideX has no table-less SELECT.
    await this.rowsWhere('AR_Customer', { ARDivisionNo: '', CustomerNo: '' });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
