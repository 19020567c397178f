import { instantToSage } from '../../server/sage/sage-time.js';
import {
  keyOf,
  SAGE_TABLES,
  SageStoreError,
  SYSTEM_USER_KEY,
  type SageChange,
  type SageChangeKind,
  type SageChangeListener,
  type SageCompany,
  type SageRow,
  type SageTableName,
  type SageValue,
  type WriteOptions,
} from './tables.js';

/** One simulated company's data tables, their writes and stamps, transactions and change events (see store.ts). */

const joinKey = (table: SageTableName, row: object): string =>
  Object.values(keyOf(table, row)).join('\u0000');

const copy = (row: SageRow): SageRow => ({ ...row });

export class SageCompanyData {
  private readonly tables = new Map<SageTableName, Map<string, SageRow>>();
  private readonly listeners = new Set<SageChangeListener>();
  /** Per table, a number that moves on every change to its rows (an undo included). */
  private readonly revisions = new Map<SageTableName, number>();
  /** Undo steps and pending events of the open transaction, if any. */
  private journal?: { undo: Array<() => void>; events: SageChange[] };

  constructor(
    readonly settings: SageCompany,
    private readonly clock: () => Date,
    private readonly publishToStore: SageChangeListener,
  ) {
    for (const t of SAGE_TABLES) this.tables.set(t, new Map());
  }

  get code(): string {
    return this.settings.CompanyCode;
  }

  get timeZone(): string {
    return this.settings.timeZone;
  }

  list(table: SageTableName, filter: Record<string, SageValue> = {}): SageRow[] {
    const rows = [...this.table(table).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
    const entries = Object.entries(filter);
    return rows
      .filter((row) => entries.every(([col, value]) => String(row[col] ?? '') === String(value)))
      .map(copy);
  }

  /**
   * Every row of `table` as stored: no copies, in no order, for readers that only read (the
   * agent endpoint's data source reads a whole stamp group per feed page). A stored row is never
   * changed in place (a write stores a new object), so a reader may keep what it was given.
   */
  rows(table: SageTableName): Iterable<Readonly<SageRow>> {
    return this.table(table).values();
  }

  /** Moves whenever a row of `table` is stored, deleted or put back: readers' caches key on it. */
  revision(table: SageTableName): number {
    return this.revisions.get(table) ?? 0;
  }

  count(table: SageTableName): number {
    return this.table(table).size;
  }

  get(table: SageTableName, key: object): SageRow | undefined {
    const row = this.table(table).get(joinKey(table, key));
    return row ? copy(row) : undefined;
  }

  insert(table: SageTableName, row: SageRow, options: WriteOptions = {}): SageRow {
    const k = joinKey(table, row);
    const rows = this.table(table);
    if (rows.has(k)) {
      throw new SageStoreError(
        'duplicate',
        `${table}: ${k.replaceAll('\u0000', '+')} already exists`,
      );
    }
    const stamp = this.stamp();
    const user = options.userKey ?? SYSTEM_USER_KEY;
    const stored: SageRow = {
      ...row,
      DateCreated: stamp.date,
      TimeCreated: stamp.time,
      UserCreatedKey: user,
      DateUpdated: stamp.date,
      TimeUpdated: stamp.time,
      UserUpdatedKey: user,
    };
    this.put(table, k, stored, undefined, 'insert');
    return copy(stored);
  }

  update(table: SageTableName, key: object, changes: SageRow, options: WriteOptions = {}): SageRow {
    const k = joinKey(table, key);
    const before = this.table(table).get(k);
    if (!before) {
      throw new SageStoreError(
        'not_found',
        `${table}: ${k.replaceAll('\u0000', '+')} does not exist`,
      );
    }
    const stamp = this.stamp();
    const stored: SageRow = {
      ...before,
      ...changes,
      ...keyOf(table, before),
      DateUpdated: stamp.date,
      TimeUpdated: stamp.time,
      UserUpdatedKey: options.userKey ?? SYSTEM_USER_KEY,
    };
    this.put(table, k, stored, before, 'update');
    return copy(stored);
  }

  upsert(table: SageTableName, row: SageRow, options: WriteOptions = {}): SageRow {
    return this.table(table).has(joinKey(table, row))
      ? this.update(table, row, row, options)
      : this.insert(table, row, options);
  }

  delete(table: SageTableName, key: object): boolean {
    const k = joinKey(table, key);
    const rows = this.table(table);
    const before = rows.get(k);
    if (!before) return false;
    rows.delete(k);
    this.changed(table);
    this.journal?.undo.push(() => {
      rows.set(k, before);
      this.changed(table);
    });
    this.emit({
      companyCode: this.code,
      table,
      kind: 'delete',
      key: keyOf(table, before),
      before: copy(before),
    });
    return true;
  }

  /**
   * Visual Integrator-style import: rows are inserted or merged over existing ones and
   * DateUpdated/TimeUpdated/UserUpdatedKey are NOT moved (a change feed that reads them will not
   * see these changes; only a reconciliation by content will). A new row keeps whatever audit
   * columns it carries, or none.
   */
  bulkImport(table: SageTableName, rows: SageRow[]): number {
    for (const row of rows) {
      const k = joinKey(table, row);
      const before = this.table(table).get(k);
      const stored: SageRow = before
        ? {
            ...before,
            ...row,
            DateUpdated: before.DateUpdated ?? '',
            TimeUpdated: before.TimeUpdated ?? '',
            UserUpdatedKey: before.UserUpdatedKey ?? '',
          }
        : { ...row };
      this.put(table, k, stored, before, 'import');
    }
    return rows.length;
  }

  /** Runs `fn` all-or-nothing: a throw undoes its writes and publishes none of its events. */
  transaction<T>(fn: () => T): T {
    if (this.journal) return fn(); // nested: the outer transaction owns the undo log
    const journal = { undo: [] as Array<() => void>, events: [] as SageChange[] };
    this.journal = journal;
    try {
      const result = fn();
      this.journal = undefined;
      for (const event of journal.events) this.publish(event);
      return result;
    } catch (err) {
      this.journal = undefined;
      for (const undo of journal.undo.reverse()) undo();
      throw err;
    }
  }

  /** Returns the current number formatted as Sage does and advances the counter (every call). */
  nextNumber(kind: 'CustomerNo' | 'SalesOrderNo'): string {
    if (kind === 'CustomerNo') {
      const n = this.settings.NextCustomerNo++;
      return String(n).padStart(7, '0');
    }
    const n = this.settings.NextSalesOrderNo++;
    return String(n).padStart(7, '0');
  }

  subscribe(listener: SageChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current Sage local date and decimal-hours time of this company. */
  stamp(): { date: string; time: string } {
    return instantToSage(this.clock(), this.timeZone);
  }

  private table(table: SageTableName): Map<string, SageRow> {
    const rows = this.tables.get(table);
    if (!rows) throw new SageStoreError('unknown_table', `no table ${String(table)}`);
    return rows;
  }

  private put(
    table: SageTableName,
    k: string,
    stored: SageRow,
    before: SageRow | undefined,
    kind: SageChangeKind,
  ): void {
    const rows = this.table(table);
    rows.set(k, stored);
    this.changed(table);
    this.journal?.undo.push(() => {
      if (before) rows.set(k, before);
      else rows.delete(k);
      this.changed(table);
    });
    this.emit({
      companyCode: this.code,
      table,
      kind,
      key: keyOf(table, stored),
      row: copy(stored),
      before: before ? copy(before) : undefined,
    });
  }

  private changed(table: SageTableName): void {
    this.revisions.set(table, this.revision(table) + 1);
  }

  private emit(change: SageChange): void {
    if (this.journal) this.journal.events.push(change);
    else this.publish(change);
  }

  private publish(change: SageChange): void {
    for (const listener of this.listeners) listener(change);
    this.publishToStore(change);
  }
}
