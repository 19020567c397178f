import type { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseTarget } from '../config.js';

export type Db = Knex;

export interface DbOptions {
  /** Postgres only: the schema to use (tests give each suite its own). */
  schema?: string;
  poolMax?: number;
  /**
   * Where knex's own warnings go (a pool that cannot connect, a deprecation). Without it knex
   * prints them, stack and all, to the console, which the operator CLI must not do.
   */
  log?: { warn(message: string): void; error(message: string): void };
}

const knexLog = (log: DbOptions['log']) =>
  log && {
    warn: (m: unknown) => log.warn(String(m)),
    error: (m: unknown) => log.error(String(m)),
    deprecate: (m: unknown) => log.warn(String(m)),
    debug: () => undefined,
  };

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

/** Statements kept per SQLite connection: a run's few page statements, with room to spare. */
export const SQLITE_STATEMENT_CACHE = 100;

/**
 * Makes the connection reuse its prepared statements. knex prepares every query anew, and a
 * page's 500-row insert takes SQLite longer to prepare than to run; the statements a sync repeats
 * page after page are the same text, so each is prepared once. The least recently used goes when
 * the cache is full (queries with IN lists of every length would otherwise pile up). Safe because
 * knex only ever runs a statement to completion (`all`/`run`), never two at once on one.
 */
export function cacheStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement !== undefined) {
      cache.delete(sql);
    } else {
      statement = prepare(sql);
      if (cache.size >= SQLITE_STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
}

/** Bytes per page of a SQLite database this backend creates. */
export const SQLITE_PAGE_SIZE = 16_384;

/** Opens a knex instance for SQLite (the embedded default) or Postgres (several processes). */
export function createDb(target: DatabaseTarget, options: DbOptions = {}): Db {
  if (target.client === 'sqlite') {
    if (target.filename !== ':memory:') {
      fs.mkdirSync(path.dirname(path.resolve(target.filename)), { recursive: true });
    }
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: target.filename },
      useNullAsDefault: true,
      log: knexLog(options.log),
      // One connection: SQLite serialises writers anyway, and :memory: databases are per connection.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) => {
          conn.pragma('foreign_keys = ON');
          // 16 KiB pages for a new database (an existing one keeps its own; ADR 0097): a page of a
          // sync stores ~1 MB of links and events, and SQLite moves it a page per system call
          // (two writes to the WAL, a read and a write at checkpoint). With 4 KiB pages the kernel
          // time of those calls was a fifth of a first sync's CPU.
          conn.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
          conn.pragma('journal_mode = WAL');
          conn.pragma('busy_timeout = 5000');
          cacheStatements(conn);
          done(null, conn);
        },
      },
    });
  }
  return knexFactory({
    client: 'pg',
    connection: { connectionString: target.connectionString },
    searchPath: options.schema ? [options.schema] : undefined,
    log: knexLog(options.log),
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}

/**
 * `db`, or the transaction `scope` holds for the current async context: repositories built on it
 * take part in a transaction opened by `transaction(work)` (`repositories/index.ts`) for every
 * query `work` makes, wherever it makes it, without being handed the transaction. Queries from
 * other contexts (a heartbeat timer) keep using `db` and wait for it on SQLite's one connection.
 */
export function scopedDb(db: Db, scope: AsyncLocalStorage<Knex.Transaction>): Db {
  const current = () => scope.getStore() ?? db;
  return new Proxy(db, {
    apply: (_target, thisArg, args: unknown[]) => Reflect.apply(current(), thisArg, args),
    get: (_target, prop) => {
      const target = current();
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function isSqlite(db: Db): boolean {
  return db.client.config.client === 'better-sqlite3';
}
