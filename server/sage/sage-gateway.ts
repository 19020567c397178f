import type { Logger } from 'pino';
import type {
  ChangePage,
  GatewayRecord,
  LineFields,
  ListChangesOptions,
  PageSource,
  RecordPage,
  SageGateway,
  WriteResult,
} from '../sync/gateways.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { AgentClient } from './agent-client.js';
import { SALES_ORDER_LINE_MEMBERS } from './contracts.js';
import type { SageEbwsClient } from './ebws-client.js';
import { readChangesPage } from './feed-reader.js';
import type { FeedThread } from './feed-thread/feed-thread.js';
import { readByKeys, toGatewayRecord, withLines } from './sage-agent-reads.js';
import { membersOf, toContract } from './sage-contract-values.js';
import { CONTRACT, ENTITY } from './sage-modules.js';
import { nextSageKey, ReservedKeys } from './sage-next-keys.js';
import { SageWrites } from './sage-writes.js';
import { checkRecord, memberMaxLength } from './validate-record.js';
import type { SageCharset } from './charset.js';

/**
 * The sync engine's SageGateway: writes through eBWS (customers, contacts, sales orders: the only
 * entities it has), reads and change listing through the agent (every entity, one format: Sage's
 * table rows, dates YYYYMMDD), so what the engine hashes after a write is what the feed shows.
 * A facade: where each module lives is `sage-modules.ts`, agent rows become records in
 * `sage-agent-reads.ts`, writes are `sage-writes.ts` (values converted by
 * `sage-contract-values.ts`), reserved keys `sage-next-keys.ts`.
 */

export interface SageGatewayOptions {
  timeZone: string;
  overlapSeconds: number;
  pageSize: number;
  /** The installation's field lengths: '2018' (older, e.g. 30-character names) or '2023'. */
  lengthProfile?: '2018' | '2023';
  /** What Sage's text holds (SAGE_CHARSET): 'windows-1252' (default) or 'unicode'. */
  charset?: SageCharset;
  /** AR division for customers created from Zoho when the mapping sets none. */
  defaultDivision?: string;
  logger: Logger;
  /** The engine's clock, for what Sage dates "today" (an order's default date); real by default. */
  now?: () => Date;
  /** The process's feed thread: change pages are read there, off the engine's loop (ADR 0078). */
  feedThread?: FeedThread;
}

export class EbwsSageGateway implements SageGateway {
  constructor(
    private readonly ebws: SageEbwsClient,
    private readonly agent: AgentClient,
    private readonly options: SageGatewayOptions,
  ) {
    this.writes = new SageWrites(ebws, options.timeZone, options.now);
    // Not awaited: a client that cannot be built fails the first read, which says why.
    options.feedThread?.prepare(agent.connection).catch(() => undefined);
  }

  private readonly writes: SageWrites;
  /** Contact keys this gateway handed out, so two records of a page never get the same one. */
  private readonly reservedKeys = new ReservedKeys();

  validate(module: ModuleName, fields: Record<string, unknown>, lines?: LineFields[]): string[] {
    const entity = CONTRACT[module];
    if (!entity) return [];
    const record = toContract(fields, membersOf(entity));
    if (lines) record.Lines = lines.map((l) => toContract(l, SALES_ORDER_LINE_MEMBERS));
    return checkRecord(entity, record, this.lengthProfile, this.options.charset).map((p) =>
      p.line === undefined ? p.reason : `line ${p.line + 1}: ${p.reason}`,
    );
  }

  get lengthProfile(): '2018' | '2023' {
    return this.options.lengthProfile ?? '2023';
  }

  maxLength(module: ModuleName, field: string): number | undefined {
    const entity = CONTRACT[module];
    return entity ? memberMaxLength(entity, field, this.lengthProfile) : undefined;
  }

  async listChanges(
    module: ModuleName,
    cursor: string | undefined,
    options: ListChangesOptions = {},
  ): Promise<ChangePage> {
    const page = await readChangesPage(
      this.agent,
      ENTITY[module],
      cursor,
      {
        overlapSeconds: this.options.overlapSeconds,
        pageSize: options.limit ?? this.options.pageSize,
        timeZone: this.options.timeZone,
        since: !cursor && options.since ? new Date(options.since) : undefined,
        count: true,
      },
      this.options.logger,
    );
    const records = await this.feedRecords(module, page.changes);
    return {
      records,
      deleted: [],
      nextCursor: page.watermark,
      hasMore: page.hasMore,
      // The feed's count: the run's estimated total, and the read-nothing check.
      ...(page.remaining !== undefined ? { reportedChanges: page.remaining } : {}),
    };
  }

  /** Only with a feed thread: a pass's pages read ahead there, each converted as it arrives. */
  get readAhead():
    | ((
        module: ModuleName,
        cursor: string | undefined,
        options: ListChangesOptions,
        depth: number,
      ) => PageSource)
    | undefined {
    const thread = this.options.feedThread;
    if (!thread) return undefined;
    return (module, cursor, options, depth) =>
      thread.stream(
        {
          agent: this.agent.connection,
          entity: ENTITY[module],
          cursor,
          overlapSeconds: this.options.overlapSeconds,
          pageSize: options.limit ?? this.options.pageSize,
          timeZone: this.options.timeZone,
          since: !cursor && options.since ? new Date(options.since) : undefined,
          depth,
        },
        async (page): Promise<ChangePage> => ({
          records: await this.feedRecords(module, page.changes),
          deleted: [],
          nextCursor: page.watermark,
          hasMore: page.hasMore,
          ...(page.remaining !== undefined ? { reportedChanges: page.remaining } : {}),
        }),
      );
  }

  /** Every record, page by page: the feed read from the start with no overlap. */
  async listAll(module: ModuleName, pageToken?: string): Promise<RecordPage> {
    const page = await readChangesPage(
      this.agent,
      ENTITY[module],
      pageToken,
      { overlapSeconds: 0, pageSize: this.options.pageSize, timeZone: this.options.timeZone },
      this.options.logger,
    );
    const records = await this.feedRecords(module, page.changes);
    return { records, nextPageToken: page.hasMore ? page.watermark : undefined };
  }

  private feedRecords(
    module: ModuleName,
    changes: Awaited<ReturnType<typeof readChangesPage>>['changes'],
  ): Promise<GatewayRecord[]> {
    return withLines(
      this.agent,
      module,
      changes.map((c) => toGatewayRecord(module, c.record, this.options.timeZone, c.updatedAt)),
    );
  }

  get(module: ModuleName, keys: string[]): Promise<Map<string, GatewayRecord>> {
    return readByKeys(this.agent, module, keys, this.options.timeZone);
  }

  nextKey(module: ModuleName, fields: Record<string, unknown>): Promise<string> {
    return nextSageKey(
      this.ebws,
      this.agent,
      module,
      fields,
      this.options.defaultDivision,
      this.reservedKeys,
    );
  }

  create(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult> {
    return this.writes.create(module, key, fields, lines);
  }

  update(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
    options?: { current?: GatewayRecord },
  ): Promise<WriteResult> {
    return this.writes.update(module, key, fields, lines, options);
  }

  delete(module: ModuleName, key: string): Promise<WriteResult> {
    return this.writes.delete(module, key);
  }

  markInactive(module: ModuleName, key: string): Promise<WriteResult> {
    return this.writes.markInactive(module, key);
  }
}
