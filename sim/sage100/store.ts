/**
 * The simulated Sage 100 installation: system tables (companies, users) and, per company, the
 * data tables under Sage's own table and column names and formats. The eBWS simulator, the
 * agent simulator (change feed over ODBC-like reads), the generator and the JSON loader all work
 * on this one store.
 *
 * Exported API
 * ------------
 *   new SageStore({ clock?: () => Date })
 *     .addCompany(c: SageCompany): SageCompanyData   add or replace a company (SY_Company)
 *     .company(code): SageCompanyData | undefined    a company's tables, by code (case-insensitive)
 *     .companies(): SageCompany[]                    every company (copies)
 *     .addUser(u: SageUser) / .user(logon) / .users()   SY_User rows (UserLogon is case-insensitive)
 *     .subscribe(listener): () => void               every committed change of every company
 *   SageCompanyData (one company):
 *     .code, .timeZone, .settings                   SY_Company row (live object; mutate with care)
 *     .list(table, filter?): SageRow[]              rows in key order (copies); filter = equal columns
 *     .get(table, key): SageRow | undefined         key = the key columns, e.g. {ARDivisionNo, CustomerNo}
 *     .insert(table, row, {userKey?}) : SageRow     stamps Date/Time/UserCreated + Updated; throws
 *                                                   SageStoreError('duplicate') if the key exists
 *     .update(table, key, changes, {userKey?})      merges and stamps DateUpdated/TimeUpdated/UserUpdatedKey;
 *                                                   throws SageStoreError('not_found')
 *     .upsert(table, row, {userKey?})               insert or update
 *     .delete(table, key): boolean
 *     .bulkImport(table, rows)                      insert/merge rows WITHOUT touching Date/TimeUpdated
 *                                                   (like Visual Integrator); new rows keep the audit
 *                                                   columns they carry
 *     .transaction(fn)                              all-or-nothing: on throw every write of fn is undone
 *                                                   and no change event is published
 *     .nextNumber('CustomerNo' | 'SalesOrderNo'): string   advances the counter on every call
 *     .subscribe(listener): () => void              this company's committed changes
 *   SAGE_TABLES, TABLE_KEYS, SageTableName, SageRow, SageChange, SageCompany, SageUser, keyOf(table,row)
 *
 * Formats (as Sage stores them): Y/N flags are "Y"/"N" strings; dates are "YYYYMMDD" strings;
 * TimeCreated/TimeUpdated are decimal hours as strings ("14.50833"), local time of the company's
 * configured IANA zone; UserCreatedKey/UserUpdatedKey are 10-character zero-filled user keys;
 * money and quantities are numbers. Missing dates are "" as in Sage.
 *
 * Simplification: real Sage keeps SY_ZipCode in the system database shared by all companies; the
 * simulator keeps it per company so a company loaded from JSON carries its own zip codes.
 */
import { ENTITY_KEYS } from '../../agent/entities.js';
import { instantToSage } from '../../server/sage/sage-time.js';

export const SAGE_TABLES = [
  'AR_Customer',
  'AR_CustomerContact',
  'CI_Item',
  'AP_Vendor',
  'GL_Account',
  'SO_SalesOrderHeader',
  'SO_SalesOrderDetail',
  'AR_InvoiceHistoryHeader',
  'AR_InvoiceHistoryDetail',
  'AR_OpenInvoice',
  'SY_ZipCode',
] as const;
export type SageTableName = (typeof SAGE_TABLES)[number];

/**
 * Primary key columns per table (Sage's KPRIMARY), in key order: the agent's entity keys (one
 * list for both, so the simulated company and the agent reading it agree), plus the zip codes.
 */
export const TABLE_KEYS: Record<SageTableName, readonly string[]> = {
  ...ENTITY_KEYS,
  SY_ZipCode: ['ZipCode'],
};

export type SageValue = string | number;
export type SageRow = Record<string, SageValue>;

export interface SageCompany {
  /** SY_Company.CompanyCode, 3 characters, e.g. "ABC". */
  CompanyCode: string;
  CompanyName: string;
  /** Company Maintenance > Enable Web Services. */
  WebServicesEnabled: 'Y' | 'N';
  /** The Sage server's IANA time zone: DateUpdated/TimeUpdated are stamped in it. */
  timeZone: string;
  /** AR_Options.NextCustomerNo / SO_Options.NextSalesOrderNo, as numbers. */
  NextCustomerNo: number;
  NextSalesOrderNo: number;
}

export interface SageUser {
  /** SY_User.UserKey, 10 characters zero-filled. */
  UserKey: string;
  UserLogon: string;
  Password: string;
  /** User Maintenance > Enable Web Services. */
  WebServicesEnabled: 'Y' | 'N';
  /** Companies the user may log on to; "*" for all. */
  Companies: string[] | '*';
  /** Role tasks denied, as "<Table>:<View|Create|Modify|Remove>", e.g. "AR_Customer:Create". */
  DeniedTasks: string[];
}

export type SageChangeKind = 'insert' | 'update' | 'delete' | 'import';

export interface SageChange {
  companyCode: string;
  table: SageTableName;
  kind: SageChangeKind;
  key: Record<string, string>;
  /** The row after the change (copy); undefined for deletes. */
  row?: SageRow;
  /** The row before the change (copy); undefined for inserts. */
  before?: SageRow;
}

export type SageChangeListener = (change: SageChange) => void;

export class SageStoreError extends Error {
  constructor(
    readonly reason: 'duplicate' | 'not_found' | 'missing_key' | 'unknown_table',
    message: string,
  ) {
    super(message);
    this.name = 'SageStoreError';
  }
}

export interface WriteOptions {
  /** The writer's UserKey, stamped into UserCreatedKey/UserUpdatedKey. */
  userKey?: string;
}

/** The system user the simulator stamps when a write names no user. */
export const SYSTEM_USER_KEY = '0000000000';

export function keyOf(table: SageTableName, row: object): Record<string, string> {
  const key: Record<string, string> = {};
  for (const column of TABLE_KEYS[table]) {
    const value = (row as Record<string, unknown>)[column];
    if (value === undefined || value === null || value === '') {
      throw new SageStoreError('missing_key', `${table}: key column ${column} is empty`);
    }
    key[column] = String(value);
  }
  return key;
}

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

export class SageStore {
  private readonly companyData = new Map<string, SageCompanyData>();
  private readonly userRows = new Map<string, SageUser>();
  private readonly listeners = new Set<SageChangeListener>();
  readonly clock: () => Date;

  constructor(options: { clock?: () => Date } = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  addCompany(company: SageCompany): SageCompanyData {
    const data = new SageCompanyData({ ...company }, this.clock, (change) => {
      for (const listener of this.listeners) listener(change);
    });
    this.companyData.set(company.CompanyCode.toUpperCase(), data);
    return data;
  }

  company(code: string): SageCompanyData | undefined {
    return this.companyData.get(code.trim().toUpperCase());
  }

  companies(): SageCompany[] {
    return [...this.companyData.values()].map((c) => ({ ...c.settings }));
  }

  addUser(user: SageUser): void {
    this.userRows.set(user.UserLogon.toLowerCase(), { ...user });
  }

  user(logon: string): SageUser | undefined {
    const u = this.userRows.get(logon.trim().toLowerCase());
    return u ? { ...u } : undefined;
  }

  users(): SageUser[] {
    return [...this.userRows.values()].map((u) => ({ ...u }));
  }

  subscribe(listener: SageChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
