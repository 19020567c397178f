import type { Logger } from 'pino';
import { z } from 'zod';
import { ENTITY_KEYS, type EntityName } from '../../agent/entities.js';
import { keyOf } from '../../agent/sage-row.js';
import { AgentClient } from './agent-client.js';
import { FeedWatermarkError } from './feed-watermark.js';
import type { AgentHealth, CreditStatus, SageRecord } from './agent-schemas.js';
import type { FeedChange } from './feed-page.js';
import { readChanges, readChangesPage, type FeedBatch } from './feed-reader.js';

export type { FeedBatch, FeedChange } from './feed-reader.js';
export { FeedWatermarkError } from './feed-watermark.js';
export type { CreditStatus, SageRecord } from './agent-schemas.js';

export interface SageFeedSettings {
  /** Real time re-read before the watermark on every poll (covers lagging clocks). */
  overlapSeconds: number;
  /** Rows per agent call. */
  pageSize: number;
  /** The Sage server's IANA time zone (the tenant's Sage setting). */
  timeZone: string;
}

const listTokenSchema = z.array(z.string());

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The agent's key-lookup limit per call (agent config maxKeysPerCall defaults to 100). */
const KEYS_PER_CALL = 100;

/**
 * The backend's view of a Sage 100 company through the agent: the change feed and the reads
 * eBWS lacks. The sync engine wraps this (behind SageGateway); records keep Sage's column names.
 *
 *   for await (const batch of feed.readChanges('AR_Customer', stored, { saveWatermark })) {
 *     await storeEverything(batch.changes);
 *     await batch.commit(); // saves batch.watermark, then the feed reads on
 *   }
 */
export class SageFeed {
  constructor(
    private readonly agent: AgentClient,
    private readonly settings: SageFeedSettings,
    private readonly logger: Logger,
  ) {}

  /** The agent's host, for messages. */
  get host(): string {
    return this.agent.host;
  }

  readChanges(
    entity: EntityName,
    watermark: string | undefined,
    options: Partial<Pick<SageFeedSettings, 'overlapSeconds' | 'pageSize'>> & {
      saveWatermark?: (watermark: string) => Promise<void>;
    } = {},
  ): AsyncGenerator<FeedBatch, void, undefined> {
    return readChanges(
      this.agent,
      entity,
      watermark,
      {
        overlapSeconds: options.overlapSeconds ?? this.settings.overlapSeconds,
        pageSize: options.pageSize ?? this.settings.pageSize,
        timeZone: this.settings.timeZone,
        saveWatermark: options.saveWatermark,
      },
      this.logger,
    );
  }

  /**
   * One page of changes for callers that keep the cursor themselves: store `watermark` after the
   * page's changes, and call again with it while `hasMore`. Without a watermark the feed starts
   * before the first row, or at `since`.
   */
  readPage(
    entity: EntityName,
    watermark: string | undefined,
    options: { since?: Date; pageSize?: number } = {},
  ): Promise<{ changes: FeedChange[]; rowsRead: number; hasMore: boolean; watermark: string }> {
    return readChangesPage(
      this.agent,
      entity,
      watermark,
      {
        overlapSeconds: this.settings.overlapSeconds,
        pageSize: options.pageSize ?? this.settings.pageSize,
        timeZone: this.settings.timeZone,
        since: options.since,
      },
      this.logger,
    );
  }

  /**
   * Every row of an entity in primary-key order, page by page, for reconciliation, initial loads
   * and finding rows deleted in Sage (keys that no longer appear). Reads by Sage's primary key,
   * so it costs the same however the rows' stamps are spread.
   */
  async listAll(
    entity: EntityName,
    pageToken?: string,
    pageSize = this.settings.pageSize,
  ): Promise<{ records: SageRecord[]; nextPageToken?: string }> {
    let afterKey: string[] | undefined;
    if (pageToken) {
      const parsed = listTokenSchema.safeParse(safeJson(pageToken));
      if (!parsed.success || parsed.data.length !== ENTITY_KEYS[entity].length) {
        throw new FeedWatermarkError('not a listAll page token');
      }
      afterKey = parsed.data;
    }
    const page = await this.agent.listRecords(entity, afterKey, pageSize);
    const last = page.records.at(-1);
    if (!page.hasMore || !last) return { records: page.records };
    return {
      records: page.records,
      nextPageToken: JSON.stringify(keyOf(last, ENTITY_KEYS[entity])),
    };
  }

  /** Rows by key (key parts in the entity's key order), any number of keys; missing keys are left out. */
  async getRecords(entity: EntityName, keys: string[][]): Promise<SageRecord[]> {
    const rows: SageRecord[] = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
      rows.push(...(await this.agent.getRecords(entity, keys.slice(i, i + KEYS_PER_CALL))));
    }
    return rows;
  }

  getCustomerContacts(arDivisionNo: string, customerNo: string): Promise<SageRecord[]> {
    return this.agent.getChildren('CustomerContacts', [arDivisionNo, customerNo]);
  }

  getOpenInvoices(arDivisionNo: string, customerNo: string): Promise<SageRecord[]> {
    return this.agent.getChildren('OpenInvoices', [arDivisionNo, customerNo]);
  }

  getSalesOrderLines(salesOrderNo: string): Promise<SageRecord[]> {
    return this.agent.getChildren('SalesOrderLines', [salesOrderNo]);
  }

  getInvoiceLines(invoiceNo: string, headerSeqNo: string): Promise<SageRecord[]> {
    return this.agent.getChildren('InvoiceLines', [invoiceNo, headerSeqNo]);
  }

  getCreditStatus(arDivisionNo: string, customerNo: string): Promise<CreditStatus> {
    return this.agent.getCreditStatus(arDivisionNo, customerNo);
  }

  health(): Promise<AgentHealth> {
    return this.agent.health();
  }

  close(): void {
    this.agent.close();
  }
}

export interface SageFeedConnection {
  agentUrl: string;
  agentToken: string;
  timeZone: string;
  /** PEM to trust for the agent's HTTPS certificate when it is self-signed. */
  agentCa?: string;
}

/** Builds a tenant's feed from its Sage connection and the backend's feed settings. */
export async function createSageFeed(
  connection: SageFeedConnection,
  config: { overlapSeconds: number; pageSize: number; agentTimeoutMs: number },
  logger: Logger,
): Promise<SageFeed> {
  const agent = await AgentClient.create(
    {
      url: connection.agentUrl,
      token: connection.agentToken,
      timeoutMs: config.agentTimeoutMs,
      ca: connection.agentCa,
    },
    logger,
  );
  return new SageFeed(
    agent,
    {
      overlapSeconds: config.overlapSeconds,
      pageSize: config.pageSize,
      timeZone: connection.timeZone,
    },
    logger.child({ component: 'sage-feed' }),
  );
}
