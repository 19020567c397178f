import type { CrmModule } from './zoho-sdk.js';

/** The backend's answers for one record (docs/api.md, "Record page"), as the widget reads them. */

export type RecordAction =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'echo'
  | 'skipped'
  | 'failed'
  | 'conflict'
  | 'deleted'
  | 'synced'
  | 'not_synced';

export interface BroughtAlong {
  module: string;
  zohoId: string | null;
  sageKey: string | null;
  action: RecordAction;
  reason: string | null;
}

export interface SyncResult {
  module: CrmModule;
  zohoId: string;
  sageKey: string | null;
  action: RecordAction;
  reason: string | null;
  /** Parents synced first so this record could go (a contact's account). */
  broughtAlong?: BroughtAlong[];
}

/** "Sync to Sage" still running at the backend's deadline (202): the run to follow. */
export interface SyncAccepted {
  runId: string;
  location: string;
  run: { id: string; status: string; reason: string | null };
}

export const FINAL_RUN_STATUSES = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

export interface RecordEvent {
  id: number;
  runId: string;
  action: RecordAction;
  direction: 'sage_to_zoho' | 'zoho_to_sage';
  reason?: string | null;
  createdAt: string;
}

export interface SageCredit {
  creditHold: boolean;
  creditLimit: number;
  currentBalance: number;
  availableCredit: number;
  overCreditLimit: boolean;
  openOrderAmount: number;
  openInvoiceCount: number;
  openInvoiceBalance: number;
}

export interface OpenInvoice {
  invoiceNo: string;
  invoiceDate: string;
  dueDate: string | null;
  balance: number;
}

export interface RecordStatus {
  module: CrmModule;
  zohoId: string;
  linked: boolean;
  sageKey: string | null;
  state: string | null;
  lastSyncedAt: string | null;
  /** When a sync last compared the record, whether or not it wrote (docs/api.md). */
  lastCheckedAt?: string | null;
  lastError: string | null;
  /** What the newest write had to trim or leave out, when it did (docs/api.md). */
  lastNote?: string | null;
  /** Why the newest sync skipped the record, when it did (docs/api.md). */
  lastSkipped?: string | null;
  /** A failed sync that later runs still owe a try: when the next is, or none is left. */
  retry: { attempts: number; nextAttemptAt: string | null; exhausted: boolean } | null;
  /** The record's open conflict (edited on both sides), waiting for an admin in Review. */
  conflict?: { id: number; fields: string[]; openedAt: string } | null;
  recentEvents: RecordEvent[];
  sage?:
    | { available: true; credit: SageCredit; openInvoices: OpenInvoice[] }
    | { available: false; reason: string };
}

export const syncRecord = (module: CrmModule) => `/api/v1/records/${module}/sync` as const;
export const recordStatus = (module: CrmModule, zohoId: string) =>
  `/api/v1/records/${module}/${encodeURIComponent(zohoId)}/status` as const;

/** A Deal's panel (docs/api.md, "Record page"; ADR 0066): its orders and invoices, from Zoho. */
export interface DealStatus {
  module: 'Deals';
  zohoId: string;
  name: string | null;
  stage: string | null;
  /** The Deal's number, what a Sage order carries as CRMOpportunityID. */
  opportunityId: string | null;
  /** The Deal's Account, and its Sage customer number ("01-ABF") once linked; null: none. */
  account: { zohoId: string; name: string | null; customerNo: string | null } | null;
  orders: Array<{
    zohoId: string;
    subject: string | null;
    status: string | null;
    /** The Sage order number once the order is linked; null while it is not in Sage. */
    salesOrderNo: string | null;
    lastSyncedAt: string | null;
  }>;
  invoices: Array<{
    zohoId: string;
    invoiceNo: string | null;
    invoiceDate: string | null;
    sageKey: string | null;
    amount?: number | null;
  }>;
  sage?: { available: true } | { available: false; reason: string };
}
