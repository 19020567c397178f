import type { ZohoRecord } from './schemas.js';
import type { ZohoCall, ZohoReply } from './transport.js';

/** The shapes the records API takes and gives: its transport, write options and pages. */

export type Send = (call: ZohoCall) => Promise<ZohoReply>;

export type Trigger = 'workflow' | 'approval' | 'blueprint';

export interface WriteOptions {
  /** Automation to run; `[]` runs none. Omitted: Zoho's default (all). */
  trigger?: Trigger[];
}

export interface UpsertOptions extends WriteOptions {
  /** Fields that identify an existing record, e.g. the unique Sage key field. */
  duplicateCheckFields?: string[];
}

/** Where the next page starts: Zoho's page token, or a page number within the first 2,000. */
export type PageCursor = { pageToken: string } | { page: number };

export interface RecordsPage {
  records: ZohoRecord[];
  /** True while Zoho says more pages follow. */
  more: boolean;
  /** Pass to `listPage` for the following page; absent on the last page. */
  next?: PageCursor;
}

export interface DeletedRecord {
  id: string;
  displayName?: string;
  type: string;
  deletedTime: string;
  deletedBy?: { id: string; name: string };
}
