import { ENTITY_KEYS } from '../../agent/entities.js';

/** The simulated Sage's tables, row and change shapes, and how a row's key is read. */

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
