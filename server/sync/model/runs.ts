import type { RunProgress } from '../run/progress.js';
import type {
  FinalRunStatus,
  FlowDirection,
  ModuleName,
  RecordAction,
  RunKind,
  RunStatus,
  Side,
} from '../vocabulary.js';
import type { FieldChange } from './events.js';

export type { FinalRunStatus };

/** Per-action counts (`created`, `failed`, ...) and the run's other tallies (`read_sage`, ...). */
export type RunCounts = Record<string, number>;

/**
 * The run state machine: a run is `queued` (accepted for the job runner) or starts `running`,
 * and moves once to an end state. Nothing leaves an end state: a finished run is history, and a
 * run swept as stale stays failed even if its process comes back.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['succeeded', 'partial', 'failed', 'cancelled'],
  succeeded: [],
  partial: [],
  failed: [],
  cancelled: [],
};

export const canTransition = (from: RunStatus, to: RunStatus): boolean =>
  RUN_TRANSITIONS[from].includes(to);

/** What a queued run is to do, kept on the row so whichever worker takes it can. */
export interface QueuedRunOptions {
  /** The direction asked for (narrower than the module's); the module's when absent. */
  direction?: FlowDirection | 'both';
  since?: string;
  /** A replay run: the run whose failed, skipped and conflicting records it syncs again. */
  replayOf?: string;
  /** Continue where this earlier (cancelled or failed) run of the module stopped. */
  continueFrom?: string;
}

export interface Run {
  id: string;
  tenantId: string;
  module: ModuleName;
  direction: FlowDirection | 'both';
  kind: RunKind;
  status: RunStatus;
  dryRun: boolean;
  startedAt: string;
  /** Last sign of life of a running run; a run silent for too long is swept as failed. */
  heartbeatAt?: string;
  finishedAt?: string;
  counts: RunCounts;
  reason?: string;
  flags: string[];
  queuedAt?: string;
  options: QueuedRunOptions;
  progress: RunProgress;
  updatedAt?: string;
  cancelRequestedAt?: string;
}

/** One finished page of a run: the cursor after it is where the run continues. */
export interface RunPage {
  side: Side;
  seq: number;
  cursor: string;
  hasMore: boolean;
  records: number;
  at: string;
}

/** A run to start; with `id`, the queued run of that id (the job runner's) is the one started. */
export type NewRun = Pick<Run, 'tenantId' | 'module' | 'direction' | 'kind' | 'dryRun'> & {
  id?: string;
};

/** What a finished run stores. */
export interface RunResult {
  status: FinalRunStatus;
  counts: RunCounts;
  reason?: string;
  flags: string[];
  progress?: RunProgress;
}

/**
 * Flags a run can carry. A flag is `name` or `name:detail` (`zoho_fields_missing:Fax,Website`):
 * the name is one of these, the detail says which.
 */
export const RUN_FLAGS = {
  /** The run read nothing from a side that reported changes (`:side:count`). */
  readNothing: 'read_nothing_while_source_reports_changes',
  /** A dry run before the module's initial match: its creates may turn into links. */
  initialMatchPending: 'initial_match_pending',
  /** Mapped Zoho fields the org lacks: those mappings were left out of the run (`:fields`). */
  missingZohoFields: 'zoho_fields_missing',
  /** Records that failed earlier wait for a retry (`:count`): the module is not caught up. */
  retriesOutstanding: 'failed_records_outstanding',
} as const;
export type RunFlagName = (typeof RUN_FLAGS)[keyof typeof RUN_FLAGS];

export const flag = (name: RunFlagName, ...detail: Array<string | number>): string =>
  detail.length > 0 ? `${name}:${detail.join(':')}` : name;

/** One record in a run's report: what was (or, in a dry run, would be) done and why. */
export interface RecordOutcome {
  sageKey?: string;
  zohoId?: string;
  direction: FlowDirection;
  action: RecordAction;
  reason?: string;
  changes: FieldChange[];
}

/** What every kind of run (module, record, reconcile, replay) gives its caller. */
export interface RunReport extends RunResult {
  runId: string;
  module: ModuleName;
  kind: RunKind;
  direction: FlowDirection | 'both';
  dryRun: boolean;
  /** Every record decision of a dry run (its per-field preview); failures and skips otherwise. */
  records: RecordOutcome[];
}
