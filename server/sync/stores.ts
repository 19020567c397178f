import type {
  Conflict,
  EventQuery,
  FieldMapping,
  Link,
  LinkPatch,
  MatchProposal,
  ModuleFilter,
  ModuleSettings,
  NewMatchProposal,
  NewRecordEvent,
  NewRun,
  RecordEvent,
  Run,
  RunCounts,
  RunPage,
  RunResult,
} from './model/index.js';
import type { RunProgress } from './run/progress.js';
import type { ModuleName, Side } from './vocabulary.js';

/**
 * The storage the engine needs, declared by the engine: the knex repositories in `server/db`
 * implement these, the engine never sees SQL or knex. Every call is scoped to one tenant.
 * Timestamps the engine stores come from its own clock (`EngineDeps.now`), passed in.
 */

export interface SettingsStore {
  get(tenantId: string, module: ModuleName): Promise<ModuleSettings | undefined>;
  list(tenantId: string): Promise<ModuleSettings[]>;
  save(settings: ModuleSettings): Promise<void>;
}

export interface MappingStore {
  listMappings(tenantId: string, module: ModuleName): Promise<FieldMapping[]>;
  listFilters(tenantId: string, module: ModuleName): Promise<ModuleFilter[]>;
}

/**
 * A link to store: `patch` over `current` (the link as the engine holds it, when it has one).
 * Without `current` the store finds the tenant's link with the same Sage key or Zoho id (one made
 * since the page was read) and updates it, or inserts a new one.
 */
export interface LinkWrite {
  current?: Link;
  patch: LinkPatch & { state: Link['state'] };
}

export interface LinkStore {
  /** A page's links in a few statements (one lookup, one insert, one update), not per record. */
  saveMany(tenantId: string, module: ModuleName, writes: LinkWrite[]): Promise<void>;
  create(
    tenantId: string,
    module: ModuleName,
    fields: LinkPatch & { state: Link['state'] },
  ): Promise<Link>;
  update(tenantId: string, id: number, patch: LinkPatch): Promise<void>;
  get(tenantId: string, id: number): Promise<Link | undefined>;
  findByZohoId(tenantId: string, module: ModuleName, zohoId: string): Promise<Link | undefined>;
  findBySageKey(tenantId: string, module: ModuleName, sageKey: string): Promise<Link | undefined>;
  findManyByZohoIds(tenantId: string, module: ModuleName, zohoIds: string[]): Promise<Link[]>;
  findManyBySageKeys(tenantId: string, module: ModuleName, sageKeys: string[]): Promise<Link[]>;
  list(tenantId: string, module: ModuleName, options?: { state?: Link['state'] }): Promise<Link[]>;
  count(tenantId: string, module: ModuleName, state: Link['state']): Promise<number>;
  delete(tenantId: string, id: number): Promise<void>;
}

export interface CursorStore {
  get(tenantId: string, module: ModuleName, side: Side): Promise<string | undefined>;
  set(tenantId: string, module: ModuleName, side: Side, value: string): Promise<void>;
}

/** Runs and their state machine (`model/runs.ts`); see `run/lifecycle.ts` for how it is used. */
export interface RunStore {
  start(input: NewRun, at: string): Promise<Run>;
  /**
   * Moves a running run to its end state. Returns false, changing nothing, when the run is no
   * longer running (finished already, or swept as stale): the transition is refused.
   */
  finish(tenantId: string, id: string, result: RunResult, at: string): Promise<boolean>;
  /** A running run's sign of life between pages (its timer's). */
  heartbeat(tenantId: string, id: string, at: string): Promise<void>;
  /** After each page: the counts and progress so far, and a heartbeat. */
  progress(
    tenantId: string,
    id: string,
    counts: RunCounts,
    progress: RunProgress | undefined,
    at: string,
  ): Promise<void>;
  /** Marks failed, with `reason`, the tenant's running runs with no heartbeat since `before`. */
  failStale(tenantId: string, before: string, reason: string, at: string): Promise<Run[]>;
  get(tenantId: string, id: string): Promise<Run | undefined>;
  /**
   * A page the run finished (its events and cursor stored): a resumed run continues after it.
   * `standing`, the run's counts and progress with the page, is stored with it: a run taken over
   * carries on from counts that agree with its pages.
   */
  addPage(
    tenantId: string,
    runId: string,
    page: Omit<RunPage, 'seq' | 'at'>,
    standing?: { counts: RunCounts; progress: RunProgress; at: string },
  ): Promise<void>;
  pages(tenantId: string, runId: string): Promise<RunPage[]>;
  /** Whether someone asked the run to stop (it stops at its next page boundary). */
  cancelRequested(tenantId: string, id: string): Promise<boolean>;
}

export interface EventStore {
  append(events: NewRecordEvent[], at: string): Promise<void>;
  get(tenantId: string, id: number): Promise<RecordEvent | undefined>;
  query(tenantId: string, q?: EventQuery): Promise<RecordEvent[]>;
  pruneBefore(tenantId: string, before: string): Promise<number>;
}

export interface ConflictStore {
  open(
    input: Pick<Conflict, 'tenantId' | 'module' | 'linkId' | 'zohoId' | 'sageKey' | 'fields'>,
  ): Promise<number>;
  listOpen(tenantId: string, module?: ModuleName): Promise<Conflict[]>;
  get(tenantId: string, id: number): Promise<Conflict | undefined>;
  resolve(tenantId: string, id: number, resolution: string): Promise<void>;
}

export interface MatchProposalStore {
  add(proposals: NewMatchProposal[]): Promise<void>;
  list(
    tenantId: string,
    module: ModuleName,
    status?: MatchProposal['status'],
  ): Promise<MatchProposal[]>;
  get(tenantId: string, id: number): Promise<MatchProposal | undefined>;
  decide(tenantId: string, id: number, status: 'confirmed' | 'rejected'): Promise<void>;
  closeOthers(tenantId: string, module: ModuleName, zohoId: string, sageKey: string): Promise<void>;
}

/**
 * Why a record is held for a later run: `parent` (a child whose parent is not linked yet) or
 * `retry` (its write failed; retried with backoff until it lands or reaches the attempt limit).
 */
export const PENDING_KINDS = ['parent', 'retry'] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];

export interface PendingRecord {
  id: string;
  kind: PendingKind;
  reason: string;
  /** Failed tries so far (retries only). */
  attempts: number;
  /** Not retried before this instant (retries only). */
  nextAttemptAt?: string;
}

/** Records later runs must come back to. The cursor moved past them; this list did not. */
export interface PendingStore {
  list(tenantId: string, module: ModuleName, side: Side): Promise<PendingRecord[]>;
  put(tenantId: string, module: ModuleName, side: Side, records: PendingRecord[]): Promise<void>;
  remove(tenantId: string, module: ModuleName, side: Side, ids: string[]): Promise<void>;
  /** Failed records still outstanding, both sides: `exhausted` reached the attempt limit. */
  countRetries(
    tenantId: string,
    module: ModuleName,
    limit: number,
  ): Promise<{ waiting: number; exhausted: number }>;
}

/** What the engine reads of the tenant's Sage connection. */
export interface SageSettingsStore {
  get(tenantId: string): Promise<{ lengthProfile: '2018' | '2023' } | undefined>;
}

export interface EngineStores {
  /**
   * Runs `work` in one database transaction: every store call `work` makes (in its async
   * context) lands with the others or not at all: a page's links, events, held records and
   * cursor. Nested calls are savepoints. `work` makes no calls to Sage or Zoho: it holds a
   * connection (SQLite's only one) until it ends.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  moduleSettings: SettingsStore;
  mappings: MappingStore;
  links: LinkStore;
  cursors: CursorStore;
  runs: RunStore;
  events: EventStore;
  conflicts: ConflictStore;
  matchProposals: MatchProposalStore;
  pendingRecords: PendingStore;
  sageConnections: SageSettingsStore;
}
