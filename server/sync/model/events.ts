import type { FlowDirection, ModuleName, RecordAction } from '../vocabulary.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * One try of one write, as the audit shows it: a write retried after a 429, a 5xx or a Sage
 * record lock has one attempt per try, in order, each with what the remote system answered.
 */
export interface Attempt {
  at: string;
  outcome: 'failed' | 'succeeded';
  error?: string;
  /** Which write: `sage.create`, `sage.update`, `zoho.upsert`, `zoho.setSageKey`, ... */
  write?: string;
  /** The remote operation of that try, when the gateway reports it (`UpdateCustomer`). */
  operation?: string;
  /** 1 for the first try of that write, 2 for its first retry, ... */
  try?: number;
}

/** One record decision: the audit log's unit. */
export interface RecordEvent {
  id: number;
  tenantId: string;
  runId: string;
  module: ModuleName;
  direction: FlowDirection;
  zohoId?: string;
  sageKey?: string;
  action: RecordAction;
  reason?: string;
  changes: FieldChange[];
  attempts: Attempt[];
  attempt: number;
  replayOf?: number;
  createdAt: string;
}

export type NewRecordEvent = Omit<RecordEvent, 'id' | 'createdAt'>;

export interface EventQuery {
  runId?: string;
  module?: ModuleName;
  action?: RecordAction;
  /** One record's events (the status panel). */
  zohoId?: string;
  sageKey?: string;
  /** Newest first (the status panel's "recent events"); oldest first otherwise. */
  newestFirst?: boolean;
  from?: string;
  to?: string;
  /** Only events with a greater id: the next page of a run's events after the last one read. */
  afterId?: number;
  limit?: number;
}
