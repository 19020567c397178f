import type { Logger } from 'pino';
import type { EntityName } from '../../agent/entities.js';
import {
  readFeedPage,
  stampConverter,
  type ChangePagePort,
  type FeedChange,
  type FeedPageOptions,
} from './feed-page.js';
import { parseWatermark, serialiseWatermark } from './feed-watermark.js';

export { FeedOrderError, type ChangePagePort, type FeedChange } from './feed-page.js';

export interface FeedBatch {
  entity: EntityName;
  /** Rows new or changed since the watermark; may be empty when a page held only known rows. */
  changes: FeedChange[];
  /** Rows the agent returned for this page, including those dropped as already delivered. */
  rowsRead: number;
  /** The watermark to store once `changes` are stored; commit() stores it. */
  watermark: string;
  /** Confirms the batch is stored: saves `watermark` (through saveWatermark) and lets the feed read on. */
  commit(): Promise<void>;
}

export interface ReadChangesOptions extends FeedPageOptions {
  /** Persists a watermark; called by FeedBatch.commit(). */
  saveWatermark?: (watermark: string) => Promise<void>;
}

/** Thrown when the next page is pulled before the previous batch was committed. */
export class FeedUncommittedBatchError extends Error {
  constructor(entity: string) {
    super(
      `${entity}: the previous batch was not committed; store it and call commit() before reading on`,
    );
    this.name = 'FeedUncommittedBatchError';
  }
}

/**
 * Reads an entity's changes since `watermark`, page by page, until the agent has no more (see
 * readFeedPage for the watermark rules). Each batch carries the watermark to store; the next page
 * is read only after the caller has stored the batch and called commit().
 */
export async function* readChanges(
  port: ChangePagePort,
  entity: EntityName,
  watermark: string | undefined,
  options: ReadChangesOptions,
  logger: Logger,
): AsyncGenerator<FeedBatch, void, undefined> {
  const state = parseWatermark(watermark);
  const utc = stampConverter(options.timeZone, logger);
  for (;;) {
    const page = await readFeedPage(port, entity, state, options, utc);
    const next = serialiseWatermark(state);
    let committed = false;
    yield {
      entity,
      changes: page.changes,
      rowsRead: page.rowsRead,
      watermark: next,
      commit: async () => {
        await options.saveWatermark?.(next);
        committed = true;
      },
    };
    if (!committed) throw new FeedUncommittedBatchError(entity);
    if (!page.hasMore) return;
  }
}

/**
 * One page for callers that keep the cursor themselves (the engine's SageGateway.listChanges):
 * store `watermark` after the page's changes, then call again with it while `hasMore`.
 */
export async function readChangesPage(
  port: ChangePagePort,
  entity: EntityName,
  watermark: string | undefined,
  options: FeedPageOptions,
  logger: Logger,
): Promise<{
  changes: FeedChange[];
  rowsRead: number;
  hasMore: boolean;
  watermark: string;
  /** Changes left from the watermark, this page's included (options.count, first page of a poll). */
  remaining?: number;
}> {
  const state = parseWatermark(watermark);
  const page = await readFeedPage(
    port,
    entity,
    state,
    options,
    stampConverter(options.timeZone, logger),
  );
  return { ...page, watermark: serialiseWatermark(state) };
}
