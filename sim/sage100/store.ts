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
import { SageCompanyData } from './company-data.js';
import type { SageChangeListener, SageCompany, SageUser } from './tables.js';

export * from './tables.js';
export { SageCompanyData } from './company-data.js';

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
