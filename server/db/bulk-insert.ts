import type { Knex } from 'knex';
import { isSqlite, type Db } from './knex.js';

/**
 * Multi-row INSERTs for the sync's per-page writes (a page's links and events), without knex's
 * query compiler: it walks every row object, every column and every value of a 500-row insert to
 * build the same text each page (a fifth of the engine's CPU), and even `raw` checks each of the
 * 8,500 bindings for undefined and rewrites the text. Rows come as arrays in column order; the
 * statement text is made once per table, columns and row count.
 * On SQLite the statement runs on the connection knex holds for the current transaction (or
 * takes from the pool), prepared once (`cacheStatements`); on Postgres it goes through `raw`.
 * Either way it takes part in the caller's transaction and shows in knex's query events.
 */

/** Rows per statement: x 17 columns stays well under SQLite's and Postgres's bound-variable caps. */
export const ROWS_PER_INSERT = 500;

const texts = new Map<string, string>();
/** Statement texts kept (a table's full chunk and a few last-chunk sizes). */
const KEPT_TEXTS = 64;

function insertText(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(',')})`;
    text =
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ` +
      Array.from({ length: rows }, () => row).join(',');
    if (texts.size >= KEPT_TEXTS) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/** Inserts `rows` (each an array of values in `columns` order), 500 to a statement. */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const end = Math.min(rows.length, i + ROWS_PER_INSERT);
    const bindings: unknown[] = [];
    for (let r = i; r < end; r++) {
      const row = rows[r]!;
      if (row.length !== columns.length) {
        throw new Error(
          `insert into ${table}: a row has ${row.length} values for ${columns.length} columns`,
        );
      }
      for (const value of row) bindings.push(value === undefined ? null : value);
    }
    const sql = insertText(table, columns, end - i);
    if (isSqlite(db)) await runOnSqlite(db, sql, bindings);
    else await db.raw(sql, bindings as Knex.RawBinding[]);
  }
}

interface SqliteStatement {
  run(bindings: unknown[]): unknown;
}

/** The statement on knex's own connection: the transaction's when one is open. */
async function runOnSqlite(db: Db, sql: string, bindings: unknown[]): Promise<void> {
  const client = db.client as Knex.Client & {
    acquireConnection(): Promise<{ prepare(sql: string): SqliteStatement }>;
    releaseConnection(connection: unknown): Promise<void>;
  };
  const connection = await client.acquireConnection();
  try {
    // As knex itself announces each query it runs (query logs, tests counting statements).
    client.emit('query', { sql, bindings, method: 'insert' });
    connection.prepare(sql).run(bindings);
  } finally {
    await client.releaseConnection(connection);
  }
}
