import type { ModuleAvailability } from './availability.js';
import type { ModuleName } from './vocabulary.js';

/**
 * The two narrow interfaces the engine talks to Sage 100 and Zoho CRM through. Implemented by
 * `server/sage/sage-gateway.ts` (eBWS client + agent feed) and `server/zoho/crm-gateway.ts` (REST
 * client), and by in-memory fakes in tests. Records are keyed by the source system's own field
 * names (`CustomerName`, `Account_Name`): the engine's mapping turns one side's names into the
 * other's, so neither gateway knows about the other system.
 */

/** One child row of an order or invoice, keyed by the system's own line field names. */
export type LineFields = Record<string, unknown>;

export interface GatewayRecord {
  /** Zoho record id, or the Sage key built by the catalog (`01-ABC`, `0000123`, ...). */
  id: string;
  /** When the record last changed, as an ISO-8601 UTC instant (Sage local time already converted). */
  version: string;
  fields: Record<string, unknown>;
  /** Lines of orders and invoices (Zoho subform rows / Sage detail rows), in order. */
  lines?: LineFields[];
}

/** One page of changes since an opaque cursor. The engine stores `nextCursor` only after the
 * page's events are stored, so a crash re-reads the page (deduplicated by content hash). */
/** Change pages in feed order (PageReader, or a gateway's own read-ahead). */
export interface PageSource {
  /** The next page; a failed read fails here, and nothing is read after it. */
  take(): Promise<ChangePage>;
  /** The pass ends early (cancelled, failed): reads in flight settle unseen, none are sent. */
  stop(): void;
}

export interface ChangePage {
  records: GatewayRecord[];
  /** Records deleted on that side since the cursor (Zoho's `/deleted`). Sage's feed lists none:
   * reconciliation finds records gone from Sage. */
  deleted: string[];
  nextCursor: string;
  /** More pages wait after this one: call again with `nextCursor`. */
  hasMore: boolean;
  /** How many changes the source says it has since the cursor, when it can tell (the feed's
   * count): a run that reads nothing while the source reports changes is flagged. */
  reportedChanges?: number;
  /** An estimate of the same (Zoho's record count, which may lag by minutes): the run's
   * estimated total and time left, never the read-nothing flag. */
  estimatedChanges?: number;
}

export interface ListChangesOptions {
  /** With no cursor: list changes since this instant (backfill, "last N days"). Later pages
   * pass the page's `nextCursor` as usual. */
  since?: string;
  limit?: number;
}

/** Every record of a module, page by page (reconciliation and initial match). */
export interface RecordPage {
  records: GatewayRecord[];
  nextPageToken?: string;
}

/**
 * One remote call a write made, as the remote system answered it: a record lock retried shows
 * as a failed try, then the one that passed. Gateways whose client keeps its retries return
 * them on the WriteResult, so the record's audit event shows every attempt.
 */
export interface WriteTry {
  /** The remote operation: `UpdateCustomer`, `GetCustomer`, `POST /Accounts/upsert`, ... */
  operation: string;
  /** 1 for the operation's first try, 2 for its first retry, ... */
  try: number;
  outcome: 'succeeded' | 'failed';
  at: string;
  /** What the remote system answered, when the try failed. */
  error?: string;
}

/** Per-record outcome of a write. Failures are values, not exceptions, so one bad record in a
 * batch of 100 never loses the other 99. */
export type WriteResult =
  | { ok: true; id: string; version: string; created: boolean; tries?: WriteTry[] }
  | {
      ok: false;
      tries?: WriteTry[];
      /** The remote system's code: MANDATORY_NOT_FOUND, CI_NOF, WS_AlreadyExists, ... */
      code: string;
      message: string;
      field?: string;
      /** Network errors, 429, 5xx, record locked: a later run may succeed. */
      retryable: boolean;
    };

/** A write to Zoho: an upsert on the unique Sage key field, so a retried write cannot duplicate. */
export interface CrmUpsert {
  sageKey: string;
  /** The Zoho id when the record is already linked (lets the gateway PUT by id instead). */
  zohoId?: string;
  fields: Record<string, unknown>;
  /** The record's whole new line list, when its lines change. */
  lines?: LineFields[];
  /**
   * The record's lines as this run read them from Zoho (each with its row id), when it has any:
   * the gateway names the rows it keeps and the rows it removes, since Zoho appends rows sent
   * without an id to those already there.
   */
  currentLines?: LineFields[];
}

/** A Zoho record and the Sage key to write into it. */
export interface SageKeyWrite {
  zohoId: string;
  sageKey: string;
  /** Fields written in the same call (the opt-in tick, ADR 0062). */
  also?: Record<string, unknown>;
}

export interface CrmGateway {
  listChanges(
    module: ModuleName,
    cursor: string | undefined,
    options?: ListChangesOptions,
  ): Promise<ChangePage>;
  listAll(module: ModuleName, pageToken?: string): Promise<RecordPage>;
  /** Records by Zoho id; missing ids are absent from the map (deleted or never existed). */
  get(module: ModuleName, ids: string[]): Promise<Map<string, GatewayRecord>>;
  /** Records by their Sage key field (resolves a crash between a Zoho upsert and our commit). */
  findBySageKeys(module: ModuleName, sageKeys: string[]): Promise<Map<string, GatewayRecord>>;
  /** Up to 100 upserts in one call; results in the same order. */
  upsert(module: ModuleName, records: CrmUpsert[]): Promise<WriteResult[]>;
  /**
   * Writes the Sage keys into Zoho records created on the Zoho side (after their Sage creates), up
   * to 100 to a call; results in the same order.
   */
  setSageKeys(module: ModuleName, keys: SageKeyWrite[]): Promise<WriteResult[]>;
  delete(module: ModuleName, id: string): Promise<WriteResult>;
  /** Sets the module's "inactive" field (catalog `inactive.zoho`). */
  markInactive(module: ModuleName, id: string): Promise<WriteResult>;
  /**
   * The API names of the module's fields in this org, when the gateway can tell. Zoho ignores
   * fields it does not know, so mappings to missing fields are dropped and the run is flagged
   * instead of "writing" values that vanish.
   */
  fieldNames?(module: ModuleName): Promise<string[] | undefined>;
  /**
   * The fields later reads of the module return (`mapping/read-fields.ts`: the tenant's mapped
   * and filtered fields, custom ones included, and what the engine always needs). Zoho returns
   * only the fields a read names; until this is called the gateway reads the catalog's defaults.
   */
  selectFields(module: ModuleName, fields: string[]): void;
  /**
   * The tenant's daily Zoho credits: used in the last 24 hours, and this product's share of the
   * edition's allowance (null: unlimited). Absent: no cap.
   */
  credits?(): Promise<{ used: number; budget: number | null; dailyCredits: number | null }>;
  /** Whether the org has the module at all (edition, custom module created); absent: it has. */
  availability?(module: ModuleName): Promise<ModuleAvailability>;
  /**
   * Zoho ids of the module's records by a text field's value (a GL sub-account's main account,
   * by number); values not found are absent. Absent: such references resolve to nothing.
   */
  idsByField?(module: ModuleName, field: string, values: string[]): Promise<Map<string, string>>;
  /** Zoho Deals, which orders and invoices link to (ADR 0066); absent: no Deal links are made. */
  deals?: DealDirectory;
}

/**
 * Zoho Deals by their short opportunity number (what Sage's CRMOpportunityID holds) and by the
 * sales orders that name them. Maps leave out what is not found.
 */
export interface DealDirectory {
  /** Opportunity number → Deal id. */
  byOpportunity(numbers: string[]): Promise<Map<string, string>>;
  /** Deal id → its opportunity number. */
  opportunities(dealIds: string[]): Promise<Map<string, string>>;
  /** Zoho sales order id → the id of the Deal it names. */
  ofOrders(orderIds: string[]): Promise<Map<string, string>>;
  /** Moves a Deal to a stage (the stage rule, ADR 0066). */
  setStage(dealId: string, stage: string): Promise<WriteResult>;
}

export interface SageGateway {
  listChanges(
    module: ModuleName,
    cursor: string | undefined,
    options?: ListChangesOptions,
  ): Promise<ChangePage>;
  /**
   * A pass's change pages from `cursor` on, read ahead `depth` pages by the gateway itself (the
   * feed thread, ADR 0078) instead of one listChanges call after another. Absent: the engine
   * reads ahead with listChanges (PageReader).
   */
  readAhead?(
    module: ModuleName,
    cursor: string | undefined,
    options: ListChangesOptions,
    depth: number,
  ): PageSource;
  listAll(module: ModuleName, pageToken?: string): Promise<RecordPage>;
  /** Records by Sage key; missing keys are absent from the map. */
  get(module: ModuleName, keys: string[]): Promise<Map<string, GatewayRecord>>;
  /**
   * Reserves the key a create will use (GetNextCustomerNo, GetNextSalesOrderNo; contacts derive a
   * code from the name). The engine stores it as an intent before calling `create`.
   */
  nextKey(module: ModuleName, fields: Record<string, unknown>): Promise<string>;
  create(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult>;
  /**
   * `current` is the record as this run has just read it from Sage (the agent, no eBWS call):
   * a gateway whose API updates by get-modify-put merges over it instead of reading the record
   * again (ADR 0076). Without it, the gateway reads what it needs itself.
   */
  update(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
    options?: { current?: GatewayRecord },
  ): Promise<WriteResult>;
  delete(module: ModuleName, key: string): Promise<WriteResult>;
  markInactive(module: ModuleName, key: string): Promise<WriteResult>;
  /**
   * What Sage would reject in these values (lengths under the tenant's profile, valid values),
   * checked before any call so the record is skipped with Sage's own wording. Synchronous and
   * free of I/O: the planner calls it.
   */
  validate?(module: ModuleName, fields: Record<string, unknown>, lines?: LineFields[]): string[];
  /** The longest value a Sage field takes in this installation, for trimming. */
  maxLength?(module: ModuleName, field: string): number | undefined;
  /** The installation's member-length profile, when the gateway was opened with it. */
  readonly lengthProfile?: '2018' | '2023';
}

export interface Gateways {
  sage: SageGateway;
  crm: CrmGateway;
}
