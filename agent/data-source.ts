import type { SageRow } from './sage-row.js';

/**
 * What the agent needs from Sage's tables. The ODBC data source reads a real company through
 * Sage's ProvideX driver; the simulator puts its in-memory company store behind the same
 * interface. Every method reads one table, so each maps to one single-table SELECT.
 */
export interface AgentDataSource {
  /** A short name for health output, e.g. "odbc" or "simulator". */
  readonly kind: string;
  /**
   * Every row of `table` whose DateUpdated is `date` (YYYYMMDD), in any order. The date
   * "00000000" asks for the rows whose DateUpdated is null or blank.
   */
  rowsUpdatedOn(table: string, date: string): Promise<SageRow[]>;
  /**
   * The rows of day `date` stamped at `time` (decimal hours) or later: at least every row whose
   * TimeUpdated is numerically >= `time`, each stamp's rows all; a source may return more of the
   * day (the caller filters). Optional: without it the caller reads the whole day.
   */
  rowsUpdatedFrom?(table: string, date: string, time: string): Promise<SageRow[]>;
  /**
   * Rows whose DateUpdated is after `date`, ascending by DateUpdated (order within a day is
   * free). The caller may stop early; the iterator then releases what it holds.
   */
  rowsUpdatedAfter(table: string, date: string): AsyncIterable<SageRow>;
  /**
   * How many rows `rowsUpdatedAfter(table, date)` would give (one COUNT, so the feed can say how
   * many changes are left). Optional: a source without it reports no count.
   */
  countUpdatedAfter?(table: string, date: string): Promise<number>;
  /**
   * Every row in ascending order of `keyColumns` (the table's primary key), starting after
   * `afterKey` when given. The caller stops early; the iterator then releases what it holds.
   */
  rowsInKeyOrder(
    table: string,
    keyColumns: readonly string[],
    afterKey: readonly string[] | undefined,
  ): AsyncIterable<SageRow>;
  /** Rows whose columns equal the given values (key lookups and child rows). */
  rowsWhere(table: string, equals: Readonly<Record<string, string>>): Promise<SageRow[]>;
  /** Throws when the data behind it cannot be read. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
